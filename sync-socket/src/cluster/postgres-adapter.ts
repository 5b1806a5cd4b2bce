/**
 * Several gateways behind one load balancer: the Socket.IO PostgreSQL adapter relays every
 * broadcast (`events:new` to location rooms, notices to device rooms, disconnects) to the other
 * gateways through LISTEN/NOTIFY on the database they already share, so a device connected to
 * gateway A sees what a device on gateway B uploaded, with no new infrastructure (no Redis).
 * Joins stay local and synchronous; only emits travel.
 */
import { createAdapter } from '@socket.io/postgres-adapter';
import {
  createSocketIoAdapterPool,
  ensureSocketIoAttachmentsTable,
  SOCKET_IO_ATTACHMENTS_TABLE,
  type StoreOrm,
} from '@pco/store';
import type { Logger } from '../logger';
import type { GatewayServer } from '../socket-types';

export type SocketIoAdapterKind = 'memory' | 'postgres';

export interface ClusterAdapter {
  close(): Promise<void>;
}

/** Installs the PostgreSQL adapter on `io` (before it accepts connections). */
export async function attachPostgresAdapter(
  io: GatewayServer,
  deps: { databaseUrl: string; orm: StoreOrm; logger: Logger },
): Promise<ClusterAdapter> {
  await ensureSocketIoAttachmentsTable(deps.orm);
  // The adapter re-LISTENs after a database restart.
  const pool = createSocketIoAdapterPool(deps.databaseUrl, (error) =>
    deps.logger.warn('socket.io adapter pool error', { error }),
  );
  io.adapter(
    createAdapter(pool, {
      tableName: SOCKET_IO_ATTACHMENTS_TABLE,
      errorHandler: (error) => deps.logger.warn('socket.io adapter error', { error }),
    }),
  );
  return {
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}
