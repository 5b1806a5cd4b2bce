/** Sign-out: POST only (a GET link cannot sign anyone out), audited, session destroyed. */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { recordConsoleAudit } from '@pco/store';
import { forkEm, requireActionUser } from '~/lib/auth.server';
import { getSession, sessionStorage } from '~/lib/session.server';

export async function loader() {
  return redirect('/dashboard');
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  await recordConsoleAudit(forkEm(context), { actorId: user.id, action: 'session.sign_out', target: `person:${user.id}`, details: {}, at: context.services.now() });
  const session = await getSession(context.services, request);
  return redirect('/login', { headers: { 'Set-Cookie': await sessionStorage(context.services).destroySession(session) } });
}
