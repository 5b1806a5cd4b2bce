/**
 * Finding pg_dump / pg_restore for a server. pg_dump refuses a server newer than itself, and the
 * machine may have several client versions (Debian's /usr/lib/postgresql/<major>/bin) while
 * `npm start`'s embedded server (PostgreSQL 18, from npm) ships no client tools at all. So: every
 * candidate on PATH and under /usr/lib/postgresql, newest first, and a clear message naming the
 * version to install when none is new enough.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface PgTool {
  path: string;
  major: number;
}

function versionOf(path: string): number | null {
  try {
    const text = execFileSync(path, ['--version'], { encoding: 'utf8' });
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(text);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function candidates(tool: string): string[] {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, tool));
  const debianRoot = '/usr/lib/postgresql';
  const debian = existsSync(debianRoot)
    ? readdirSync(debianRoot).map((major) => join(debianRoot, major, 'bin', tool))
    : [];
  return [...new Set([...debian, ...onPath])].filter((path) => existsSync(path));
}

/** The newest `tool` that can work with a server of `serverMajor`; throws with what to install. */
export function findPgTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number): PgTool {
  const found = candidates(tool)
    .map((path) => ({ path, major: versionOf(path) }))
    .filter((t): t is PgTool => t.major !== null)
    .sort((a, b) => b.major - a.major);
  const best = found[0];
  if (!best || best.major < serverMajor) {
    const have = found.length ? found.map((t) => `${t.path} (${t.major})`).join(', ') : 'none';
    throw new Error(
      `${tool} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server; found: ${have}. ` +
        `Install the PostgreSQL ${serverMajor} client tools (e.g. apt-get install postgresql-client-${serverMajor}).`,
    );
  }
  return best;
}

/** Runs a client tool, its output passed through; throws on a non-zero exit. */
export function runPgTool(tool: PgTool, args: string[]): void {
  const result = spawnSync(tool.path, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${tool.path} exited with ${result.status ?? result.signal}`);
}
