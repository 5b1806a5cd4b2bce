/**
 * `npm start`: the whole system on one machine with no setup beyond Node and Go.
 * Temporal dev server (with UI) → PostgreSQL (DATABASE_URL or the embedded server) → migrations →
 * demo seed (only when empty) → Temporal worker (in-process) + monitoring schedule + conflict
 * sweeper → sync gateway (starts conflict workflows, delivers the device notification outbox).
 * Ctrl-C stops everything in reverse order and exits 0. Safe to run again: state persists under
 * data/ and every step is idempotent.
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfigOrExit, maskDatabaseUrl, type Config } from '@pco/config';
import { createOrm, migrateUp } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { startGateway } from '@pco/sync-socket';
import { conflictStarterHook } from '@pco/workers';
import { mailerFromConfig } from '@pco/workers';
import { connectClient } from '@pco/workers';
import { createWorkerActivities, runWorker } from '@pco/workers';
import { startWorkerServices } from '@pco/workers';
import type { StoreOrm } from '@pco/store';
import type { Client } from '@temporalio/client';
import { startDevMailForStart } from './lib/dev-mail-inbox';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { createLifecycle, type Lifecycle } from './lib/lifecycle';
import { ensureTemporalCli } from './lib/temporal-cli';
import { startTemporalDevServer } from './lib/temporal-dev-server';

const startedAt = Date.now();
/** Synchronous, so the last lines before process.exit() are never lost in a pipe buffer. */
const log = (line: string) => writeSync(1, `[start +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}\n`);

async function startTemporal(config: Config, lifecycle: Lifecycle): Promise<string | undefined> {
  if (!config.temporal.startDevServer) {
    log(`using Temporal at ${config.temporal.address} (TEMPORAL_START_DEV_SERVER=false)`);
    return undefined;
  }
  if (await answers(config.temporal.address)) {
    throw new Error(
      `something already answers on ${config.temporal.address} (an earlier npm start still running?). ` +
        'Stop it, or set TEMPORAL_START_DEV_SERVER=false to use it.',
    );
  }
  const cliPath = ensureTemporalCli(config.repoRoot, config.temporal.cliPath);
  const server = await startTemporalDevServer({
    cliPath,
    address: config.temporal.address,
    namespace: config.temporal.namespace,
    uiPort: config.temporal.uiPort,
    dbFile: config.temporal.dbFile,
    logFile: join(config.repoRoot, 'data/temporal/dev-server.log'),
  });
  lifecycle.onStop('Temporal dev server', server.stop);
  log(`Temporal dev server ready at ${server.address} (pid ${server.pid}, state in ${config.temporal.dbFile})`);
  return server.uiUrl;
}

async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 500 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function startDatabase(config: Config, lifecycle: Lifecycle): Promise<string> {
  if (config.database.url) return config.database.url;
  const embedded = await startEmbeddedPostgres({
    dataDir: config.database.embedded.dir,
    port: config.database.embedded.port,
    log,
  });
  lifecycle.onStop('embedded PostgreSQL', embedded.stop);
  log(
    `embedded ${embedded.version} on port ${config.database.embedded.port} (pid ${embedded.pid}), ` +
      `${embedded.initialised ? 'initialised' : 'data'} in ${embedded.dataDir}, log in ${config.database.embedded.dir}.log`,
  );
  return embedded.url;
}

interface StartedWorker {
  orm: StoreOrm;
  client: Client;
}

async function startWorker(config: Config, databaseUrl: string, lifecycle: Lifecycle): Promise<StartedWorker> {
  const orm = await createOrm({ databaseUrl, poolMax: config.database.poolMax });
  lifecycle.onStop('worker database pool', () => orm.close(true));
  const applied = await migrateUp(orm);
  log(applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
  const { seeded } = await seedDemoData(orm, new Date());
  log(seeded ? 'seeded demo data into the empty database' : 'database already has data: seed skipped');

  const mailer = mailerFromConfig(config.mail);
  lifecycle.onStop('SMTP mailer', async () => mailer.close());
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  lifecycle.onStop('worker Temporal connection', () => connection.close());
  const activities = createWorkerActivities({ orm, now: () => new Date(), mailer, consoleUrl: config.consoleUrl });
  const worker = await runWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    activities,
  });
  lifecycle.onStop('Temporal worker', worker.stop);
  worker.done.catch((error: unknown) => {
    console.error('Temporal worker crashed:', error);
    void shutdown(lifecycle, 1);
  });
  log(
    `worker polling task queue "${config.taskQueue}" with ${Object.keys(activities).length} activities: ${Object.keys(activities).sort().join(', ')}`,
  );

  const temporal = await connectClient(config.temporal);
  lifecycle.onStop('Temporal client', temporal.close);
  const services = await startWorkerServices({ client: temporal.client, orm, taskQueue: config.taskQueue, log });
  lifecycle.onStop('conflict sweeper', services.stop);
  return { orm, client: temporal.client };
}

async function shutdown(lifecycle: Lifecycle, exitCode: number): Promise<never> {
  const clean = await lifecycle.stopAll();
  process.exit(clean ? exitCode : exitCode || 1);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const lifecycle = createLifecycle(log);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      log(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    interrupted = true;
    log(`${signal} received, stopping`);
    void shutdown(lifecycle, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const uiUrl = await startTemporal(config, lifecycle);
    const databaseUrl = await startDatabase(config, lifecycle);
    await startDevMailForStart(config, lifecycle, log); // catch-all inbox when SMTP_HOST is local
    const worker = await startWorker(config, databaseUrl, lifecycle);
    const gateway = await startGateway({
      port: config.gateway.port,
      databaseUrl,
      poolMax: config.database.poolMax,
      gateway: {
        ...config.gateway.limits,
        authChallengeSecret: config.auth.challengeSecret,
        authChallengeTtlMs: config.auth.challengeTtlMs,
      },
      // Starts each new conflict's workflow at once; the sweeper catches any this misses.
      onConflicts: conflictStarterHook(worker.client, worker.orm, { taskQueue: config.taskQueue }),
    });
    lifecycle.onStop('gateway', gateway.close);
    if (interrupted) return;
    printUrls(config, { uiUrl, databaseUrl, gatewayUrl: gateway.url });
  } catch (error) {
    log(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await shutdown(lifecycle, 1);
  }
}

function printUrls(config: Config, urls: { uiUrl?: string; databaseUrl: string; gatewayUrl: string }): void {
  const lines = [
    `Temporal UI   ${urls.uiUrl ?? '(external server, no dev UI)'}`,
    `Temporal      ${config.temporal.address} namespace "${config.temporal.namespace}" task queue "${config.taskQueue}"`,
    `Gateway       ${urls.gatewayUrl}`,
    `PostgreSQL    ${maskDatabaseUrl(urls.databaseUrl)}`,
  ];
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — Ctrl-C stops everything\n  ${lines.join('\n  ')}`);
}

void main();
