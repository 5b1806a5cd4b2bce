/**
 * A throw-away PostgreSQL database per test file: created on TEST_DATABASE_URL's server,
 * migrated with the committed migrations, dropped (forcefully) by drop().
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_TEST_DATABASE_URL } from '../src/config';
import { createOrm, migrateUp, type StoreOrm } from '../src/orm';
import { testDatabaseName } from './stale-databases';

export interface FreshDatabase {
  orm: StoreOrm;
  databaseUrl: string;
  drop(): Promise<void>;
}

const serverUrl = (): string => process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;

/** One statement on the maintenance database (through the ORM, so no extra driver typings). */
async function onServer(statement: string): Promise<void> {
  const admin = await createOrm({ databaseUrl: serverUrl(), poolMax: 1 });
  try {
    await admin.em.fork().execute(statement);
  } finally {
    await admin.close(true);
  }
}

/** `migrate: false` leaves it empty (no tables), e.g. as the target of a restore. */
export async function freshDatabase(options: { poolMax?: number; migrate?: boolean } = {}): Promise<FreshDatabase> {
  // The creation time in the name lets jest/global-setup drop what a killed run left (stale-databases.ts).
  const name = testDatabaseName(new Date(), process.pid, randomBytes(5).toString('hex'));
  await onServer(`create database "${name}"`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const orm = await createOrm({ databaseUrl, poolMax: options.poolMax ?? 5 });
  if (options.migrate !== false) await migrateUp(orm);
  let dropped = false;
  return {
    orm,
    databaseUrl,
    async drop() {
      if (dropped) return;
      dropped = true;
      await orm.close(true);
      await onServer(`drop database if exists "${name}" with (force)`);
    },
  };
}
