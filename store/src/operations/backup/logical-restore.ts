/**
 * Restores a logical backup (logical-dump.ts) in ONE transaction: the schema is rebuilt by running
 * the migrations the backup names (exactly those, so the rows fit the tables they came from), the
 * rows are inserted table by table, parents before children, the sequences moved past the restored
 * values; then, committed, any newer migration of this code runs as on any upgrade.
 *
 * The file is read twice: a first pass checks it whole (header, each table's row count, the
 * trailer, every line parses) before anything is touched, so a truncated or edited file changes
 * nothing. With `replace`, the tables already there are dropped inside the same transaction: if
 * the load fails they come back untouched.
 */
import { MIGRATIONS } from '../../migrations';
import { migrateUp, type StoreOrm } from '../../orm';
import { forkEm, run, type Em } from '../../sql';
import {
  LOGICAL_BACKUP_FORMAT,
  LOGICAL_BACKUP_VERSION,
  type LogicalBackupHeader,
  type LogicalBackupTrailer,
} from './logical-dump';
import { listPublicTables, MIGRATIONS_TABLE, quoteIdent, resetSequences } from './tables';

/** Rows per insert statement. */
const INSERT_ROWS = 1_000;

export type LineSource = () => AsyncIterable<string>;

export interface LogicalRestoreOptions {
  /** Drop the tables the database holds first (the CLI's --force). Without it they must not exist. */
  replace: boolean;
}

export interface LogicalRestoreSummary {
  tables: number;
  rows: number;
  /** Migrations newer than the backup, applied after the load. */
  upgradedBy: string[];
}

/** A backup that cannot be restored: the file is not whole, or not from a schema this code knows. */
export class BackupFileError extends Error {}

type Line = LogicalBackupHeader | LogicalBackupTrailer | { table: string; rows: number } | Record<string, unknown>;

function parseLine(text: string, lineNumber: number): Line {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Line;
  } catch {
    throw new BackupFileError(`line ${lineNumber} is not a JSON object: the file is damaged`);
  }
}

function checkHeader(line: Line | undefined): LogicalBackupHeader {
  const header = line as Partial<LogicalBackupHeader> | undefined;
  if (header?.format !== LOGICAL_BACKUP_FORMAT)
    throw new BackupFileError(`not a ${LOGICAL_BACKUP_FORMAT} file (its first line names no such format)`);
  if (header.version !== LOGICAL_BACKUP_VERSION)
    throw new BackupFileError(`backup format version ${String(header.version)} is not ${LOGICAL_BACKUP_VERSION}`);
  if (!Array.isArray(header.migrations) || !Array.isArray(header.tables))
    throw new BackupFileError('the header lists no migrations or tables');
  const known = MIGRATIONS.map((m) => m.name);
  if (header.migrations.length === 0)
    throw new BackupFileError('the backup holds no PCO Inventory schema (no migrations)');
  header.migrations.forEach((name, i) => {
    if (known[i] !== name)
      throw new BackupFileError(
        `the backup's migration ${i + 1} is ${name}, this code's is ${known[i] ?? 'none'}: ` +
          'restore it with the version of PCO Inventory that made it',
      );
  });
  return header as LogicalBackupHeader;
}

/** First pass: the file is whole and says what the header says. Nothing is written. */
async function checkFile(open: LineSource): Promise<LogicalBackupHeader> {
  let header: LogicalBackupHeader | undefined;
  let section = -1;
  let left = 0;
  let rows = 0;
  let lineNumber = 0;
  let ended = false;
  for await (const text of open()) {
    lineNumber += 1;
    if (text === '') continue;
    if (ended) throw new BackupFileError(`line ${lineNumber} follows the end marker`);
    const line = parseLine(text, lineNumber);
    if (!header) {
      header = checkHeader(line);
      continue;
    }
    if (left > 0) {
      left -= 1;
      rows += 1;
      continue;
    }
    if ('end' in line) {
      const trailer = line as LogicalBackupTrailer;
      if (section !== header.tables.length - 1 || trailer.tables !== header.tables.length || trailer.rows !== rows)
        throw new BackupFileError(
          `the end marker at line ${lineNumber} does not match the header: the file is damaged`,
        );
      ended = true;
      continue;
    }
    section += 1;
    const expected = header.tables[section];
    const named = line as { table?: unknown; rows?: unknown };
    if (!expected || named.table !== expected.name || named.rows !== expected.rows)
      throw new BackupFileError(`line ${lineNumber}: expected the rows of ${expected?.name ?? 'no more tables'}`);
    left = expected.rows;
  }
  if (!header) throw new BackupFileError('the file is empty');
  if (!ended) throw new BackupFileError('the file ends before its end marker: it is truncated');
  return header;
}

async function dropTables(em: Em): Promise<void> {
  const tables = await listPublicTables(em);
  for (const table of tables)
    if (table !== MIGRATIONS_TABLE) await run(em, `drop table if exists ${quoteIdent(table)} cascade`);
  // The migrations table stays (the migrator looks for it outside this transaction); its rows go.
  if (tables.includes(MIGRATIONS_TABLE)) await run(em, `delete from ${MIGRATIONS_TABLE}`);
}

async function insertRows(em: Em, table: string, rows: string[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await run(
      em,
      `insert into ${quoteIdent(table)} select * from json_populate_recordset(null::${quoteIdent(table)}, $1::json)`,
      [`[${rows.join(',')}]`],
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupFileError(`rows of ${table} do not fit its table (${reason}): the file is damaged`);
  }
}

/** Second pass: the rows, in file order (the dump wrote parents before children). */
async function loadRows(em: Em, open: LineSource, header: LogicalBackupHeader): Promise<number> {
  let table: string | null = null;
  let left = 0;
  let pending: string[] = [];
  let rows = 0;
  let first = true;
  for await (const text of open()) {
    if (text === '') continue;
    if (first) {
      first = false;
      continue;
    }
    if (left > 0 && table) {
      pending.push(text);
      left -= 1;
      rows += 1;
      if (pending.length >= INSERT_ROWS || left === 0) {
        await insertRows(em, table, pending);
        pending = [];
      }
      continue;
    }
    const line = JSON.parse(text) as { table?: string; rows?: number; end?: true };
    if (line.end) break;
    table = line.table ?? null;
    left = line.rows ?? 0;
  }
  if (rows !== header.tables.reduce((n, t) => n + t.rows, 0)) throw new Error('restored a different number of rows');
  return rows;
}

/** Drop (with replace), migrate to the backup's schema, load, move the sequences: all or nothing. */
async function loadInOneTransaction(
  orm: StoreOrm,
  open: LineSource,
  header: LogicalBackupHeader,
  options: LogicalRestoreOptions,
): Promise<void> {
  await forkEm(orm).transactional(async (tem) => {
    const trx = tem as Em;
    if (options.replace) await dropTables(trx);
    const last = header.migrations[header.migrations.length - 1];
    await orm.getMigrator().up({ to: last, transaction: trx.getTransactionContext() });
    const present = (await listPublicTables(trx)).sort();
    const expected = header.tables.map((t) => t.name).sort();
    if (present.join() !== expected.join())
      throw new BackupFileError(
        `after its migrations the database has tables [${present.join(', ')}], the backup [${expected.join(', ')}]`,
      );
    // What the migrations inserted (the chain head's genesis row, the migration records) makes way for the backup's rows.
    await run(trx, `truncate ${present.map(quoteIdent).join(', ')} restart identity cascade`);
    await loadRows(trx, open, header);
    await resetSequences(trx, present);
  });
}

export async function restoreLogicalDump(
  orm: StoreOrm,
  open: LineSource,
  options: LogicalRestoreOptions,
): Promise<LogicalRestoreSummary> {
  const header = await checkFile(open);
  const hadMigrationsTable = (await listPublicTables(forkEm(orm))).includes(MIGRATIONS_TABLE);
  try {
    await loadInOneTransaction(orm, open, header, options);
  } catch (error) {
    // The migrator creates its own table outside the transaction: an empty database stays empty.
    if (!hadMigrationsTable) await run(forkEm(orm), `drop table if exists ${MIGRATIONS_TABLE}`);
    throw error;
  }
  const upgradedBy = await migrateUp(orm);
  const rows = header.tables.reduce((n, t) => n + t.rows, 0);
  return { tables: header.tables.length, rows, upgradedBy };
}
