/**
 * PostgreSQL without installing PostgreSQL: PGlite (PostgreSQL 18 compiled to WebAssembly) with
 * a persistent data folder, served on a TCP port by pglite-socket, so MikroORM and psql connect
 * to it like any server. Used by `npm start` when DATABASE_URL is unset.
 *
 * Limits (see /work/shared/NOTES.md): connections beyond `maxConnections` are reset, not queued,
 * so every client pool together must stay within it; transactions are serialised across
 * connections.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  maxConnections: number;
  host?: string;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: options.maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new Error(`embedded PostgreSQL could not listen on ${host}:${options.port}: ${String(error)}`);
  }
  return {
    url: `postgres://postgres:postgres@${host}:${options.port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
