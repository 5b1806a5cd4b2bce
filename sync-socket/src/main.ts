/**
 * The entry point: connects the store, migrates, builds the gateway and listens.
 * `npm start` (scripts/start.ts) calls startGateway with the loaded @pco/config and the conflict
 * starter hook (it holds the Temporal client; this package does not import the workers).
 * Every started gateway records sync attempts (device_metrics, in batches) and delivers the device
 * notification outbox (LISTEN on its own connection).
 */
import { loadConfigOrExit, maskDatabaseUrl, type Config } from '@pco/config';
import { createOrm, forkEm, migrateUp, recordSyncAttempts } from '@pco/store';
import type { GatewayConfig } from './config';
import { attachPostgresAdapter, type ClusterAdapter, type SocketIoAdapterKind } from './cluster/postgres-adapter';
import { createGateway, type Gateway, type OnSyncAttempt } from './gateway';
import { createLogger } from './logger';
import { createSyncAttemptBatcher } from './metrics/sync-attempt-batcher';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server';
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
  /** 'postgres' ⇒ broadcasts reach devices on every gateway sharing the database (a cluster). Default 'memory'. */
  adapter?: SocketIoAdapterKind;
  /** Serves GET /metrics (Prometheus) on this port; undefined ⇒ no metrics server. */
  metricsPort?: number;
  /** Label `instance` of this gateway's series (several gateways per machine). */
  instanceName?: string;
}

export interface RunningGateway {
  url: string;
  gateway: Gateway;
  metrics: GatewayMetrics;
  /** The /metrics URL, when metricsPort was given. */
  metricsUrl?: string;
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
    adapter: config.gateway.adapter,
    metricsPort: config.metricsPort,
    instanceName: config.instanceName,
    host: config.listenHost,
  };
}

export async function startGateway(config: Config | StartGatewayOptions): Promise<RunningGateway> {
  const options = toOptions(config);
  const logger = createLogger(options.gateway?.logLevel ?? 'info');
  const orm = await createOrm({ databaseUrl: options.databaseUrl, poolMax: options.poolMax });
  await migrateUp(orm);
  // The default onSyncAttempt: batched into device_metrics / sync_attempts (the monitoring workflow and console read them).
  const attempts = options.onSyncAttempt
    ? null
    : createSyncAttemptBatcher((reports) => recordSyncAttempts(forkEm(orm), reports), logger);
  const gateway = createGateway({
    orm,
    now: () => new Date(),
    config: options.gateway,
    logger,
    onConflicts: options.onConflicts,
    onConflictDecision: options.onConflictDecision,
    onSyncAttempt: options.onSyncAttempt ?? ((report) => attempts?.record(report)),
    deviceNotifications: { databaseUrl: options.databaseUrl, sweepIntervalMs: options.notificationSweepMs },
  });
  const cluster: ClusterAdapter | null =
    options.adapter === 'postgres'
      ? await attachPostgresAdapter(gateway.io, { databaseUrl: options.databaseUrl, orm, logger })
      : null;
  const metrics = createGatewayMetrics(orm, options.instanceName ? { instance: options.instanceName } : {});
  gateway.io.on('connection', (socket) => metrics.instrument(socket));
  const metricsServer: MetricsServer | null =
    options.metricsPort !== undefined
      ? await startMetricsServer(metrics.registry, options.metricsPort, options.host)
      : null;
  const url = await gateway.listen(options.port, options.host);
  await gateway.notifications?.ready;
  logger.info('gateway listening', {
    url,
    database: maskDatabaseUrl(options.databaseUrl),
    adapter: options.adapter ?? 'memory',
    metrics: metricsServer?.url ?? 'off',
  });
  return {
    url,
    gateway,
    metrics,
    metricsUrl: metricsServer?.url,
    async close() {
      await metricsServer?.close();
      await gateway.close();
      await attempts?.close();
      await cluster?.close();
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
