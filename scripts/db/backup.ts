/**
 * `npm run db:backup [-- --out FILE]`: a pg_dump of the whole database (custom format, restorable
 * with `npm run db:restore`), from DATABASE_URL or the embedded database of `npm start`.
 * Default file: data/backups/pco-<UTC time>.dump. Prints the events and chain head it holds.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createOrm, databaseUrlFromEnv, forkEm, headHash, readDatabaseInfo } from '@pco/store';
import { parseArgs, UsageError } from '../ops/lib';
import { findPgTool, runPgTool } from './pg-tools';

const USAGE = 'npm run db:backup [-- --out FILE]';
const repoRoot = join(__dirname, '..', '..');

async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['out']);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = resolve(flags.get('out') ?? join(repoRoot, 'data', 'backups', `pco-${stamp}.dump`));
  const databaseUrl = databaseUrlFromEnv();
  const orm = await createOrm({ databaseUrl, poolMax: 1 });
  try {
    const info = await readDatabaseInfo(orm);
    const head = info.logEvents === null ? null : await headHash(forkEm(orm));
    const pgDump = findPgTool('pg_dump', info.serverMajorVersion);
    mkdirSync(dirname(out), { recursive: true });
    runPgTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, `--dbname=${databaseUrl}`]);
    console.log(
      `backup written: ${out} (${statSync(out).size} bytes, pg_dump ${pgDump.major}, server ${info.serverMajorVersion})`,
    );
    console.log(`it holds ${info.logEvents ?? 0} event(s); chain head ${head ?? 'none'}`);
    return 0;
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
