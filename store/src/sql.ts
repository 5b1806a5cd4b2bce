/**
 * Raw SQL on the forked EntityManager's connection, with native $n parameters.
 *
 * Why not em.execute(): MikroORM inlines parameters into the SQL text ('?' placeholders, arrays
 * expanded to lists), which breaks `= any($1::text[])` / unnest bulk writes. Instead we take the
 * pg connection knex holds: inside em.transactional() it is the transaction's own connection
 * (knex's transaction client hands out exactly that one), so every statement stays in the txn.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export type Em = EntityManager;

interface PgConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}
interface KnexClientLike {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

async function withConnection<T>(em: Em, work: (connection: PgConnection) => Promise<T>): Promise<T> {
  const trx = em.getTransactionContext<{ client: KnexClientLike }>();
  if (trx) return work(await trx.client.acquireConnection());
  const client = em.getConnection().getKnex().client as unknown as KnexClientLike;
  const connection = await client.acquireConnection();
  try {
    return await work(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

export async function query<T>(em: Em, sql: string, params: unknown[] = []): Promise<T[]> {
  return withConnection(em, async (c) => (await c.query(sql, params)).rows as T[]);
}

export async function queryOne<T>(em: Em, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const rows = await query<T>(em, sql, params);
  return rows[0];
}

/** A statement without result rows; returns the affected row count. */
export async function run(em: Em, sql: string, params: unknown[] = []): Promise<number> {
  return withConnection(em, async (c) => (await c.query(sql, params)).rowCount ?? 0);
}

/** Runs work in the caller's transaction when there is one, otherwise in a new one. */
export async function inTransaction<T>(em: Em, work: (tem: Em) => Promise<T>): Promise<T> {
  if (em.isInTransaction()) return work(em);
  return em.transactional((tem) => work(tem as Em));
}

export const toIso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

/** A fresh EntityManager for one request or activity: the store disables the global context. */
export const forkEm = (orm: { em: { fork(): unknown } }): Em => orm.em.fork() as Em;
