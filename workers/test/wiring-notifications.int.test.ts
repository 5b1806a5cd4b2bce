/**
 * The durable device notification outbox across the wired system: written while the device is
 * offline ⇒ delivered on its next connect, exactly once; written by "another process" (a bare
 * insert + pg_notify, no in-process wake-up) ⇒ reaches a connected device through LISTEN; and a
 * revocation through the real workflow drops a connected device at once and refuses it after.
 */
import { DEMO } from '@pco/store/demo';
import { revokeDeviceWorkflowId, type revokeDeviceWorkflow } from '@pco/workflows';
import { expectRefused, freshAuth } from '@pco/sync-socket/test-support';
import { outboxFleetPort } from '../src/notifications/outbox-ports';
import {
  connectRecording,
  notificationsOf,
  startWiredSystem,
  waitUntil,
  type RecordingDevice,
  type WiredSystem,
} from './wiring-support';

jest.setTimeout(120_000);

const { devices: D, persons: PERSONS } = DEMO;
let system: WiredSystem;
const sockets: RecordingDevice[] = [];

beforeAll(async () => {
  system = await startWiredSystem();
});

afterAll(async () => {
  for (const s of sockets) s.socket.close();
  await system?.close();
});

const connect = async (tech: 'tech1' | 'tech2') => {
  const device = await connectRecording(system.gateway.url, tech);
  sockets.push(device);
  return device;
};
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('given notifications written while the device is offline, when it connects, then it gets each once and in order; a reconnect gets nothing again', async () => {
  const fleet = outboxFleetPort({ orm: system.workerOrm, now: () => new Date() });
  await fleet.admit('run-offline', [D.tech2], 3);
  await fleet.comeBackAt('run-offline', [{ deviceId: D.tech2, at: '2026-11-26T10:00:00.000Z' }]);
  // A retried activity writes nothing new (dedupe key).
  await fleet.admit('run-offline', [D.tech2], 3);
  expect((await notificationsOf(system.db.orm, D.tech2)).map((r) => [r.kind, r.delivered_at])).toEqual([
    ['recovery:admitted', null],
    ['recovery:come-back-at', null],
  ]);

  const first = await connect('tech2');
  await first.waitFor('recovery:come-back-at');
  await settle(500);
  expect(first.received.filter((r) => r.event.startsWith('recovery:'))).toEqual([
    { event: 'recovery:admitted', payload: { runId: 'run-offline', wave: 3 } },
    { event: 'recovery:come-back-at', payload: { runId: 'run-offline', at: '2026-11-26T10:00:00.000Z' } },
  ]);
  await waitUntil(
    async () => (await notificationsOf(system.db.orm, D.tech2)).every((r) => r.delivered_at !== null),
    5_000,
    'delivered_at',
  );

  first.socket.close();
  const second = await connect('tech2');
  await settle(1_000);
  // Every handshake is answered with the device's clock offset; no notification comes again.
  expect(second.received.map((r) => r.event)).toEqual(['clock:offset']);
});

it('given a connected device, when another process writes a notification (insert + pg_notify only), then LISTEN delivers it', async () => {
  const device = await connect('tech2');
  // Let the drain that runs on connect finish first, so it cannot be what delivers the row.
  await settle(1_000);
  const em = system.workerOrm.em.fork();
  await em.transactional(async (tem) => {
    const [row] = await tem.execute<Array<{ id: string }>>(
      `insert into device_notifications (device_id, kind, payload, created_at)
       values (?, 'recovery:admitted', '{"runId":"run-listen","wave":1}'::jsonb, now()) returning id::text as id`,
      [D.tech2],
    );
    await tem.execute("select pg_notify('device_notifications', ?)", [row.id]);
  });
  // The safety sweep runs every 10 minutes here: only the NOTIFY can deliver this in time.
  await device.waitFor('recovery:admitted', 1, 5_000);
  expect(device.of('recovery:admitted')).toEqual([{ runId: 'run-listen', wave: 1 }]);
  await waitUntil(
    async () => (await notificationsOf(system.db.orm, D.tech2)).every((r) => r.delivered_at !== null),
    5_000,
    'delivered_at',
  );
});

it('given the LISTEN connection is killed by the server, when a notification is written after, then the listener has reconnected and delivers it', async () => {
  const device = await connect('tech2');
  await settle(1_000);
  const em = system.workerOrm.em.fork();
  const killed = await em.execute<Array<{ pid: number }>>(
    "select pg_terminate_backend(pid) as pid from pg_stat_activity where datname = current_database() and query ilike 'listen%'",
  );
  expect(killed).toHaveLength(1);
  await settle(1_500); // The first retry comes after 500 ms.
  await em.transactional(async (tem) => {
    const [row] = await tem.execute<Array<{ id: string }>>(
      `insert into device_notifications (device_id, kind, payload, created_at)
       values (?, 'recovery:admitted', '{"runId":"run-reconnect","wave":2}'::jsonb, now()) returning id::text as id`,
      [D.tech2],
    );
    await tem.execute("select pg_notify('device_notifications', ?)", [row.id]);
  });
  await device.waitFor('recovery:admitted', 1, 5_000);
  expect(device.of('recovery:admitted')).toEqual([{ runId: 'run-reconnect', wave: 2 }]);
});

it('given a connected device, when revokeDeviceWorkflow runs, then the device is told and dropped at once, and its reconnect is refused with DEVICE_REVOKED', async () => {
  const device = await connect('tech1');
  const dropped = new Promise<string>((resolve) => device.socket.once('disconnect', resolve));
  const startedAt = Date.now();
  const handle = await system.temporal.client.workflow.start<typeof revokeDeviceWorkflow>('revokeDeviceWorkflow', {
    taskQueue: system.taskQueue,
    workflowId: revokeDeviceWorkflowId(D.tech1),
    args: [{ deviceId: D.tech1, reason: 'reported lost', revokedBy: PERSONS.admin }],
  });

  expect(await dropped).toBe('io server disconnect');
  const droppedAfterMs = Date.now() - startedAt;
  expect(droppedAfterMs).toBeLessThan(10_000);
  expect(device.of('device:revoked')).toEqual([{ deviceId: D.tech1, reason: 'reported lost' }]);

  const result = await handle.result();
  expect(result.deviceId).toBe(D.tech1);
  const refusal = await expectRefused(
    system.gateway.url,
    await freshAuth(system.gateway.url, D.tech1, device.device.keys),
  );
  expect(refusal.data?.code).toBe('DEVICE_REVOKED');
  // The revocation email reached the technician through the real SMTP server.
  await waitUntil(
    () => system.inbox.mails.some((m) => m.to.includes('alex.rivera@pco.example')),
    10_000,
    'the revocation email',
  );
});
