/**
 * The entry point: connects the store, migrates, builds the gateway and listens.
 * `npm start` (scripts/start.ts) calls startGateway with the loaded @pco/config and the conflict
 * starter hook (it holds the Temporal client; this package does not import the workers).
 * Every started gateway records sync attempts (device_metrics) and delivers the device
 * notification outbox (LISTEN on its own connection).
 */
import { loadConfigOrExit, maskDatabaseUrl, type Config } from '@pco/config';
import { createOrm, forkEm, migrateUp, recordSyncAttempt, type StoreOrm } from '@pco/store';
import type { GatewayConfig } from './config';
import { createGateway, type Gateway, type OnSyncAttempt } from './gateway';
import { createLogger } from './logger';
import type { OnConflicts } from './sync/connection';
import type { OnConflictDecision } from './http/conflict-decision';

export interface StartGatewayOptions {
  port: number;
  databaseUrl: string;
  host?: string;
  poolMax?: number;
  gateway?: Partial<GatewayConfig>;
  onConflicts?: OnConflicts;
  onConflictDecision?: OnConflictDecision;
  /** Defaults to recording the attempt in device_metrics. */
  onSyncAttempt?: OnSyncAttempt;
  /** Safety sweep of the notification outbox (lost NOTIFYs); default in notifications/index.ts. */
  notificationSweepMs?: number;
}

/** The default onSyncAttempt: the monitoring workflow reads device_metrics. */
const recordingSyncAttempts =
  (orm: StoreOrm): OnSyncAttempt =>
  (report) =>
    recordSyncAttempt(forkEm(orm), report);

export interface RunningGateway {
  url: string;
  gateway: Gateway;
  close(): Promise<void>;
}

const isAppConfig = (config: Config | StartGatewayOptions): config is Config => 'database' in config;

function toOptions(config: Config | StartGatewayOptions): StartGatewayOptions {
  if (!isAppConfig(config)) return config;
  if (!config.database.url) throw new Error('startGateway needs a database URL (start the embedded database first)');
  return {
    port: config.gateway.port,
    databaseUrl: config.database.url,
    poolMax: config.database.poolMax,
    gateway: {
      ...config.gateway.limits,
      authChallengeSecret: config.auth.challengeSecret,
      authChallengeTtlMs: config.auth.challengeTtlMs,
    },
  };
}

export async function startGateway(config: Config | StartGatewayOptions): Promise<RunningGateway> {
  const options = toOptions(config);
  const logger = createLogger(options.gateway?.logLevel ?? 'info');
  const orm = await createOrm({ databaseUrl: options.databaseUrl, poolMax: options.poolMax });
  await migrateUp(orm);
  const gateway = createGateway({
    orm,
    now: () => new Date(),
    config: options.gateway,
    logger,
    onConflicts: options.onConflicts,
    onConflictDecision: options.onConflictDecision,
    onSyncAttempt: options.onSyncAttempt ?? recordingSyncAttempts(orm),
    deviceNotifications: { databaseUrl: options.databaseUrl, sweepIntervalMs: options.notificationSweepMs },
  });
  const url = await gateway.listen(options.port, options.host);
  await gateway.notifications?.ready;
  logger.info('gateway listening', { url, database: maskDatabaseUrl(options.databaseUrl) });
  return {
    url,
    gateway,
    async close() {
      await gateway.close();
      await orm.close(true);
    },
  };
}

if (require.main === module) {
  const config = loadConfigOrExit();
  startGateway(config).then(
    (running) => {
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error('gateway failed to start', error);
      process.exit(1);
    },
  );
}
