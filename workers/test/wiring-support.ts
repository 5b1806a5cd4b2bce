/**
 * The whole system wired as `npm start` wires it, with real parts only: a fresh PostgreSQL
 * database (demo seed), the REAL gateway through startGateway (conflict starter hook, sync
 * attempt recording, the device notification outbox with LISTEN), a real worker with every
 * activity from createWorkerActivities (outbox ports, SMTP to a real smtp-server), the shared
 * Temporal dev server, and devices connecting with real socket.io-client and signed handshakes.
 */
import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '@pco/config';
import type { ServerToClientEvents } from '@pco/domain';
import { createOrm, getDevice, headHash, type StoreOrm } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { startGateway, type RunningGateway } from '@pco/sync-socket';
import { demoDevice, freshAuth, DeviceEvents, type DemoTech, type TestDevice } from '@pco/sync-socket/test-support';
import { testTemporalAddress } from '../../jest/temporal';
import { conflictStarterHook } from '../src/activities/conflict';
import { createSmtpMailer, type Mailer } from '../src/mail/mailer';
import { connectClient, type TemporalClientHandle } from '../src/temporal-connection';
import { createWorkerActivities, runWorker, type RunningWorker } from '../src/worker';
import { startSmtpInbox, type SmtpInbox } from './conflict-support';
import { teardownAll } from './teardown';

export const CONSOLE_URL = 'http://console.test';
const config = loadConfig();

export interface WiredSystem {
  db: FreshDatabase;
  /** The worker's own pool, as in a separate process. */
  workerOrm: StoreOrm;
  gateway: RunningGateway;
  temporal: TemporalClientHandle;
  taskQueue: string;
  inbox: SmtpInbox;
  close(): Promise<void>;
}

export async function startWiredSystem(options: { notificationSweepMs?: number } = {}): Promise<WiredSystem> {
  // Each started part registers its stop first-in-last-out: a step that fails stops what already runs.
  const started: Array<[name: string, step: () => Promise<unknown> | unknown]> = [];
  const stopAll = () => teardownAll([...started].reverse());
  const start = async <T>(
    name: string,
    part: () => Promise<T>,
    stop: (value: T) => Promise<unknown> | unknown,
  ): Promise<T> => {
    const value = await part();
    started.push([name, () => stop(value)]);
    return value;
  };
  try {
    const db = await start(
      'database',
      () => freshDatabase({ poolMax: 3 }),
      (d) => d.drop(),
    );
    await seedDemoData(db.orm, new Date());
    const workerOrm = await start(
      'worker orm',
      () => createOrm({ databaseUrl: db.databaseUrl, poolMax: 3 }),
      (o) => o.close(true),
    );
    const inbox = await start(
      'smtp inbox',
      () => startSmtpInbox(),
      (i) => i.close(),
    );
    const mailer: Mailer = await start(
      'mailer',
      async () =>
        createSmtpMailer({
          host: '127.0.0.1',
          port: inbox.port,
          from: 'PCO Inventory <no-reply@pco.test>',
          ignoreTLS: true,
        }),
      (m) => m.close(),
    );
    const taskQueue = `wiring-${randomUUID()}`;
    const temporal = await start(
      'temporal client',
      () => connectClient({ address: testTemporalAddress(), namespace: config.temporal.namespace }),
      (t) => t.close(),
    );
    const connection = await start(
      'worker connection',
      () => NativeConnection.connect({ address: testTemporalAddress() }),
      (c) => c.close(),
    );
    await start(
      'worker',
      () =>
        runWorker({
          connection,
          namespace: config.temporal.namespace,
          taskQueue,
          activities: createWorkerActivities({
            orm: workerOrm,
            now: () => new Date(),
            mailer,
            consoleUrl: CONSOLE_URL,
          }),
        }),
      (w: RunningWorker) => w.stop(),
    );
    const gateway = await start(
      'gateway',
      () =>
        startGateway({
          port: 0,
          databaseUrl: db.databaseUrl,
          poolMax: 3,
          gateway: { logLevel: 'silent', verifierThreads: 1 },
          onConflicts: conflictStarterHook(temporal.client, workerOrm, { taskQueue }),
          // Long: deliveries in these tests must come from LISTEN, wake-ups and connects, not the sweep.
          notificationSweepMs: options.notificationSweepMs ?? 600_000,
        }),
      (g) => g.close(),
    );
    // Every step runs even when one fails, so a failing test leaves no worker or pool open.
    return { db, workerOrm, gateway, temporal, taskQueue, inbox, close: stopAll };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

export interface RecordingDevice {
  device: TestDevice;
  socket: Socket<ServerToClientEvents>;
  /** Every server event received, in order (listeners attached before the handshake). */
  received: Array<{ event: string; payload: unknown }>;
  of<E extends keyof ServerToClientEvents>(event: E): Array<Parameters<ServerToClientEvents[E]>[0]>;
  /** Resolves when `count` events named `event` were received (or rejects after timeoutMs). */
  waitFor(event: keyof ServerToClientEvents, count?: number, timeoutMs?: number): Promise<void>;
}

/** Connects a demo device over WebSocket with a signed handshake, recording from the first packet. */
export function connectRecording(url: string, tech: DemoTech): Promise<RecordingDevice> {
  const device = demoDevice(tech);
  const socket: Socket<ServerToClientEvents> = io(url, {
    auth: (cb) => void freshAuth(url, device.deviceId, device.keys).then(cb, () => cb({})),
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received: RecordingDevice['received'] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  const recording: RecordingDevice = {
    device,
    socket,
    received,
    of: (event) => received.filter((r) => r.event === event).map((r) => r.payload) as never,
    waitFor: (event, count = 1, timeoutMs = 10_000) =>
      waitUntil(() => recording.of(event).length >= count, timeoutMs, `${count} × ${event} on ${device.deviceId}`),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(recording));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A demo device's event factory, continuing after its last accepted sequence number. */
export async function eventsOf(orm: StoreOrm, tech: DemoTech): Promise<DeviceEvents> {
  const device = demoDevice(tech);
  const stored = await getDevice(orm.em.fork(), device.deviceId);
  return new DeviceEvents(
    device.deviceId,
    device.keys,
    device.personId,
    () => new Date(),
    (stored?.lastAcceptedSeq ?? 0) + 1,
  );
}

export const currentHash = (orm: StoreOrm): Promise<string> => headHash(orm.em.fork());

export interface NotificationRow {
  id: string;
  device_id: string;
  kind: string;
  payload: Record<string, unknown>;
  delivered_at: Date | null;
}

export const notificationsOf = (orm: StoreOrm, deviceId: string): Promise<NotificationRow[]> =>
  orm.em
    .fork()
    .execute<NotificationRow[]>(
      'select id::text as id, device_id, kind, payload, delivered_at from device_notifications where device_id = ? order by id',
      [deviceId],
    );
