/** The ping workflow's reading: real rows and the database clock, proving worker → PostgreSQL wiring. */
import type { StoreOrm } from '../orm';
import { forkEm } from '../sql';

export async function readPingRow(orm: StoreOrm): Promise<{ persons: number; databaseTime: Date }> {
  const [row] = await forkEm(orm).execute<Array<{ persons: number; database_time: Date }>>(
    'select count(*)::int as persons, now() as database_time from persons',
  );
  return { persons: row.persons, databaseTime: new Date(row.database_time) };
}

/** Readiness: one round trip to the database (the gateway's /health/ready). */
export async function pingDatabase(orm: StoreOrm): Promise<void> {
  await forkEm(orm).execute('select 1');
}
