/**
 * globalSetup of the `int` project: real services or a loud failure, never a silent skip.
 * - PostgreSQL at TEST_DATABASE_URL must answer (integration tests create databases on it).
 * - Temporal: TEMPORAL_TEST_ADDRESS if given, else ONE headless in-memory dev server shared by
 *   every test file. Its address is exported as process.env.TEMPORAL_TEST_ADDRESS, which Jest's
 *   test worker processes inherit.
 */
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { loadConfig, maskDatabaseUrl } from '@pco/config';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { startTemporalDevServer } from '../scripts/lib/temporal-dev-server';
import { setSharedDevServer } from './shared-state';
import { dropStaleTestDatabases } from '@pco/store/test-support';

/** `pg` ships no types and @types/pg is not installed: the two calls used here, typed locally. */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
const { Client } = require('pg') as {
  Client: new (options: { connectionString: string; connectionTimeoutMillis: number }) => PgClient;
};

export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  await requirePostgres(config.test.databaseUrl);
  await dropLeftoverTestDatabases(config.test.databaseUrl);
  if (config.test.temporalAddress) {
    await requireTemporal(config.test.temporalAddress);
    return;
  }
  const started = Date.now();
  const port = (await isPortFree(config.test.temporalPort)) ? config.test.temporalPort : await freePort();
  const server = await startTemporalDevServer({
    cliPath: ensureTemporalCli(config.repoRoot, config.temporal.cliPath),
    address: `127.0.0.1:${port}`,
    namespace: config.temporal.namespace,
    logFile: `${config.repoRoot}/data/test-logs/temporal-${port}.log`,
  });
  setSharedDevServer(server);
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  console.log(`\n[int] Temporal dev server at ${server.address} (ready in ${Date.now() - started} ms)`);
}

async function requirePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `Integration tests need PostgreSQL at TEST_DATABASE_URL=${maskDatabaseUrl(url)} and it did not answer ` +
        `(${String(error)}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A killed run leaves its fresh databases behind: drop those over 2 h old that nobody uses. */
async function dropLeftoverTestDatabases(serverUrl: string): Promise<void> {
  const { dropped, failed } = await dropStaleTestDatabases({ serverUrl });
  if (dropped.length > 0)
    console.log(`\n[int] dropped ${dropped.length} stale test database(s) older than 2 h: ${dropped.join(', ')}`);
  if (failed.length > 0) console.log(`\n[int] could not drop (in use again?): ${failed.join(', ')}`);
}

async function requireTemporal(address: string): Promise<void> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 3_000 });
    await connection.close();
  } catch (error) {
    throw new Error(`TEMPORAL_TEST_ADDRESS=${address} does not answer: ${String(error)}`);
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Another engineer's run may hold TEMPORAL_TEST_PORT: then take any free port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });
}
