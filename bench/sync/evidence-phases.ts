/**
 * Issue 11's figures: a long pull, a device's backlog timed from its first byte (connect with its
 * handshake, upload) at 100 ms RTT, one 500-event batch's server time, and a mass recovery of many
 * devices in waves through the real gateway. Pre-signing is never timed.
 */
import type { SignedEvent } from '@pco/domain';
import { pullEvents, registerDevice, type Em, type StoreOrm } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { generateDeviceKeys, pull, type DeviceSocket } from '@pco/sync-socket/test-support';
import { connectBench, type Handshake } from './connect';
import { assertStoredOnce } from './checks';
import type { BenchDevice } from './fixtures';
import type { GatewayChild } from './gateway-process';
import { round1 } from './phases';
import { syncBacklog } from './sync-client';

const connect = (
  url: string,
  device: Pick<BenchDevice, 'deviceId' | 'keys'>,
  handshake: Handshake = 'bound',
): Promise<DeviceSocket> => connectBench(url, device, 60_000, handshake);

export interface PullTiming {
  events: number;
  pages: number;
  pageSize: number;
  /** Each page's ack round trip on loopback (server time + the socket's encoding and the bench's decoding). */
  msPerPage: { mean: number; max: number };
  /** The store's part of the server time: the same pages read with the gateway's own query, in this process. */
  storeMsPerPage: { mean: number; max: number };
  ms: number;
  eventsPerSecond: number;
}

/** A manager's device (sees every location) downloads `events` events in pages of `pageSize`. */
export async function timePull(url: string, orm: StoreOrm, events: number, pageSize: number): Promise<PullTiming> {
  const keys = generateDeviceKeys();
  const deviceId = 'bench-manager-phone';
  await orm.em.fork().transactional((em) =>
    registerDevice(em as Em, {
      deviceId,
      userId: DEMO.persons.manager,
      name: 'Bench manager phone',
      publicKey: keys.publicKey,
      now: new Date(),
    }),
  );
  const socket = await connect(url, { deviceId, keys });
  try {
    const pageMs: number[] = [];
    let received = 0;
    let afterPosition = 0;
    const started = performance.now();
    while (received < events) {
      const t0 = performance.now();
      const ack = await pull(socket, { afterPosition, limit: pageSize }, 60_000);
      pageMs.push(performance.now() - t0);
      if (!ack.ok) throw new Error(`pull refused: ${ack.error.code} ${ack.error.message}`);
      received += ack.data.events.length;
      afterPosition = ack.data.cursor;
      if (!ack.data.hasMore) break;
    }
    const ms = performance.now() - started;
    if (received < events) throw new Error(`pull: only ${received} of ${events} events in the log`);
    const storeMs: number[] = [];
    for (let page = 0, after = 0; page < pageMs.length; page++) {
      const t0 = performance.now();
      after = (await pullEvents(orm, { deviceId, afterPosition: after, limit: pageSize })).cursor;
      storeMs.push(performance.now() - t0);
    }
    const stats = (xs: number[]) => ({
      mean: round1(xs.reduce((a, b) => a + b, 0) / xs.length),
      max: round1(Math.max(...xs)),
    });
    return {
      events: received,
      pages: pageMs.length,
      pageSize,
      msPerPage: stats(pageMs),
      storeMsPerPage: stats(storeMs),
      ms: Math.round(ms),
      eventsPerSecond: Math.round((received / ms) * 1000),
    };
  } finally {
    socket.close();
  }
}

export interface SessionTiming {
  events: number;
  handshake: Handshake;
  /** Connect (with the handshake; `challenge` fetches one first) + one upload of every event, to the last ack. */
  fromOpenMs: number;
  /** The upload alone on the same route (what (a) reports). */
  uploadOnlyMs: number;
  rttMs: number;
  /** fromOpenMs in round trips. */
  roundTrips: number;
}

/** One device's whole backlog in one batch, timed from before its first byte to the last ack. */
export async function timeSession(
  url: string,
  device: BenchDevice,
  backlog: SignedEvent[],
  rttMs: number,
  handshake: Handshake = 'bound',
): Promise<SessionTiming> {
  const started = performance.now();
  const socket = await connect(url, device, handshake);
  const uploadStarted = performance.now();
  try {
    await syncBacklog(socket, backlog, backlog.length, 120_000);
    const done = performance.now();
    return {
      events: backlog.length,
      handshake,
      fromOpenMs: Math.round(done - started),
      uploadOnlyMs: Math.round(done - uploadStarted),
      rttMs,
      roundTrips: round1((done - started) / rttMs),
    };
  } finally {
    socket.close();
  }
}

export interface MassRecoveryTiming {
  devices: number;
  eventsPerDevice: number;
  wave: number;
  events: number;
  ms: number;
  eventsPerSecond: number;
  peakRssBytes: number;
  lost: number;
  duplicated: number;
}

/** Devices reconnect in waves; each opens its socket, uploads its whole queue in one batch and leaves. */
export async function runMassRecovery(
  url: string,
  gateway: GatewayChild,
  orm: StoreOrm,
  work: Array<{ device: BenchDevice; backlog: SignedEvent[] }>,
  wave: number,
): Promise<MassRecoveryTiming> {
  const started = performance.now();
  for (let start = 0; start < work.length; start += wave) {
    await Promise.all(
      work.slice(start, start + wave).map(async (w) => {
        const socket = await connect(url, w.device);
        try {
          await syncBacklog(socket, w.backlog, w.backlog.length, 120_000);
        } finally {
          socket.close();
        }
      }),
    );
  }
  const ms = performance.now() - started;
  const events = work.reduce((n, w) => n + w.backlog.length, 0);
  // Throws on any event missing or stored twice: the figures below are only printed when both are 0.
  await assertStoredOnce(
    orm,
    work.map((w) => w.device.deviceId),
    events,
    'mass recovery',
  );
  return {
    devices: work.length,
    eventsPerDevice: work[0]?.backlog.length ?? 0,
    wave,
    events,
    ms: Math.round(ms),
    eventsPerSecond: Math.round((events / ms) * 1000),
    peakRssBytes: gateway.peakRssBytes(),
    lost: 0,
    duplicated: 0,
  };
}
