/**
 * `npm run db:restore -- FILE [--force]`: pg_restore of a `db:backup` file into DATABASE_URL (or
 * the embedded database of `npm start`), then the two checks that say the data is whole: the hash
 * chain of the event log verifies, and the on-hand projection equals a fold of the log.
 *
 * A database that holds any table is refused (exit 1, nothing touched) unless --force, which
 * drops the objects the backup contains before recreating them (pg_restore --clean --if-exists).
 * Exit 0 only when the restore and both checks pass.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { maskDatabaseUrl } from '@pco/config';
import { createOrm, databaseUrlFromEnv, forkEm, readDatabaseInfo, rebuildProjection, verifyChain } from '@pco/store';
import { parseArgs, UsageError } from '../ops/lib';
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
  const databaseUrl = databaseUrlFromEnv();
  const orm = await createOrm({ databaseUrl, poolMax: 1 });
  try {
    const before = await readDatabaseInfo(orm);
    if (before.userTables > 0 && !force) {
      console.error(
        `refused: ${maskDatabaseUrl(databaseUrl)} is not empty (${before.userTables} tables, ${before.logEvents ?? 0} events). ` +
          'Restore into an empty database, or pass --force to replace what the backup contains.',
      );
      return 1;
    }
    const pgRestore = findPgTool('pg_restore', before.serverMajorVersion);
    const clean = before.userTables > 0 ? ['--clean', '--if-exists'] : [];
    runPgTool(pgRestore, [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      ...clean,
      `--dbname=${databaseUrl}`,
      file,
    ]);
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    console.error(usage ? `${error.message}\nusage: ${USAGE}` : error instanceof Error ? error.message : String(error));
    process.exitCode = usage ? 64 : 1;
  },
);
