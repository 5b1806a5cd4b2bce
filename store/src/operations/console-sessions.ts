/**
 * Server-side console sessions (see Migration20261130020000_console_sessions for why). The
 * browser holds a random 256-bit token; the table holds its sha256, so a copy of the table signs
 * nobody in. A session is valid until its expiry; ending it (sign-out) deletes its row, after
 * which the same cookie, wherever it was copied, is worth nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { query, run, type Em } from '../sql';

export type ConsoleSessionData = Record<string, unknown>;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');
/** Tokens are 43 base64url characters; anything else in a cookie cannot be one (and is not looked up). */
const looksLikeToken = (token: unknown): token is string =>
  typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

/** Starts a session and returns the token for the cookie; drops sessions that have expired. */
export async function createConsoleSession(
  em: Em,
  input: { data: ConsoleSessionData; expiresAt: Date; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await run(em, 'delete from console_sessions where expires_at <= $1', [input.now]);
  await run(
    em,
    'insert into console_sessions (token_hash, data, created_at, expires_at) values ($1, $2::jsonb, $3, $4)',
    [hashOf(token), JSON.stringify(input.data), input.now, input.expiresAt],
  );
  return token;
}

/** The session's data, or null when there is no such unexpired session. */
export async function readConsoleSession(em: Em, token: unknown, now: Date): Promise<ConsoleSessionData | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await query<{ data: ConsoleSessionData }>(
    em,
    'select data from console_sessions where token_hash = $1 and expires_at > $2',
    [hashOf(token), now],
  );
  return row?.data ?? null;
}

/** Replaces the session's data (flash messages, a new expiry); a session that was ended stays ended. */
export async function updateConsoleSession(
  em: Em,
  token: unknown,
  input: { data: ConsoleSessionData; expiresAt: Date },
): Promise<void> {
  if (!looksLikeToken(token)) return;
  await run(em, 'update console_sessions set data = $2::jsonb, expires_at = $3 where token_hash = $1', [
    hashOf(token),
    JSON.stringify(input.data),
    input.expiresAt,
  ]);
}

/** Ends the session: its token no longer signs anyone in. */
export async function endConsoleSession(em: Em, token: unknown): Promise<void> {
  if (!looksLikeToken(token)) return;
  await run(em, 'delete from console_sessions where token_hash = $1', [hashOf(token)]);
}
