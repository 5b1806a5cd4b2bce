/**
 * One process of the cluster: started in its own process group behind the watchdog wrapper (it
 * dies with the cluster script however that ends), output appended to a log file, with kill()
 * for the fault campaign (SIGKILL of the whole group: the real crash, no shutdown hooks) and
 * restart() with the same command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ManagedProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  logFile: string;
  /** Resolves true once the process serves (polled every 250 ms). */
  ready(): Promise<boolean>;
  readyTimeoutMs?: number;
  stopSignal?: NodeJS.Signals;
}

export interface ManagedProcess {
  name: string;
  /** The watchdog wrapper's pid (= the process group). */
  readonly pid: number;
  readonly running: boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const WATCHDOG = join(__dirname, '../lib/run-while-parent-lives.sh');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function managedProcess(spec: ManagedProcessSpec): ManagedProcess {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child?.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const alive = () => child !== null && child.exitCode === null && child.signalCode === null;

  const handle: ManagedProcess = {
    name: spec.name,
    get pid() {
      return child?.pid ?? 0;
    },
    get running() {
      return alive();
    },
    async start() {
      mkdirSync(dirname(spec.logFile), { recursive: true });
      const fd = openSync(spec.logFile, 'a');
      child = spawn('bash', [WATCHDOG, spec.command, ...spec.args], {
        detached: true,
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env, RUN_WHILE_PARENT_LIVES_SIGNAL: spec.stopSignal ?? 'TERM' },
        stdio: ['pipe', fd, fd],
      });
      closeSync(fd);
      child.unref();
      (child.stdin as unknown as { unref(): void }).unref();
      const current = child;
      exited = new Promise((resolve) => current.once('exit', () => resolve()));
      const deadline = Date.now() + (spec.readyTimeoutMs ?? 90_000);
      while (Date.now() < deadline) {
        if (!alive()) throw new Error(`${spec.name} exited before it was ready (see ${spec.logFile})`);
        if (await spec.ready().catch(() => false)) return;
        await sleep(250);
      }
      throw new Error(`${spec.name} not ready after ${spec.readyTimeoutMs ?? 90_000} ms (see ${spec.logFile})`);
    },
    async kill(signal = 'SIGKILL') {
      if (!alive()) return;
      child?.ref();
      signalGroup(signal);
      await exited;
    },
    async stop() {
      if (!alive()) return;
      child?.ref();
      signalGroup('SIGTERM');
      const timeout = sleep(15_000).then(() => 'timeout' as const);
      if ((await Promise.race([exited.then(() => 'done' as const), timeout])) === 'timeout')
        await handle.kill('SIGKILL');
    },
    async restart() {
      await handle.stop();
      await handle.start();
    },
  };
  return handle;
}

/** True when an HTTP GET of `url` answers 2xx. */
export async function answersHttp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
