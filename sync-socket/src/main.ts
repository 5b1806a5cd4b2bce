/**
 * The entry point: connects the store, migrates, builds the gateway and listens.
 * `npm start` (scripts/start.ts) calls startGateway with the loaded @pco/config.
 */
import { loadConfigOrExit, maskDatabaseUrl, type Config } from '@pco/config';
import { createOrm, migrateUp } from '@pco/store';
import type { GatewayConfig } from './config';
import { createGateway, type Gateway } from './gateway';
import { createLogger } from './logger';
import type { OnConflicts } from './sync/connection';

export interface StartGatewayOptions {
  port: number;
  databaseUrl: string;
  host?: string;
  poolMax?: number;
  gateway?: Partial<GatewayConfig>;
  onConflicts?: OnConflicts;
}

export interface RunningGateway {
  url: string;
  gateway: Gateway;
  close(): Promise<void>;
}

const isAppConfig = (config: Config | StartGatewayOptions): config is Config => 'database' in config;

function toOptions(config: Config | StartGatewayOptions): StartGatewayOptions {
  if (!isAppConfig(config)) return config;
  if (!config.database.url) throw new Error('startGateway needs a database URL (start the embedded database first)');
  return { port: config.gateway.port, databaseUrl: config.database.url, poolMax: config.database.poolMax };
}

export async function startGateway(config: Config | StartGatewayOptions): Promise<RunningGateway> {
  const options = toOptions(config);
  const logger = createLogger(options.gateway?.logLevel ?? 'info');
  const orm = await createOrm({ databaseUrl: options.databaseUrl, poolMax: options.poolMax });
  await migrateUp(orm);
  const gateway = createGateway({ orm, now: () => new Date(), config: options.gateway, onConflicts: options.onConflicts, logger });
  const url = await gateway.listen(options.port, options.host);
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
