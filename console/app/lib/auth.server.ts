/**
 * Every loader calls requireUser and every action calls requireActionUser: the role is checked
 * on each request (re-read from persons, so a demoted manager loses access at once), not only at
 * sign-in. Signed-out or no longer allowed ⇒ redirect to the sign-in page; another origin ⇒ 403.
 */
import { redirect, type AppLoadContext } from '@remix-run/node';
import { getConsolePerson, type ConsolePerson, type Em } from '@pco/store';
import { isSameOrigin } from './origin';
import { getSession, sessionStorage } from './session.server';

export type ConsoleUser = ConsolePerson;

export const forkEm = (context: AppLoadContext): Em => context.services.orm.em.fork() as Em;

function signInRedirect(request: Request, headers?: HeadersInit): Response {
  const url = new URL(request.url);
  const next = url.pathname + url.search;
  return redirect(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { headers });
}

export async function currentUser(request: Request, context: AppLoadContext): Promise<ConsoleUser | null> {
  const session = await getSession(context.services, request);
  const personId = session.get('personId');
  if (!personId) return null;
  return getConsolePerson(forkEm(context), personId);
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<ConsoleUser> {
  const session = await getSession(context.services, request);
  const personId = session.get('personId');
  const user = personId ? await getConsolePerson(forkEm(context), personId) : null;
  if (user) return user;
  // A session for someone who may no longer use the console is ended, not kept.
  const headers = personId
    ? { 'Set-Cookie': await sessionStorage(context.services).destroySession(session) }
    : undefined;
  throw signInRedirect(request, headers);
}

export function requireSameOrigin(request: Request, context: AppLoadContext): void {
  if (!isSameOrigin(request.headers, request.url, context.services.config.consoleUrl)) {
    throw new Response('Refused: this form was posted from another site.', { status: 403 });
  }
}

export async function requireActionUser(request: Request, context: AppLoadContext): Promise<ConsoleUser> {
  requireSameOrigin(request, context);
  return requireUser(request, context);
}
