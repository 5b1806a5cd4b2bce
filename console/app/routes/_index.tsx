import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/lib/auth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return redirect('/dashboard');
}
