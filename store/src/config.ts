/** Store configuration: the one place for database defaults and chain constants. */

/**
 * Default connection for the CLIs when DATABASE_URL is unset: the embedded PostgreSQL that
 * `npm start` runs with its defaults (scripts/lib/embedded-postgres/), so `npm run db:*` and
 * `npm run ops:*` reach the same data as the running system. The embedded server uses this URL's
 * user and password for its superuser.
 */
export const embeddedDatabaseUrl = (port: string | number = 5488): string =>
  `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

/** Server that integration tests create their throw-away databases on. */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Hash that precedes the first event of the log (position 0). */
export const GENESIS_HASH = '0'.repeat(64);

/** Default connection pool size per process. */
export const DEFAULT_POOL_MAX = 10;

export interface StoreConfig {
  databaseUrl: string;
  poolMax?: number;
  debug?: boolean;
}

export const databaseUrlFromEnv = (env: NodeJS.ProcessEnv = process.env): string =>
  env.DATABASE_URL ?? embeddedDatabaseUrl(env.EMBEDDED_PG_PORT);
