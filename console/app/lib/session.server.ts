/**
 * Cookie sessions: the cookie holds only the signed person id. httpOnly (no script reads it),
 * sameSite=lax (sent on top-level links from email, never on cross-site posts), Secure outside
 * development and test, signed with CONSOLE_SESSION_SECRET from @pco/config.
 */
import { createCookieSessionStorage, type SessionStorage } from '@remix-run/node';
import type { ConsoleServices } from './services';

export const SESSION_COOKIE = 'pco_console_session';
const EIGHT_HOURS_S = 8 * 60 * 60;

interface SessionData {
  personId: string;
}
interface FlashData {
  notice: string;
}

const storages = new Map<string, SessionStorage<SessionData, FlashData>>();

export function sessionStorage(services: Pick<ConsoleServices, 'config'>): SessionStorage<SessionData, FlashData> {
  const { sessionSecret } = services.config.console;
  const secure = services.config.environment === 'production';
  const key = `${secure}:${sessionSecret}`;
  let storage = storages.get(key);
  if (!storage) {
    storage = createCookieSessionStorage<SessionData, FlashData>({
      cookie: {
        name: SESSION_COOKIE,
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge: EIGHT_HOURS_S,
        secrets: [sessionSecret],
      },
    });
    storages.set(key, storage);
  }
  return storage;
}

export const getSession = (services: ConsoleServices, request: Request) =>
  sessionStorage(services).getSession(request.headers.get('cookie'));
