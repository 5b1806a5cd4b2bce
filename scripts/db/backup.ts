/**
 * `npm run db:backup [-- --out FILE] [--format pg_dump|logical]`: the whole database, restorable
 * with `npm run db:restore`, from DATABASE_URL or the embedded database of `npm start`.
 * pg_dump's custom format when a pg_dump new enough for the server exists; otherwise (the embedded
 * PostgreSQL 18 ships none) a logical backup written with SQL alone (@pco/store writeLogicalDump).
 * Default file: data/backups/pco-<UTC time>.dump or .ndjson.gz. Prints the events and chain head it holds.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createOrm, databaseUrlFromEnv, forkEm, headHash, readDatabaseInfo, writeLogicalDump } from '@pco/store';
import { parseArgs, UsageError, runCli } from '../ops/lib';
import { writeGzipLines } from './logical-file';
import { findPgTool, runPgTool, type PgTool } from './pg-tools';

const USAGE = 'npm run db:backup [-- --out FILE [--force]] [--format pg_dump|logical]';
const FORMATS = ['pg_dump', 'logical'] as const;
type Format = (typeof FORMATS)[number];

/** The pg_dump to use, or null for a logical backup; an explicit --format pg_dump without one fails. */
function chooseTool(format: Format | undefined, serverMajor: number): PgTool | null {
  if (format === 'logical') return null;
  try {
    return findPgTool('pg_dump', serverMajor);
  } catch (error) {
    if (format === 'pg_dump') throw error;
    console.log(`no pg_dump ${serverMajor} or newer here: writing a logical backup (SQL, no client tools needed)`);
    return null;
  }
}
const repoRoot = join(__dirname, '..', '..');

/** `--out` names a new file, or an existing one with --force: `--out README.md` once replaced the README with a backup. */
function checkOut(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a directory; name a file in it`);
  if (!force) throw new UsageError(`--out ${out} exists; choose another name, or pass --force to replace it`);
}

async function main(argv: string[]): Promise<number> {
  const force = argv.includes('--force');
  const { positional, flags } = parseArgs(
    argv.filter((arg) => arg !== '--force'),
    ['out', 'format'],
  );
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const chosenOut = flags.get('out');
  if (chosenOut !== undefined) checkOut(resolve(chosenOut), force);
  const format = flags.get('format');
  if (format !== undefined && !FORMATS.includes(format as Format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${format}`);
  const databaseUrl = databaseUrlFromEnv();
  const orm = await createOrm({ databaseUrl, poolMax: 1 });
  try {
    const info = await readDatabaseInfo(orm);
    const head = info.logEvents === null ? null : await headHash(forkEm(orm));
    const pgDump = chooseTool(format as Format | undefined, info.serverMajorVersion);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const suffix = pgDump ? 'dump' : 'ndjson.gz';
    const out = resolve(flags.get('out') ?? join(repoRoot, 'data', 'backups', `pco-${stamp}.${suffix}`));
    mkdirSync(dirname(out), { recursive: true });
    if (pgDump) {
      runPgTool(pgDump, [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${out}`,
        `--dbname=${databaseUrl}`,
      ]);
      console.log(
        `backup written: ${out} (${statSync(out).size} bytes, pg_dump ${pgDump.major}, server ${info.serverMajorVersion})`,
      );
      console.log(`it holds ${info.logEvents ?? 0} event(s); chain head ${head ?? 'none'}`);
    } else {
      const dumped = await writeGzipLines(out, (write) => writeLogicalDump(orm, write));
      console.log(
        `backup written: ${out} (${statSync(out).size} bytes, logical: ${dumped.tables} tables, ${dumped.rows} rows, server ${info.serverMajorVersion})`,
      );
      // Counted in the dump's own snapshot: the events and head it holds, even while devices keep syncing.
      console.log(`it holds ${dumped.eventLogRows} event(s); chain head ${dumped.chainHead ?? 'none'}`);
    }
    return 0;
  } finally {
    await orm.close(true);
  }
}

runCli(USAGE, main);
