/** The timed parts: one device's backlog over a given route, and many devices at once. */
import type { SignedEvent } from '@pco/domain';
import type { DeviceSocket } from '@pco/sync-socket/test-support';
import { connectBench } from './connect';
import { medianRoundTripMs } from './delay-proxy';
import type { BenchDevice } from './fixtures';
import { preEncodeBatches, preEncodingParser } from './pre-encoded';
import { emptyRoundTrip, syncBacklog, syncPreEncoded } from './sync-client';

const connect = (url: string, device: BenchDevice): Promise<DeviceSocket> => connectBench(url, device, 30_000);

export interface BacklogTiming {
  batchSize: number;
  events: number;
  uploads: number;
  /** Median of 10 empty-batch ack round trips on the same connection, measured before the sync. */
  rttMs: number;
  ms: number;
  eventsPerSecond: number;
}

/** Connects (not timed), measures the round trip, then times the whole backlog. */
export async function timeBacklog(
  url: string,
  device: BenchDevice,
  backlog: readonly SignedEvent[],
  batchSize: number,
  timeoutMs: number,
): Promise<BacklogTiming> {
  const socket = await connect(url, device);
  try {
    const rttMs = await medianRoundTripMs(() => emptyRoundTrip(socket));
    const started = performance.now();
    await syncBacklog(socket, backlog, batchSize, timeoutMs);
    const ms = performance.now() - started;
    return {
      batchSize,
      events: backlog.length,
      uploads: Math.ceil(backlog.length / batchSize),
      rttMs: round1(rttMs),
      ms: Math.round(ms),
      eventsPerSecond: Math.round((backlog.length / ms) * 1000),
    };
  } finally {
    socket.close();
  }
}

export interface ConcurrentTiming {
  devices: number;
  events: number;
  batchSize: number;
  connectMs: number;
  ms: number;
  eventsPerSecond: number;
}

/** All devices connect first (not timed), then sync their backlogs at the same time, batches encoded beforehand. */
export async function timeConcurrent(
  url: string,
  work: Array<{ device: BenchDevice; backlog: SignedEvent[] }>,
  batchSize: number,
  timeoutMs: number,
): Promise<ConcurrentTiming> {
  const batches = work.map((w) => preEncodeBatches(w.backlog, batchSize));
  const connectStarted = performance.now();
  const sockets = await Promise.all(
    work.map((w) => connectBench(url, w.device, 30_000, 'bound', { parser: preEncodingParser })),
  );
  const connectMs = performance.now() - connectStarted;
  try {
    const started = performance.now();
    await Promise.all(work.map((_, i) => syncPreEncoded(sockets[i], batches[i], timeoutMs)));
    const ms = performance.now() - started;
    const events = work.reduce((n, w) => n + w.backlog.length, 0);
    return {
      devices: work.length,
      events,
      batchSize,
      connectMs: Math.round(connectMs),
      ms: Math.round(ms),
      eventsPerSecond: Math.round((events / ms) * 1000),
    };
  } finally {
    for (const socket of sockets) socket.close();
  }
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
