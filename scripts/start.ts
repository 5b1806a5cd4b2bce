/**
 * `npm start`: the whole system on one machine with no setup beyond Node and Go.
 * Temporal dev server (with UI) → PostgreSQL (DATABASE_URL or the embedded server) → migrations →
 * demo seed (only when empty) → Temporal worker (in-process) + monitoring schedule + conflict
 * sweeper → sync gateway (starts conflict workflows, delivers the device notification outbox) →
 * the technicians' PWA (built with Vite, served on FIELD_APP_PORT) → the managers' console (Remix
 * through Vite, at CONSOLE_URL's port; demo sign-ins in development).
 * Ctrl-C stops everything in reverse order and exits 0. Safe to run again: state persists under
 * data/ and every step is idempotent.
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfigOrExit, maskDatabaseUrl, type Config } from '@pco/config';
import { createOrm, migrateUp } from '@pco/store';
import { seedDemoConsoleSignIns, seedDemoData } from '@pco/store/demo';
import { startGateway } from '@pco/sync-socket';
import { conflictDecisionHook, conflictStarterHook } from '@pco/workers';
import { mailerFromConfig } from '@pco/workers';
import { connectClient } from '@pco/workers';
import { createWorkerActivities, runWorker } from '@pco/workers';
import { startWorkerServices } from '@pco/workers';
import type { StoreOrm } from '@pco/store';
import type { Client } from '@temporalio/client';
import { createConsoleServices, startConsoleServer } from '@pco/console/server';
import { startDevMailForStart } from './lib/dev-mail-inbox';
import { buildFieldApp, fieldAppOrigins, serveFieldApp } from './lib/field-app';
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
  /** Demo console sign-ins (development only), printed with the URLs. */
  signIns: Array<{ email: string; password: string; role: string }>;
}

async function startWorker(config: Config, databaseUrl: string, lifecycle: Lifecycle): Promise<StartedWorker> {
  const orm = await createOrm({ databaseUrl, poolMax: config.database.poolMax });
  lifecycle.onStop('worker database pool', () => orm.close(true));
  const applied = await migrateUp(orm);
  log(applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
  const { seeded } = await seedDemoData(orm, new Date());
  log(seeded ? 'seeded demo data into the empty database' : 'database already has data: seed skipped');
  // Known passwords are for a developer's machine only: never set in test or production.
  const signIns = config.environment === 'development' ? await seedDemoConsoleSignIns(orm, new Date()) : [];

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
  return { orm, client: temporal.client, signIns };
}

/** Builds the PWA (a few seconds) on every start, so the served app always matches the code. */
async function startFieldApp(config: Config, gatewayUrl: string, lifecycle: Lifecycle): Promise<string> {
  const ms = await buildFieldApp(config.repoRoot);
  log(`built the field app in ${(ms / 1000).toFixed(1)} s`);
  const app = await serveFieldApp({
    port: config.fieldApp.port,
    host: '0.0.0.0',
    gatewayUrl: gatewayUrl.replace('127.0.0.1', 'localhost'),
  });
  lifecycle.onStop('field app server', app.close);
  return app.url;
}

async function shutdown(lifecycle: Lifecycle, exitCode: number): Promise<never> {
  const clean = await lifecycle.stopAll();
  process.exit(clean ? exitCode : exitCode || 1);
}

/**
 * `npm start -- --verbose` keeps the Temporal SDK's INFO log (the workflow bundler's module listing,
 * worker state changes). By default only its warnings and errors show, so the start reads as a
 * short list of steps ending in one block of URLs. Must run before any Temporal connection exists.
 */
function quietTemporalUnlessVerbose(): void {
  if (process.argv.includes('--verbose')) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

async function main(): Promise<void> {
  quietTemporalUnlessVerbose();
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
        // The field app is served from another origin than the gateway.
        corsOrigins: fieldAppOrigins(config.fieldApp.port),
      },
      // Starts each new conflict's workflow at once; the sweeper catches any this misses.
      onConflicts: conflictStarterHook(worker.client, worker.orm, { taskQueue: config.taskQueue }),
      onConflictDecision: conflictDecisionHook(worker.client),
    });
    lifecycle.onStop('gateway', gateway.close);
    const fieldAppUrl = await startFieldApp(config, gateway.url, lifecycle);
    if (interrupted) return;
    const consoleUrl = await startConsole(config, databaseUrl, lifecycle);
    if (interrupted) return;
    printUrls(config, { uiUrl, databaseUrl, gatewayUrl: gateway.url, fieldAppUrl, consoleUrl }, worker.signIns);
  } catch (error) {
    log(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await shutdown(lifecycle, 1);
  }
}

/** The console in this process: Vite compiles its routes on demand (development), so no build step. */
async function startConsole(config: Config, databaseUrl: string, lifecycle: Lifecycle): Promise<string> {
  const services = await createConsoleServices(config, databaseUrl);
  lifecycle.onStop('console services', services.close);
  const running = await startConsoleServer({
    services,
    port: config.console.port,
    host: new URL(config.consoleUrl).hostname,
    mode: 'vite',
  });
  lifecycle.onStop('console', running.close);
  return config.consoleUrl;
}

function printUrls(
  config: Config,
  urls: { uiUrl?: string; databaseUrl: string; gatewayUrl: string; fieldAppUrl: string; consoleUrl: string },
  signIns: StartedWorker['signIns'],
): void {
  const lines = [
    `Console       ${urls.consoleUrl}`,
    ...signIns.map((s) => `  sign in as ${s.role.padEnd(8)} ${s.email} / ${s.password}   (demo, development only)`),
    `Field app     ${urls.fieldAppUrl}  (technicians' PWA: enrol a phone with a one-time code from the console's Devices page or npm run ops:enrol)`,
    `Temporal UI   ${urls.uiUrl ?? '(external server, no dev UI)'}`,
    `Temporal      ${config.temporal.address} namespace "${config.temporal.namespace}" task queue "${config.taskQueue}"`,
    `Gateway       ${urls.gatewayUrl}`,
    `PostgreSQL    ${maskDatabaseUrl(urls.databaseUrl)}`,
  ];
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — Ctrl-C stops everything\n  ${lines.join('\n  ')}`);
}

void main();
