/**
 * CPU time from /proc (clock ticks of 10 ms, so a phase of seconds gives µs/event to ~1 µs):
 * the gateway child's main thread (tid = pid), its other threads (signature workers, libuv,
 * V8 helpers) and every PostgreSQL process on the machine (other work on the shared cluster
 * counts too: treat that figure as an upper bound).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_US = 10_000;

export interface CpuSnapshot {
  mainThreadUs: number;
  otherThreadsUs: number;
  postgresUs: number;
  /** Other threads by thread id and name (signature workers show as their own tids). */
  threads: Map<string, number>;
  /** This (benchmark client) process: the devices' side of the phase. */
  clientUs: number;
}

/** utime + stime of a /proc stat line, in µs; the command name may hold spaces, so parse after ')'. */
function statCpuUs(path: string): { comm: string; us: number } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // the thread or process ended meanwhile
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // Fields after ')' start at field 3 (state); utime and stime are fields 14 and 15.
  return { comm: text.slice(text.indexOf('(') + 1, close), us: (Number(fields[11]) + Number(fields[12])) * TICK_US };
}

function postgresUs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statCpuUs(`/proc/${entry}/stat`);
    if (stat?.comm.startsWith('postgres')) total += stat.us;
  }
  return total;
}

export function cpuSnapshot(gatewayPid: number): CpuSnapshot {
  let mainThreadUs = 0;
  let otherThreadsUs = 0;
  const threads = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${gatewayPid}/task`)) {
    const stat = statCpuUs(`/proc/${gatewayPid}/task/${tid}/stat`);
    const us = stat?.us ?? 0;
    if (Number(tid) === gatewayPid) {
      mainThreadUs += us;
      continue;
    }
    otherThreadsUs += us;
    threads.set(`${tid} ${stat?.comm ?? '?'}`, us);
  }
  const client = process.cpuUsage();
  return { mainThreadUs, otherThreadsUs, postgresUs: postgresUs(), threads, clientUs: client.user + client.system };
}

/** CPU µs per event between two snapshots. */
export function cpuPerEvent(before: CpuSnapshot, after: CpuSnapshot, events: number) {
  const per = (key: 'mainThreadUs' | 'otherThreadsUs' | 'postgresUs' | 'clientUs') =>
    Math.round((after[key] - before[key]) / events);
  const busiestOtherThreads = [...after.threads]
    .map(([thread, us]) => [thread, Math.round((us - (before.threads.get(thread) ?? 0)) / events)] as const)
    .filter(([, us]) => us > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4);
  return {
    mainThreadUs: per('mainThreadUs'),
    otherThreadsUs: per('otherThreadsUs'),
    postgresUs: per('postgresUs'),
    clientUs: per('clientUs'),
    busiestOtherThreads: Object.fromEntries(busiestOtherThreads),
  };
}
