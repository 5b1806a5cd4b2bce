/** Sign-out: POST only (a GET link cannot sign anyone out), audited, session destroyed. */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { requireActionUser } from '~/lib/auth.server';
import { auditSession } from '~/lib/session-actions.server';
import { getSession, sessionStorage } from '~/lib/session.server';

export async function loader() {
  return redirect('/dashboard');
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  await auditSession(context, user.id, 'session.sign_out');
  const session = await getSession(context.services, request);
  return redirect('/login', {
    headers: { 'Set-Cookie': await sessionStorage(context.services).destroySession(session) },
  });
}
