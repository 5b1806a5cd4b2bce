/**
 * What NODE_ENV=production refuses (exit 78 through loadConfigOrExit): every secret whose value
 * is public (a development default printed in this repository, or one of the usual default
 * passwords), shorter than MIN_PRODUCTION_SECRET_LENGTH, or left unset where unset means "use the
 * development default". One list, so a new secret is added in one place: add its variable here.
 *
 * No Node built-ins (this module is importable from workflow code, like the rest of @pco/config).
 */
import type { Env } from './parse';

/** A production secret must be at least this long (and not a development value). */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

export interface ProductionSecret {
  name: string;
  /** The value used when the variable is unset in development; public, hence refused in production. */
  developmentValue?: string;
  /** Unset in production is refused (the process would otherwise run on the development value). */
  required: boolean;
}

export const DEVELOPMENT_CHALLENGE_SECRET = 'development-only-challenge-secret-do-not-use-in-production';
/** The console's cookie key in development. */
export const DEV_CONSOLE_SESSION_SECRET = 'dev-only-console-session-secret-change-me';

export const PRODUCTION_SECRETS: readonly ProductionSecret[] = [
  { name: 'AUTH_CHALLENGE_SECRET', developmentValue: DEVELOPMENT_CHALLENGE_SECRET, required: true },
  // The console's cookie key (console/). Required in every process, so one environment file serves
  // the gateway, the worker and the console alike.
  { name: 'CONSOLE_SESSION_SECRET', developmentValue: DEV_CONSOLE_SESSION_SECRET, required: true },
];

/**
 * Passwords nobody may run production with: the embedded server's (`postgres`), the demo
 * accounts' and the usual defaults. The console checks its demo passwords against this list too.
 */
export const DEFAULT_PASSWORDS: readonly string[] = [
  'postgres',
  'password',
  'admin',
  'changeme',
  'secret',
  'demo',
  'letmein',
  '123456',
];

const publicValues = (): Set<string> =>
  new Set([
    ...PRODUCTION_SECRETS.flatMap((s) => (s.developmentValue ? [s.developmentValue] : [])),
    ...DEFAULT_PASSWORDS,
  ]);

/** Every problem with the secrets of `env` when it runs in production (none otherwise). */
export function productionSecretProblems(env: Env): string[] {
  if (env.NODE_ENV?.trim() !== 'production') return [];
  const problems: string[] = [];
  const known = publicValues();
  for (const secret of PRODUCTION_SECRETS) {
    const value = env[secret.name]?.trim();
    if (!value) {
      if (secret.required)
        problems.push(`${secret.name} must be set when NODE_ENV=production (the development value is public)`);
      continue;
    }
    if (known.has(value) || value.length < MIN_PRODUCTION_SECRET_LENGTH) {
      problems.push(
        `${secret.name} must be a secret of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters, not a development or default value, when NODE_ENV=production`,
      );
    }
  }
  problems.push(...databasePasswordProblems(env.DATABASE_URL?.trim()));
  return problems;
}

/** The embedded server (DATABASE_URL unset) has a public password; so do the usual defaults. */
function databasePasswordProblems(url: string | undefined): string[] {
  if (!url) return ["DATABASE_URL must be set when NODE_ENV=production (the embedded server's password is public)"];
  let user: string;
  let password: string;
  try {
    const parsed = new URL(url);
    [user, password] = [decodeURIComponent(parsed.username), decodeURIComponent(parsed.password)];
  } catch {
    return []; // The URL reader reports a malformed URL already.
  }
  // No password at all is fine (peer, certificate or .pgpass authentication).
  const isDefault = password !== '' && (DEFAULT_PASSWORDS.includes(password.toLowerCase()) || password === user);
  return isDefault
    ? ['DATABASE_URL uses a default password (a common one, or the user name); set a real one when NODE_ENV=production']
    : [];
}
