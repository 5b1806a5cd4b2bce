/**
 * Who runs the embedded PostgreSQL and where its files live.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the system user `postgres`
 * (created when missing). That user must reach the binaries (node_modules) and the data folder:
 * a clone under /root (mode 700) or under a root-only temp folder gives neither. We then neither
 * loosen the permissions of folders we do not own (chmod o+x /root would open every user's way
 * into root's home) nor fail: the binaries are copied once to the system temp folder (shared by
 * every clone), and the cluster goes to a per-clone folder there, named after the requested
 * path, which `npm start` prints. Not running as root, the server runs as the current user and
 * everything stays where it is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';

export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

export interface LayoutInput {
  /** EMBEDDED_PG_DIR, absolute. */
  requestedDataDir: string;
  /** The installed binaries' folder (bin/, lib/, share/). */
  nativeDir: string;
  /** System temp folder (os.tmpdir()). */
  tmpDir: string;
  /** Whether the server's user can enter this folder (every folder above it included). */
  canEnter(dir: string): boolean;
}

export interface Layout {
  dataDir: string;
  /** Set when the binaries must be copied to a folder the server's user can reach. */
  stageBinariesIn?: string;
  /** One line per place that moved, and why (printed by `npm start`). */
  notes: string[];
}

/** Per clone and data folder: the same requested path always maps to the same fallback. */
export const fallbackDataDir = (requestedDataDir: string, tmpDir: string): string =>
  join(
    tmpDir,
    `pco-embedded-postgres-data-${createHash('sha256').update(requestedDataDir).digest('hex').slice(0, 12)}`,
  );

/** Where a root-started server's files go (the parent of the requested data folder must exist). */
export function planLayout(input: LayoutInput): Layout {
  const notes: string[] = [];
  let dataDir = input.requestedDataDir;
  if (!input.canEnter(dirname(input.requestedDataDir))) {
    dataDir = fallbackDataDir(input.requestedDataDir, input.tmpDir);
    notes.push(`the postgres user cannot reach ${dirname(input.requestedDataDir)}, so the data is in ${dataDir}`);
  }
  if (input.canEnter(join(input.nativeDir, 'bin'))) return { dataDir, notes };
  notes.push(`the postgres user cannot reach ${input.nativeDir}, so the binaries run from a copy in ${input.tmpDir}`);
  return { dataDir, stageBinariesIn: input.tmpDir, notes };
}

/** undefined ⇒ not root: the server runs as the current user. */
export function serverUserIfRoot(log: (line: string) => void): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (!idOf('-u')) {
    const groupExists = spawnSync('getent', ['group', 'postgres'], { stdio: 'ignore' }).status === 0;
    try {
      execFileSync(
        'useradd',
        ['--system', '--no-create-home', ...(groupExists ? ['-g', 'postgres'] : ['--user-group']), 'postgres'],
        { stdio: 'pipe' },
      );
    } catch (error) {
      throw new Error(
        `PostgreSQL does not run as root and the user postgres could not be created (${String(error)}); create it, or set DATABASE_URL`,
      );
    }
    log('created the system user postgres (PostgreSQL does not run as root)');
  }
  return { name: 'postgres', uid: Number(idOf('-u')), gid: Number(idOf('-g')) };
}

function idOf(flag: '-u' | '-g'): string | undefined {
  const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Asks the system itself (ACLs included): a shell as that user changes into the folder. */
export const canEnterAs =
  (user: ServerUser) =>
  (dir: string): boolean =>
    spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'can-enter', dir], {
      uid: user.uid,
      gid: user.gid,
      cwd: '/',
      stdio: 'ignore',
    }).status === 0;
