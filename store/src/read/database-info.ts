/**
 * What the backup and restore CLIs (scripts/db/) need to know about a database before they run
 * pg_dump or pg_restore: the server's major version (pg_dump refuses a newer server than itself)
 * and whether the database holds any table (a restore never lands on data without --force).
 */
import type { StoreOrm } from '../orm';
import { forkEm } from '../sql';

export interface DatabaseInfo {
  /** e.g. 15 or 18. */
  serverMajorVersion: number;
  /** Tables in schemas other than PostgreSQL's own. */
  userTables: number;
  /** Rows of event_log, or null when there is no event_log table. */
  logEvents: number | null;
}

export async function readDatabaseInfo(orm: StoreOrm): Promise<DatabaseInfo> {
  const em = forkEm(orm);
  const [row] = await em.execute<Array<{ version: number; tables: number; has_log: boolean }>>(
    `select current_setting('server_version_num')::int / 10000 as version,
            (select count(*)::int from pg_tables where schemaname not in ('pg_catalog', 'information_schema')) as tables,
            to_regclass('public.event_log') is not null as has_log`,
  );
  const logEvents = row.has_log
    ? (await em.execute<Array<{ n: number }>>('select count(*)::int as n from event_log'))[0].n
    : null;
  return { serverMajorVersion: row.version, userTables: row.tables, logEvents };
}
