/**
 * Drops the `pco_test_*` databases a killed test run left behind. Called from Jest's globalSetup.
 *
 * Safe next to concurrent runs: only databases older than `maxAgeMs` (2 h by default; no test
 * file lives that long) and with no open connection are dropped, and without FORCE, so one
 * that a run connects to at that moment makes the DROP fail and is kept.
 * Age comes from the creation time in the name (freshDatabase: pco_test_<unix s>_<pid>_<hex>),
 * or, for older names without it, from the creation time of the database's PG_VERSION file.
 */
import { createOrm } from '../src/orm';
import { DEFAULT_TEST_DATABASE_URL } from '../src/config';

export const TEST_DATABASE_PREFIX = 'pco_test_';
export const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

export interface TestDatabaseRow {
  name: string;
  /** Unix seconds from the server's file system; null when the server does not let us read it. */
  fileCreatedEpoch: number | null;
  inUse: boolean;
}

/** freshDatabase's naming: the timestamp lets a later run judge the age without server privileges. */
export function testDatabaseName(now: Date, pid: number, suffix: string): string {
  return `${TEST_DATABASE_PREFIX}${Math.floor(now.getTime() / 1000)}_${pid}_${suffix}`;
}

/** Creation time of a test database from its name, in ms; undefined for names without one. */
export function createdAtFromName(name: string): number | undefined {
  const match = /^pco_test_(\d{10})_\d+_[0-9a-f]+$/.exec(name);
  return match ? Number(match[1]) * 1000 : undefined;
}

/** Pure choice: which of these databases are stale. Unknown age ⇒ kept. */
export function staleTestDatabases(rows: TestDatabaseRow[], now: Date, maxAgeMs = STALE_AFTER_MS): string[] {
  return rows
    .filter((row) => row.name.startsWith(TEST_DATABASE_PREFIX) && !row.inUse)
    .filter((row) => {
      const created =
        createdAtFromName(row.name) ?? (row.fileCreatedEpoch === null ? undefined : row.fileCreatedEpoch * 1000);
      return created !== undefined && now.getTime() - created > maxAgeMs;
    })
    .map((row) => row.name);
}

const LIST_WITH_FILE_TIME = `
  select d.datname as name,
         extract(epoch from (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification)::bigint as file_created_epoch,
         exists (select 1 from pg_stat_activity a where a.datname = d.datname) as in_use
    from pg_database d where d.datname like 'pco\\_test\\_%'`;
const LIST_BY_NAME_ONLY = `
  select d.datname as name, null as file_created_epoch,
         exists (select 1 from pg_stat_activity a where a.datname = d.datname) as in_use
    from pg_database d where d.datname like 'pco\\_test\\_%'`;

type Row = { name: string; file_created_epoch: string | number | null; in_use: boolean };

export async function dropStaleTestDatabases(
  options: { serverUrl?: string; now?: Date; maxAgeMs?: number } = {},
): Promise<{ dropped: string[]; kept: string[]; failed: string[] }> {
  const admin = await createOrm({
    databaseUrl: options.serverUrl ?? process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
    poolMax: 1,
  });
  try {
    const em = admin.em.fork();
    // pg_stat_file needs superuser or pg_read_server_files; without it only named ages count.
    const rows = await em.execute<Row[]>(LIST_WITH_FILE_TIME).catch(() => em.execute<Row[]>(LIST_BY_NAME_ONLY));
    const all = rows.map((r) => ({
      name: r.name,
      fileCreatedEpoch: r.file_created_epoch === null ? null : Number(r.file_created_epoch),
      inUse: r.in_use,
    }));
    const stale = staleTestDatabases(all, options.now ?? new Date(), options.maxAgeMs);
    const dropped: string[] = [];
    const failed: string[] = [];
    for (const name of stale) {
      // No FORCE: if a run connected meanwhile, the drop fails and the database stays.
      await em.execute(`drop database if exists "${name}"`).then(
        () => dropped.push(name),
        () => failed.push(name),
      );
    }
    return { dropped, kept: all.map((r) => r.name).filter((n) => !stale.includes(n)), failed };
  } finally {
    await admin.close(true);
  }
}
