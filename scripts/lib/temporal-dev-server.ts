/**
 * Starts `temporal server start-dev` as a child process in its own process group, waits until
 * its frontend answers for the namespace, and hands back a stop() that ends the whole group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeFlags } from '@pco/config';

export interface DevServerOptions {
  cliPath: string;
  /** host:port of the gRPC frontend to bind. */
  address: string;
  namespace: string;
  /** undefined ⇒ headless (no Web UI). */
  uiPort?: number;
  /** SQLite file; undefined ⇒ in memory (state dies with the process). */
  dbFile?: string;
  /** Server stdout/stderr go here; undefined ⇒ discarded. */
  logFile?: string;
  readyTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  pid: number;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const child = spawnServer(options);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitUntilReady(options, exited);
  } catch (error) {
    await stopGroup(child, exited);
    throw error;
  }
  const host = options.address.slice(0, options.address.lastIndexOf(':'));
  return {
    address: options.address,
    uiUrl:
      options.uiPort === undefined
        ? undefined
        : `http://${host === '127.0.0.1' ? 'localhost' : host}:${options.uiPort}`,
    pid: child.pid!,
    stop: () => stopGroup(child, exited),
  };
}

export function devServerArgs(options: DevServerOptions): string[] {
  const separator = options.address.lastIndexOf(':');
  const args = [
    'server',
    'start-dev',
    '--ip',
    options.address.slice(0, separator),
    '--port',
    options.address.slice(separator + 1),
  ];
  // The "default" namespace always exists; naming it again is harmless but noisy.
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  args.push(...searchAttributeFlags(), '--log-level', 'warn');
  return args;
}

function spawnServer(options: DevServerOptions): ChildProcess {
  if (options.dbFile) mkdirSync(dirname(options.dbFile), { recursive: true });
  let logFd: number | undefined;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    logFd = openSync(options.logFile, 'a');
  }
  const output = logFd ?? 'ignore';
  // detached ⇒ own process group, so stop() reaches every process and Ctrl-C in the terminal
  // does not kill the server before the worker has drained. The watchdog wrapper stops the
  // server when this process ends without calling stop() (crash, SIGKILL, a killed wrapper).
  const watchdog = join(__dirname, 'run-while-parent-lives.sh');
  const child = spawn('bash', [watchdog, options.cliPath, ...devServerArgs(options)], {
    detached: true,
    stdio: ['pipe', output, output],
  });
  if (logFd !== undefined) closeSync(logFd);
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  return child;
}

async function waitUntilReady(options: DevServerOptions, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let lastError: unknown;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`temporal dev server exited with code ${exitCode} before it was ready${logHint(options)}`);
    }
    try {
      const connection = await Connection.connect({ address: options.address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: options.namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`temporal dev server at ${options.address} not ready: ${String(lastError)}${logHint(options)}`);
}

function logHint(options: DevServerOptions): string {
  return options.logFile ? ` (see ${options.logFile})` : '';
}

async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Unreferenced while running (it must not keep a test process alive); referenced again here
  // so Node waits for the exit instead of quitting once everything else has closed.
  child.ref();
  signalGroup(child, 'SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 10_000, 'timeout').unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    signalGroup(child, 'SIGKILL');
    await exited;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}
