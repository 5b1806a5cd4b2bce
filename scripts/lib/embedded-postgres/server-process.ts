/**
 * Runs `initdb` once and the `postgres` server as child processes, with their output appended to
 * a log file. The server runs under the same watchdog wrapper as the Temporal dev server, in its
 * own process group: Ctrl-C in the terminal reaches only the orchestrator, which stops the
 * database after the gateway and worker have closed their pools, and a crashed or SIGKILLed
 * parent still takes the server down (the wrapper sees its stdin close). The wrapper stops the
 * server with SIGINT: PostgreSQL's "fast" shutdown, which ends open sessions (a psql left open
 * must not keep `npm start` from exiting) and writes a checkpoint, so the next start needs no recovery.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { WriteStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostgresBinaries } from './binaries';
import type { ServerUser } from './layout';

const READY_LINE = 'database system is ready to accept connections';
const STOP_TIMEOUT_MS = 30_000;

export interface ProcessOptions {
  binaries: PostgresBinaries;
  /** undefined ⇒ the current user. */
  user: ServerUser | undefined;
  /** A folder the server's user can enter (its working directory). */
  cwd: string;
  log: WriteStream;
}

/** Messages in English whatever the machine's locale: errors are shown to the user as they are. */
const env = (): NodeJS.ProcessEnv => ({ ...process.env, LC_MESSAGES: 'C', RUN_WHILE_PARENT_LIVES_SIGNAL: 'INT' });
const asUser = (user: ServerUser | undefined) => (user ? { uid: user.uid, gid: user.gid } : {});

/** Keeps the last lines of a child's output for error messages, and copies all of it to the log. */
function tail(child: ChildProcess, log: WriteStream, onLine: (line: string) => void = () => undefined): () => string {
  const last: string[] = [];
  let partial = '';
  const take = (chunk: Buffer) => {
    if (!log.writableEnded) log.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      last.push(line);
      if (last.length > 12) last.shift();
      onLine(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => [...last, partial].filter((l) => l.trim()).join('\n  ');
}

export async function runInitdb(
  options: ProcessOptions,
  dataDir: string,
  superuser: string,
  passwordFile: string,
): Promise<void> {
  const child = spawn(
    options.binaries.initdb,
    [
      `--pgdata=${dataDir}`,
      `--username=${superuser}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
    ],
    { ...asUser(options.user), cwd: options.cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = tail(child, options.log);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`initdb of ${dataDir} failed (exit ${code}):\n  ${output()}`);
}

export interface ServerProcess {
  pid: number;
  stop(): Promise<void>;
}

export async function startServer(
  options: ProcessOptions,
  dataDir: string,
  args: string[],
  readyTimeoutMs = 60_000,
): Promise<ServerProcess> {
  const watchdog = readFileSync(join(__dirname, '..', 'run-while-parent-lives.sh'), 'utf8');
  // The script is passed as text, not as a path: the server's user may not be able to read the repository.
  const child = spawn(
    'bash',
    ['-c', watchdog, 'run-while-parent-lives', options.binaries.postgres, '-D', dataDir, ...args],
    {
      ...asUser(options.user),
      cwd: options.cwd,
      env: env(),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  // 'close', not 'exit': the last lines of output (the shutdown messages) may arrive after 'exit'.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  let markReady = () => undefined as void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const output = tail(child, options.log, (line) => line.includes(READY_LINE) && markReady());
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, readyTimeoutMs, 'timeout'))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await stop(child, exited);
    throw new Error(
      `the embedded PostgreSQL ${outcome === 'exited' ? 'exited before it was ready' : 'was not ready in time'}:\n  ${output()}`,
    );
  }
  // Must not keep a test process alive; stop() references it again while it waits.
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{ unref?(): void } | null>)
    handle?.unref?.();
  return { pid: child.pid!, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref();
  // To the whole group: the server gets its fast-shutdown signal, and the wrapper's `cat` ends too.
  signal(-child.pid!, 'SIGINT');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    signal(-child.pid!, 'SIGKILL');
    await exited;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
