/**
 * The table the Socket.IO PostgreSQL adapter (gateways in a cluster) stores broadcasts too large
 * for a NOTIFY payload (8,000 bytes) in. It belongs to the adapter, not to the inventory schema,
 * so it lives in its own PostgreSQL schema (the entities describe `public` only) and is created
 * by the gateway that turns the adapter on, idempotently, instead of by a migration.
 */
import { Pool } from 'pg';
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

/** The adapter's own small pool: one connection LISTENs, the others send NOTIFYs and attachments. */
export function createSocketIoAdapterPool(databaseUrl: string, onError: (error: Error) => void): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 3 });
  pool.on('error', onError);
  return pool;
}
