/**
 * `npm run db:restore -- FILE [--force]`: a `db:backup` file into DATABASE_URL (or the embedded
 * database of `npm start`): pg_restore for a pg_dump file, @pco/store restoreLogicalDump for a
 * logical one (told apart by their first bytes). Then the two checks that say the data is whole:
 * the hash chain of the event log verifies, and the on-hand projection equals a fold of the log.
 *
 * A database that holds any table is refused (exit 1, nothing touched) unless --force, which
 * drops the objects the backup contains before recreating them (pg_restore --clean --if-exists).
 * Exit 0 only when the restore and both checks pass.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { maskDatabaseUrl } from '@pco/config';
import {
  BackupFileError,
  createOrm,
  databaseUrlFromEnv,
  forkEm,
  readDatabaseInfo,
  rebuildProjection,
  restoreLogicalDump,
  verifyChain,
  type StoreOrm,
} from '@pco/store';
import { parseArgs, UsageError, runCli } from '../ops/lib';
import { backupKindOf, readGzipLines } from './logical-file';
import { findPgTool, runPgTool } from './pg-tools';

const USAGE = 'npm run db:restore -- FILE [--force]';

async function main(argv: string[]): Promise<number> {
  const force = argv.includes('--force');
  const { positional } = parseArgs(
    argv.filter((arg) => arg !== '--force'),
    [],
  );
  if (positional.length !== 1) throw new UsageError('exactly one backup file is required');
  const file = resolve(positional[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not a backup file`);
  // The file first: a database that is not empty must not invite --force for a file that is no backup at all.
  const kind = backupKindOf(file);
  if (kind === 'unknown') {
    console.error(`refused: ${file} is neither a pg_dump custom-format file nor a logical backup of db:backup`);
    return 1;
  }
  const databaseUrl = databaseUrlFromEnv();
  // Two: a logical restore holds its transaction while the migrator checks its table on another connection.
  const orm = await createOrm({ databaseUrl, poolMax: 2 });
  try {
    const before = await readDatabaseInfo(orm);
    if (before.userTables > 0 && !force) {
      console.error(
        `refused: ${maskDatabaseUrl(databaseUrl)} is not empty (${before.userTables} tables, ${before.logEvents ?? 0} events). ` +
          'Restore into an empty database, or pass --force to replace what the backup contains.',
      );
      return 1;
    }
    if (kind === 'logical') {
      const restored = await restoreLogical(orm, file, before.userTables > 0);
      if (restored !== 0) return restored;
    } else {
      restoreWithPgRestore(databaseUrl, file, before.serverMajorVersion, before.userTables > 0);
    }
    const after = await readDatabaseInfo(orm);
    const chain = await verifyChain(forkEm(orm));
    const { differences } = await rebuildProjection(orm, { write: false });
    console.log(`restored ${file} into ${maskDatabaseUrl(databaseUrl)}: ${after.logEvents ?? 0} event(s)`);
    console.log(
      chain.firstBreak
        ? `hash chain BROKEN at position ${chain.firstBreak.position}: ${chain.firstBreak.reason}`
        : `hash chain verified (${chain.checked} events)`,
    );
    console.log(`projection: ${differences.length} difference(s) from a rebuild of the log`);
    return chain.firstBreak === null && differences.length === 0 ? 0 : 1;
  } finally {
    await orm.close(true);
  }
}

function restoreWithPgRestore(databaseUrl: string, file: string, serverMajor: number, replace: boolean): void {
  const pgRestore = findPgTool('pg_restore', serverMajor);
  const clean = replace ? ['--clean', '--if-exists'] : [];
  runPgTool(pgRestore, [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    ...clean,
    `--dbname=${databaseUrl}`,
    file,
  ]);
}

/** 0, or 1 with the reason printed when the file cannot be restored (nothing was changed then). */
async function restoreLogical(orm: StoreOrm, file: string, replace: boolean): Promise<number> {
  try {
    const summary = await restoreLogicalDump(orm, () => readGzipLines(file), { replace });
    const upgraded = summary.upgradedBy.length ? `; then upgraded by ${summary.upgradedBy.join(', ')}` : '';
    console.log(`logical backup: ${summary.tables} tables, ${summary.rows} rows loaded${upgraded}`);
    return 0;
  } catch (error) {
    const damaged = error instanceof BackupFileError || (error as { code?: string }).code === 'Z_BUF_ERROR';
    if (!damaged) throw error;
    console.error(`refused: ${file}: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
    return 1;
  }
}

runCli(USAGE, main);
