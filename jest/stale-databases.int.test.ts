/**
 * Stale test databases (store/test-support/stale-databases.ts) on the real test PostgreSQL:
 * a database named as created 3 h ago is dropped; one of this minute, and an old one somebody
 * is connected to, are kept.
 */
import { createOrm, type StoreOrm } from '@pco/store';
import { dropStaleTestDatabases, staleTestDatabases, testDatabaseName } from '@pco/store/test-support';

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUR = 60 * 60 * 1000;
const suffix = () => Math.random().toString(16).slice(2, 12).padEnd(10, '0');
const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();

let admin: StoreOrm;
const created: string[] = [];
const create = async (name: string) => {
  await admin.em.fork().execute(`create database "${name}"`);
  created.push(name);
  return name;
};

beforeAll(async () => {
  admin = await createOrm({ databaseUrl: serverUrl, poolMax: 1 });
});

afterAll(async () => {
  for (const name of created) await admin.em.fork().execute(`drop database if exists "${name}" with (force)`);
  await admin.close(true);
});

it('Given rows of every kind, Then only old, unused ones are stale; a name without a timestamp counts by file time, unknown age is kept', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const rows = [
    { name: testDatabaseName(new Date(now.getTime() - 3 * HOUR), 1, 'aa'), fileCreatedEpoch: null, inUse: false },
    { name: testDatabaseName(new Date(now.getTime() - 3 * HOUR), 2, 'bb'), fileCreatedEpoch: null, inUse: true },
    { name: testDatabaseName(new Date(now.getTime() - HOUR), 3, 'cc'), fileCreatedEpoch: null, inUse: false },
    { name: 'pco_test_4_dd', fileCreatedEpoch: (now.getTime() - 5 * HOUR) / 1000, inUse: false },
    { name: 'pco_test_5_ee', fileCreatedEpoch: null, inUse: false },
    { name: 'pco_other', fileCreatedEpoch: 0, inUse: false },
  ];

  expect(staleTestDatabases(rows, now)).toEqual([rows[0].name, 'pco_test_4_dd']);
});

it('Given a 3 h old test database, a new one and an old one in use, When cleanup runs, Then only the unused old one is dropped', async () => {
  const old = await create(testDatabaseName(new Date(Date.now() - 3 * HOUR), process.pid, suffix()));
  const fresh = await create(testDatabaseName(new Date(), process.pid, suffix()));
  const busy = await create(testDatabaseName(new Date(Date.now() - 3 * HOUR), process.pid, suffix()));
  const holder = await createOrm({ databaseUrl: urlOf(busy), poolMax: 1 });
  try {
    await holder.em.fork().execute('select 1');

    const result = await dropStaleTestDatabases({ serverUrl });

    expect(result.dropped).toContain(old);
    expect(result.dropped).not.toContain(fresh);
    expect(result.dropped).not.toContain(busy);
    const left = await admin.em
      .fork()
      .execute<Array<{ datname: string }>>(
        `select datname from pg_database where datname in ('${old}', '${fresh}', '${busy}')`,
      );
    expect(left.map((r) => r.datname).sort()).toEqual([busy, fresh].sort());
  } finally {
    await holder.close(true);
  }
});
