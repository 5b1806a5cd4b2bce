/**
 * A logical backup made with SQL alone, for when no pg_dump new enough for the server exists
 * (the embedded PostgreSQL 18 of `npm start` ships no client tools, and Debian 12 has none).
 *
 * The dump is a sequence of lines (newline-delimited JSON), read in ONE repeatable-read, read-only
 * transaction, so every table is seen at the same instant: a header naming the format, the
 * migrations applied and every table, then for each table a line `{"table": name, "rows": n}`
 * followed by n lines of `row_to_json` of its rows, then a trailer. The trailer is how a restore
 * knows the file is whole; the migrations are how it rebuilds the schema the rows belong to.
 */
import type { StoreOrm } from '../../orm';
import { forkEm, query, type Em } from '../../sql';
import { listPublicTables, MIGRATIONS_TABLE, parentsFirst, quoteIdent } from './tables';

export const LOGICAL_BACKUP_FORMAT = 'pco-logical-backup';
export const LOGICAL_BACKUP_VERSION = 1;
/** Rows fetched from the cursor per round trip. */
const FETCH_ROWS = 2_000;

export interface LogicalBackupHeader {
  format: typeof LOGICAL_BACKUP_FORMAT;
  version: typeof LOGICAL_BACKUP_VERSION;
  createdAt: string;
  serverMajorVersion: number;
  /** Names of the applied migrations, in the order they were applied. */
  migrations: string[];
  /** Every table of the public schema with its row count at the snapshot. */
  tables: Array<{ name: string; rows: number }>;
}

export interface LogicalBackupTrailer {
  end: true;
  tables: number;
  rows: number;
}

export interface LogicalDumpSummary {
  tables: number;
  rows: number;
  eventLogRows: number;
  /** The chain head's hash in the dump's snapshot (null without a chain_head table). */
  chainHead: string | null;
}

async function countRows(em: Em, table: string): Promise<number> {
  const [row] = await query<{ n: string }>(em, `select count(*) as n from ${quoteIdent(table)}`);
  return Number(row.n);
}

/** Rows of one table through a cursor: memory stays flat however large the event log is. */
async function dumpTable(em: Em, table: string, write: (line: string) => Promise<void>): Promise<number> {
  const cursor = `pco_dump_${table}`.replace(/[^a-z0-9_]/gi, '_');
  // The event log in log order (diffs of two backups line up); other tables in physical order.
  const order = table === 'event_log' ? ' order by position' : '';
  await query(
    em,
    `declare ${cursor} no scroll cursor for select row_to_json(t)::text as j from ${quoteIdent(table)} t${order}`,
  );
  let written = 0;
  for (;;) {
    const rows = await query<{ j: string }>(em, `fetch ${FETCH_ROWS} from ${cursor}`);
    for (const row of rows) await write(row.j);
    written += rows.length;
    if (rows.length < FETCH_ROWS) break;
  }
  await query(em, `close ${cursor}`);
  return written;
}

/** Writes the whole database, line by line, to `write` (which should apply back-pressure). */
export async function writeLogicalDump(
  orm: StoreOrm,
  write: (line: string) => Promise<void>,
  now: Date = new Date(),
): Promise<LogicalDumpSummary> {
  return forkEm(orm).transactional(async (tem) => {
    const em = tem as Em;
    // Must be the transaction's first statement: one snapshot for every table.
    await query(em, 'set transaction isolation level repeatable read, read only');
    const [server] = await query<{ major: number }>(
      em,
      `select current_setting('server_version_num')::int / 10000 as major`,
    );
    // Parents before children: a restore inserts in file order without breaking a foreign key.
    const names = await parentsFirst(em, await listPublicTables(em));
    const migrations = names.includes(MIGRATIONS_TABLE)
      ? (await query<{ name: string }>(em, `select name from ${MIGRATIONS_TABLE} order by id`)).map((r) => r.name)
      : [];
    const tables: LogicalBackupHeader['tables'] = [];
    for (const name of names) tables.push({ name, rows: await countRows(em, name) });
    const header: LogicalBackupHeader = {
      format: LOGICAL_BACKUP_FORMAT,
      version: LOGICAL_BACKUP_VERSION,
      createdAt: now.toISOString(),
      serverMajorVersion: server.major,
      migrations,
      tables,
    };
    await write(JSON.stringify(header));
    let rows = 0;
    for (const table of tables) {
      await write(JSON.stringify({ table: table.name, rows: table.rows }));
      const written = await dumpTable(em, table.name, write);
      if (written !== table.rows) throw new Error(`table ${table.name}: counted ${table.rows} rows, read ${written}`);
      rows += written;
    }
    const trailer: LogicalBackupTrailer = { end: true, tables: tables.length, rows };
    await write(JSON.stringify(trailer));
    const head = names.includes('chain_head')
      ? ((await query<{ hash: string }>(em, 'select hash from chain_head where id = 1'))[0]?.hash ?? null)
      : null;
    const eventLogRows = tables.find((t) => t.name === 'event_log')?.rows ?? 0;
    return { tables: tables.length, rows, eventLogRows, chainHead: head };
  });
}
