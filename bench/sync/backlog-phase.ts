/**
 * (a) One device's 500-event backlog: the spec's one event per round trip (batch of 1, ack
 * awaited before the next) against our batches, on loopback and through the 100 ms RTT proxy,
 * for each backlog kind. Every run uses its own device, checked "stored once" afterwards.
 */
import type { StoreOrm } from '@pco/store';
import type { SignedEvent } from '@pco/domain';
import { assertStoredOnce } from './checks';
import { BENCH } from './config';
import type { BenchDevice } from './fixtures';
import { round1, timeBacklog, type BacklogTiming } from './phases';
import { buildBacklog, type BacklogKind } from './workload';

export const PROTOCOLS: number[] = [1, ...BENCH.batchSizes];
export const ROUTES = ['loopback', 'rtt100'] as const;
export type Route = (typeof ROUTES)[number];

export const backlogDevicesNeeded = (): number => BENCH.backlogKinds.length * ROUTES.length * PROTOCOLS.length;

interface Run {
  kind: BacklogKind;
  route: Route;
  batchSize: number;
  device: BenchDevice;
  backlog: SignedEvent[];
}

/** Pre-signs every run's backlog (before any timing). */
export function planBacklogRuns(devices: BenchDevice[], knownStateHash: string): Run[] {
  const runs: Run[] = [];
  for (const kind of BENCH.backlogKinds) {
    for (const route of ROUTES) {
      for (const batchSize of PROTOCOLS) {
        const device = devices[runs.length];
        runs.push({
          kind,
          route,
          batchSize,
          device,
          backlog: buildBacklog(device, BENCH.backlogEvents, knownStateHash, kind),
        });
      }
    }
  }
  return runs;
}

export type BacklogResults = Record<string, Record<Route, Record<string, BacklogTiming>>>;
export type BacklogRatios = Record<string, Record<Route, Record<string, number>>>;

export async function runBacklogPhase(
  urls: Record<Route, string>,
  runs: Run[],
  orm: StoreOrm,
  say: (line: string) => void,
) {
  const results: BacklogResults = {};
  for (const run of runs) {
    const timing = await timeBacklog(urls[run.route], run.device, run.backlog, run.batchSize, BENCH.uploadTimeoutMs);
    await assertStoredOnce(
      orm,
      [run.device.deviceId],
      run.backlog.length,
      `(a) ${run.kind} ${run.route} batch ${run.batchSize}`,
    );
    results[run.kind] ??= { loopback: {}, rtt100: {} };
    results[run.kind][run.route][`batch${run.batchSize}`] = timing;
    say(
      `(a) ${run.kind.padEnd(15)} ${run.route.padEnd(8)} batch ${String(run.batchSize).padStart(3)}: ${timing.events} events in ${timing.ms} ms ` +
        `(${timing.uploads} uploads, ${timing.eventsPerSecond} events/s, measured RTT ${timing.rttMs} ms) — stored once ✓`,
    );
  }
  const ratios: BacklogRatios = {};
  for (const [kind, byRoute] of Object.entries(results)) {
    ratios[kind] = { loopback: {}, rtt100: {} };
    for (const route of ROUTES) {
      for (const size of BENCH.batchSizes) {
        const ratio = round1(byRoute[route].batch1.ms / byRoute[route][`batch${size}`].ms);
        ratios[kind][route][`batch${size}`] = ratio;
        say(`(a) ${kind} ${route}: batch ${size} is ${ratio}× faster than one event per round trip`);
      }
    }
  }
  return { results, ratios };
}
