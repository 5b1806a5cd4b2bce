/**
 * Real parts for the conflict integration tests: an SMTP server (smtp-server) collecting mail,
 * a Socket.IO server whose device rooms follow the gateway's naming, a worker on the shared
 * Temporal dev server, and conflicts made the way the gateway makes them (store.submitBatch:
 * two technicians on the shared truck, 50 glue boards, 30 then 35).
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { Server } from 'socket.io';
import { io as connectSocket, type Socket as ClientSocket } from 'socket.io-client';
import { NativeConnection } from '@temporalio/worker';
import type { ServerToClientEvents } from '@pco/domain';
import {
  appendServerEvent,
  headHash,
  onHandQuantity,
  submitBatch,
  getConflict,
  type Em,
  type StoreOrm,
  type StoredConflict,
} from '@pco/store';
import { DEMO, seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { testTemporalAddress } from '../../jest/temporal';
import { connectClient, type TemporalClientHandle } from '../src/temporal-connection';
import { deviceRoom } from '@pco/sync-socket';
import { allValid, offlineIssue } from '@pco/store/test-support';
import { createConflictActivities } from '../src/activities/conflict';
import {
  createDeviceNotifier,
  InMemoryDeviceOutbox,
  socketIoDeviceSockets,
} from '../src/activities/conflict/device-notifier';
import { createSmtpMailer, type Mailer } from '../src/mail/mailer';
import { runWorker, type RunningWorker } from '../src/worker';

export const NOW = new Date('2026-11-26T08:00:00.000Z');
export const CONSOLE_URL = 'http://console.test';
const { locations: L, products: P, devices: D, persons: PERSONS } = DEMO;

export interface ReceivedMail {
  to: string[];
  subject: string;
  raw: string;
}

export interface SmtpInbox {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral port. STARTTLS is off: its bundled certificate has expired. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        // Long headers are folded onto continuation lines: unfold before reading the subject.
        const headers = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
        const subject = /^Subject: (.*)$/m.exec(headers)?.[1]?.trim() ?? '';
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, raw: unfold(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Undoes quoted-printable soft line breaks, so a long link can be searched for. */
const unfold = (raw: string): string => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

export interface DeviceSocketHub {
  io: Server;
  url: string;
  outbox: InMemoryDeviceOutbox;
  /** Connects a device's socket; it records every conflict message it receives. */
  connectDevice(
    deviceId: string,
  ): Promise<{ socket: ClientSocket; received: Array<{ event: keyof ServerToClientEvents; payload: unknown }> }>;
  close(): Promise<void>;
}

/** A Socket.IO server that puts each socket in its device's room (the gateway's naming). */
export async function startDeviceSocketHub(): Promise<DeviceSocketHub> {
  const http = createHttpServer();
  const io = new Server(http);
  io.on('connection', (socket) => void socket.join(deviceRoom(String(socket.handshake.auth.deviceId))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: ClientSocket[] = [];
  return {
    io,
    url,
    outbox: new InMemoryDeviceOutbox(),
    async connectDevice(deviceId) {
      const socket = connectSocket(url, { auth: { deviceId }, transports: ['websocket'] });
      clients.push(socket);
      const received: Array<{ event: keyof ServerToClientEvents; payload: unknown }> = [];
      socket.on('conflict:notice', (payload) => received.push({ event: 'conflict:notice', payload }));
      socket.on('conflict:resolved', (payload) => received.push({ event: 'conflict:resolved', payload }));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // The join happens in the server's connection handler: wait until the room has the socket.
      while ((await io.in(deviceRoom(deviceId)).fetchSockets()).length === 0)
        await new Promise((r) => setTimeout(r, 10));
      return { socket, received };
    },
    async close() {
      for (const c of clients) c.disconnect();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export interface ConflictWorkerParts {
  orm: StoreOrm;
  inbox: SmtpInbox;
  hub: DeviceSocketHub;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
}

export function conflictWorkerParts(
  parts: Omit<ConflictWorkerParts, 'taskQueue'> & { taskQueue?: string },
): ConflictWorkerParts & { mailer: Mailer } {
  const mailer = createSmtpMailer({
    host: '127.0.0.1',
    port: parts.inbox.port,
    from: 'PCO Inventory <no-reply@pco.test>',
    ignoreTLS: true,
  });
  return { ...parts, taskQueue: parts.taskQueue ?? `conflict-test-${randomUUID()}`, mailer };
}

export interface ConflictServices {
  db: FreshDatabase;
  inbox: SmtpInbox;
  hub: DeviceSocketHub;
  connection: NativeConnection;
  temporal: TemporalClientHandle;
  parts: ReturnType<typeof conflictWorkerParts>;
}

/** The real services every conflict test needs: seeded database, SMTP inbox, socket hub, Temporal. */
export async function startConflictServices(namespace: string): Promise<ConflictServices> {
  const db = await freshDatabase({ poolMax: 4 });
  await seedDemoData(db.orm, NOW);
  const inbox = await startSmtpInbox();
  const hub = await startDeviceSocketHub();
  const connection = await NativeConnection.connect({ address: testTemporalAddress() });
  const temporal = await connectClient({ address: testTemporalAddress(), namespace });
  const parts = conflictWorkerParts({ orm: db.orm, inbox, hub, connection, namespace });
  return { db, inbox, hub, connection, temporal, parts };
}

export async function startConflictWorker(parts: ConflictWorkerParts & { mailer: Mailer }): Promise<RunningWorker> {
  const notifier = createDeviceNotifier(socketIoDeviceSockets(parts.hub.io, deviceRoom), parts.hub.outbox);
  return runWorker({
    connection: parts.connection,
    namespace: parts.namespace,
    taskQueue: parts.taskQueue,
    activities: createConflictActivities({
      orm: parts.orm,
      mailer: parts.mailer,
      notifier,
      now: () => NOW,
      consoleUrl: CONSOLE_URL,
    }),
  });
}

const fork = (orm: StoreOrm): Em => orm.em.fork() as Em;

async function lastSeq(orm: StoreOrm, deviceId: string): Promise<number> {
  const rows = await fork(orm).execute<Array<{ last_accepted_seq: number }>>(
    'select last_accepted_seq from devices where id = ?',
    [deviceId],
  );
  return rows[0].last_accepted_seq;
}

/** The admin moves stock between the warehouse and the shared truck until it holds `target`. */
export async function setSharedTruckStock(orm: StoreOrm, target: number): Promise<void> {
  const current = await onHandQuantity(fork(orm), L.vehicle2, P.glueBoards);
  if (current === target) return;
  const inward = current < target;
  const result = await appendServerEvent(
    orm,
    {
      eventId: randomUUID(),
      eventType: 'ProductTransferred',
      product: P.glueBoards,
      quantity: { value: Math.abs(target - current), unit: 'each' },
      fromLocation: inward ? L.warehouse : L.vehicle2,
      toLocation: inward ? L.vehicle2 : L.warehouse,
      performedBy: PERSONS.admin,
      occurredAt: NOW.toISOString(),
      data: {},
    },
    NOW,
  );
  if (!result.ok) throw new Error(`stock move refused: ${result.error.code} ${result.error.message}`);
}

/**
 * The spec's "Conflict During Sync": the shared truck holds 50; tech2 and tech3, both offline
 * since the same state, issue 30 and 35; tech2 syncs first; tech3's issue becomes a conflict.
 */
export async function createSharedTruckConflict(orm: StoreOrm): Promise<StoredConflict> {
  await setSharedTruckStock(orm, 50);
  const known = await headHash(fork(orm));
  const claimedAt = '2026-11-25T15:00:00.000Z';
  const issue = (tech: 'tech2' | 'tech3', seq: number, value: number) =>
    offlineIssue({
      tech,
      seq,
      from: L.vehicle2,
      product: P.glueBoards,
      value,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
  const first = [issue('tech2', (await lastSeq(orm, D.tech2)) + 1, 30)];
  const a = await submitBatch(orm, { deviceId: D.tech2, events: first, signatureValid: allValid(first), now: NOW });
  if (a.answers[0].status !== 'accepted')
    throw new Error(`tech2's issue was not accepted: ${JSON.stringify(a.answers[0])}`);
  const second = [issue('tech3', (await lastSeq(orm, D.tech3)) + 1, 35)];
  const b = await submitBatch(orm, { deviceId: D.tech3, events: second, signatureValid: allValid(second), now: NOW });
  if (b.conflicts.length !== 1) throw new Error(`tech3's issue did not conflict: ${JSON.stringify(b.answers[0])}`);
  return (await getConflict(fork(orm), b.conflicts[0].conflictId))!;
}

/** tech3's next event, to prove the device syncs again after the resolution. */
export async function submitNextTech3Issue(orm: StoreOrm, value: number) {
  const known = await headHash(fork(orm));
  const events = [
    offlineIssue({
      tech: 'tech3',
      seq: (await lastSeq(orm, D.tech3)) + 1,
      from: L.vehicle2,
      product: P.glueBoards,
      value,
      unit: 'each',
      claimedAt: '2026-11-26T07:00:00.000Z',
      lastKnownHash: known,
    }),
  ];
  return submitBatch(orm, { deviceId: D.tech3, events, signatureValid: allValid(events), now: NOW });
}

export async function logEventsOfConflict(
  orm: StoreOrm,
  conflictId: string,
): Promise<Array<{ type: string; quantity: number; event: Record<string, unknown> }>> {
  const rows = await fork(orm).execute<
    Array<{ event_type: string; payload: { quantity: { value: number } } & Record<string, unknown> }>
  >(
    `select event_type, payload from event_log where payload->'data'->>'conflictId' = ? or payload->'data'->>'note' like ? order by position`,
    [conflictId, `%${conflictId}%`],
  );
  return rows.map((r) => ({ type: r.event_type, quantity: r.payload.quantity.value, event: r.payload }));
}

export async function conflictRow(orm: StoreOrm, conflictId: string) {
  const rows = await fork(orm).execute<
    Array<{ status: string; severity: string; resolution: Record<string, unknown> | null }>
  >('select status, severity, resolution from conflicts where id = ?', [conflictId]);
  return rows[0];
}

export async function heldBy(orm: StoreOrm, deviceId: string): Promise<string | null> {
  const rows = await fork(orm).execute<Array<{ held_by_conflict_id: string | null }>>(
    'select held_by_conflict_id from devices where id = ?',
    [deviceId],
  );
  return rows[0].held_by_conflict_id;
}

export const DEMO_IDS = { L, P, D, PERSONS };

/** Generous: on the shared 2-core machine a webpack bundle plus a Temporal round trip can take tens of seconds. */
export const CONDITION_TIMEOUT_MS = 60_000;

/**
 * Polls `check` until it returns a value other than undefined/false, and returns it; throws
 * naming `what` after `timeoutMs`, so a slow machine gives a clear message, not a later
 * unrelated assertion failure.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = CONDITION_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error; // e.g. a query while no worker polls: retry until the deadline.
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Worker.stop() bounded in time: a stuck shutdown is reported instead of hanging the suite. */
export async function stopWorker(worker: RunningWorker, timeoutMs = 30_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`worker did not stop within ${timeoutMs} ms (state ${worker.worker.getState()})`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([worker.stop(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export { settleEach, teardownAll } from './teardown';
