/**
 * Parent side of the gateway child: fork it under tsx, wait for its URL, ask for its memory,
 * read its peak RSS (VmHWM) from /proc, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayConfig } from '@pco/sync-socket';
import type { ChildReply, ParentCommand } from './gateway-ipc';

export interface GatewayChild {
  url: string;
  pid: number;
  config: GatewayConfig;
  poolMax: number;
  /** Peak resident set size in bytes (VmHWM of /proc/<pid>/status; the whole process incl. worker threads). */
  peakRssBytes(): number;
  /** The child's own report: process.resourceUsage().maxRSS (bytes) and current RSS. */
  memory(): Promise<{ maxRssBytes: number; rssBytes: number }>;
  stop(): Promise<void>;
  /** Runs `phase` with the child's main thread under the CPU profiler; resolves the profile's path too. */
  profiled<T>(name: string, phase: () => Promise<T>): Promise<{ result: T; profilePath: string }>;
}

function nextReply<T extends ChildReply['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs = 60_000,
): Promise<Extract<ChildReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway child: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null) => reject(new Error(`gateway child exited (code ${code}) before '${type}'`));
    const onMessage = (reply: ChildReply) => {
      if (reply.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply as Extract<ChildReply, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function readVmHwmBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export async function startGatewayChild(databaseUrl: string, overrides: Partial<GatewayConfig>): Promise<GatewayChild> {
  const child = fork(join(__dirname, 'gateway-child.ts'), [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_GATEWAY_NODE_FLAGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_GATEWAY_OVERRIDES: JSON.stringify(overrides) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextReply(child, 'ready');
  const command = (c: ParentCommand) => void child.send(c);
  return {
    url: ready.url,
    pid: ready.pid,
    config: ready.config,
    poolMax: ready.poolMax,
    peakRssBytes: () => readVmHwmBytes(ready.pid),
    async memory() {
      const reply = nextReply(child, 'memory');
      command({ type: 'memory' });
      const { maxRssKb, rssBytes } = await reply;
      return { maxRssBytes: maxRssKb * 1024, rssBytes };
    },
    async profiled(name, phase) {
      const started = nextReply(child, 'profile-started');
      command({ type: 'profile-start' });
      await started;
      const result = await phase();
      const written = nextReply(child, 'profile-written');
      command({ type: 'profile-stop', name });
      return { result, profilePath: (await written).path };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      command({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
