/**
 * The table the Socket.IO PostgreSQL adapter (gateways in a cluster) stores broadcasts too large
 * for a NOTIFY payload (8,000 bytes) in. It belongs to the adapter, not to the inventory schema,
 * so it lives in its own PostgreSQL schema (the entities describe `public` only) and is created
 * by the gateway that turns the adapter on, idempotently, instead of by a migration.
 */
import { Pool, type PoolClient } from 'pg';
import type { StoreOrm } from '../../orm';
import { forkEm } from '../../sql';

export const SOCKET_IO_ATTACHMENTS_TABLE = 'socket_io.attachments';

export async function ensureSocketIoAttachmentsTable(orm: StoreOrm): Promise<void> {
  const em = forkEm(orm);
  await em.execute('create schema if not exists socket_io');
  await em.execute(
    `create table if not exists ${SOCKET_IO_ATTACHMENTS_TABLE} (
       id bigserial primary key,
       created_at timestamptz default now(),
       payload bytea
     )`,
  );
}

/**
 * The adapter's own small pool: one connection LISTENs, the others send NOTIFYs and attachments.
 * The adapter keeps its LISTEN client checked out and listens only for its 'end' (then it
 * reconnects); a checked-out pg client with no 'error' listener crashes the process when the
 * server goes away (PostgreSQL restart: "terminating connection due to administrator command" —
 * found by `npm run chaos`). Every client therefore gets an error listener as it connects, and
 * the dead LISTEN client (the one with 'notification' listeners, which the adapter never releases)
 * is released with the error so the pool drops it instead of counting it forever: otherwise each
 * database restart would leak one of the pool's slots until the adapter could not LISTEN at all.
 */
export function createSocketIoAdapterPool(databaseUrl: string, onError: (error: Error) => void): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 3 });
  pool.on('error', onError);
  pool.on('connect', (client: PoolClient) => {
    client.on('error', (error) => {
      onError(error);
      if (client.listenerCount('notification') === 0) return;
      try {
        client.release(error);
      } catch {
        // already released
      }
    });
  });
  return pool;
}
