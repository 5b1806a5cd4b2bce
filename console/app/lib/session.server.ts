/**
 * Sessions kept on the server (console_sessions): the cookie holds only a random token, signed
 * with CONSOLE_SESSION_SECRET from @pco/config; the row holds the person id and flash data. So
 * signing out ends the session everywhere: a copy of the cookie taken before is refused after.
 * httpOnly (no script reads it), sameSite=lax (sent on top-level links from email, never on
 * cross-site posts), Secure outside development and test, eight hours at most.
 */
import { createCookie, createSessionStorage, type SessionStorage } from '@remix-run/node';
import { createConsoleSession, endConsoleSession, readConsoleSession, updateConsoleSession, type Em } from '@pco/store';
import type { ConsoleServices } from './services';

export const SESSION_COOKIE = 'pco_console_session';
const EIGHT_HOURS_S = 8 * 60 * 60;

interface SessionData {
  personId: string;
}
interface FlashData {
  notice: string;
}

const storages = new WeakMap<Pick<ConsoleServices, 'config' | 'orm' | 'now'>, SessionStorage<SessionData, FlashData>>();

export function sessionStorage(
  services: Pick<ConsoleServices, 'config' | 'orm' | 'now'>,
): SessionStorage<SessionData, FlashData> {
  let storage = storages.get(services);
  if (storage) return storage;
  const { sessionSecret } = services.config.console;
  const em = () => services.orm.em.fork() as Em;
  const expiry = (expires: Date | undefined) => expires ?? new Date(services.now().getTime() + EIGHT_HOURS_S * 1000);
  storage = createSessionStorage<SessionData, FlashData>({
    cookie: createCookie(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'lax',
      secure: services.config.environment === 'production',
      path: '/',
      maxAge: EIGHT_HOURS_S,
      secrets: [sessionSecret],
    }),
    createData: (data, expires) =>
      createConsoleSession(em(), { data, expiresAt: expiry(expires), now: services.now() }),
    readData: (token) => readConsoleSession(em(), token, services.now()),
    updateData: (token, data, expires) => updateConsoleSession(em(), token, { data, expiresAt: expiry(expires) }),
    deleteData: (token) => endConsoleSession(em(), token),
  });
  storages.set(services, storage);
  return storage;
}

export const getSession = (services: ConsoleServices, request: Request) =>
  sessionStorage(services).getSession(request.headers.get('cookie'));
