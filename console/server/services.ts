/**
 * Builds what every console loader and action receives: its own ORM pool (small: the console
 * reads pages, it does not bulk-write) and a Temporal client. `npm start` and server/main.ts
 * both call this; nothing is a module-level singleton, so tests point it at their own services.
 */
import { Client, Connection } from '@temporalio/client';
import { requireConsoleSessionSecret, type Config } from '@pco/config';
import { createOrm } from '@pco/store';
import type { ConsoleServices } from '../app/lib/services';

export const CONSOLE_POOL_MAX = 4;

export interface OwnedConsoleServices extends ConsoleServices {
  close(): Promise<void>;
}

export async function createConsoleServices(config: Config, databaseUrl: string): Promise<OwnedConsoleServices> {
  requireConsoleSessionSecret(config);
  const orm = await createOrm({ databaseUrl, poolMax: Math.min(CONSOLE_POOL_MAX, config.database.poolMax) });
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: config.temporal.address });
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return {
    config,
    orm,
    temporal: new Client({ connection, namespace: config.temporal.namespace }),
    now: () => new Date(),
    temporalUiUrl: `http://localhost:${config.temporal.uiPort}`,
    async close() {
      await connection.close();
      await orm.close(true);
    },
  };
}
