/**
 * The spec's "Conflict During Sync" through the whole wired system: two technicians sharing a
 * truck upload through the REAL gateway; the conflict's workflow starts by itself (onConflicts
 * hook); the device hears of it through the outbox; a manager decides; the device is told and
 * syncs again. Sync attempts land in device_metrics through the gateway's onSyncAttempt.
 */
import type { ConflictNotice } from '@pco/domain';
import { DEMO } from '@pco/store/demo';
import { conflictWorkflowId, decideUpdate, type conflictResolutionWorkflow } from '@pco/workflows';
import { upload } from '@pco/sync-socket/test-support';
import type { DeviceSocket } from '@pco/sync-socket/test-support';
import {
  connectRecording,
  currentHash,
  eventsOf,
  notificationsOf,
  startWiredSystem,
  waitUntil,
  type RecordingDevice,
  type WiredSystem,
} from './wiring-support';

jest.setTimeout(120_000);

const { locations: L, products: P, devices: D, persons: PERSONS } = DEMO;
let system: WiredSystem;
const sockets: RecordingDevice[] = [];

beforeAll(async () => {
  system = await startWiredSystem();
});

afterAll(async () => {
  for (const s of sockets) s.socket.close();
  await system?.close();
});

const asDeviceSocket = (r: RecordingDevice) => r.socket as unknown as DeviceSocket;

async function issueGlueBoards(tech: 'tech2' | 'tech3', value: number, known: string) {
  const events = await eventsOf(system.db.orm, tech);
  return events.next({
    eventType: 'ProductIssued',
    product: P.glueBoards,
    quantity: { value, unit: 'each' },
    fromLocation: L.vehicle2,
    toLocation: L.customerSite,
    data: { jobReference: `job-${tech}` },
    lastKnownServerStateHash: known,
  });
}

it('given two technicians on the shared truck, when the second upload conflicts, then its workflow starts, the device is told through the outbox, a manager decides and the device syncs again', async () => {
  const url = system.gateway.url;
  const tech2 = await connectRecording(url, 'tech2');
  const tech3 = await connectRecording(url, 'tech3');
  sockets.push(tech2, tech3);

  // Both offline since the same state: the truck holds 50 glue boards; 30 then 35 are issued.
  const known = await currentHash(system.db.orm);
  const first = await issueGlueBoards('tech2', 30, known);
  const second = await issueGlueBoards('tech3', 35, known);
  const a = await upload(asDeviceSocket(tech2), [first]);
  expect(a.ok && a.data.answers[0].status).toBe('accepted');
  const b = await upload(asDeviceSocket(tech3), [second]);
  if (!b.ok || b.data.answers[0].status !== 'conflict')
    throw new Error(`expected a conflict, got ${JSON.stringify(b)}`);
  const conflictId = b.data.answers[0].conflictId;

  // The workflow was started by the gateway's hook, not by this test.
  const handle = system.temporal.client.workflow.getHandle<typeof conflictResolutionWorkflow>(
    conflictWorkflowId(conflictId),
  );
  await waitUntil(
    async () => (await handle.describe().catch(() => null))?.status.name === 'RUNNING',
    15_000,
    'the conflict workflow',
  );
  expect((await handle.describe()).taskQueue).toBe(system.taskQueue);

  // One notice reaches tech3, through the outbox: the gateway writes it at answer time and the
  // workflow's own write (same dedupe key) adds nothing.
  await tech3.waitFor('conflict:notice', 1, 20_000);
  const notices = tech3.of('conflict:notice') as ConflictNotice[];
  expect(notices.map((n) => n.conflictId)).toEqual([conflictId]);
  expect(notices[0].sequenceNumber).toBe(second.offlineContext?.sequenceNumber);
  // The row is marked delivered in the transaction that emitted it, which commits just after the emit.
  await waitUntil(
    async () => (await notificationsOf(system.db.orm, D.tech3)).every((r) => r.delivered_at !== null),
    5_000,
    'delivered_at',
  );
  const noticeRows = await notificationsOf(system.db.orm, D.tech3);
  expect(noticeRows.map((r) => [r.kind, r.payload.conflictId, r.delivered_at !== null])).toEqual([
    ['conflict:notice', conflictId, true],
  ]);
  expect(tech2.of('conflict:notice')).toHaveLength(0);

  // A manager merges: what is left on the truck (20) is applied.
  const outcome = await handle.executeUpdate(decideUpdate, {
    args: [{ actor: { personId: PERSONS.manager, role: 'manager' }, decision: { option: 'merge' } }],
  });
  expect(outcome.status).toBe('resolved');

  await tech3.waitFor('conflict:resolved', 1, 20_000);
  expect(tech3.of('conflict:resolved')).toEqual([{ conflictId, resolution: 'merge' }]);
  await waitUntil(
    async () => (await notificationsOf(system.db.orm, D.tech3)).every((r) => r.delivered_at !== null),
    5_000,
    'delivered_at',
  );
  const rows = await notificationsOf(system.db.orm, D.tech3);
  expect(rows.map((r) => [r.kind, r.delivered_at !== null])).toEqual([
    ['conflict:notice', true],
    ['conflict:resolved', true],
  ]);
  expect((await handle.result()).status).toBe('resolved');

  // The device's hold is released: its next event is accepted.
  const next = await (
    await eventsOf(system.db.orm, 'tech3')
  ).next({
    eventType: 'ProductIssued',
    product: P.gloves,
    quantity: { value: 4, unit: 'each' },
    fromLocation: L.vehicle2,
    toLocation: L.customerSite,
    data: {},
    lastKnownServerStateHash: await currentHash(system.db.orm),
  });
  const c = await upload(asDeviceSocket(tech3), [next]);
  expect(c.ok && c.data.answers.map((x) => x.status)).toEqual(['accepted']);

  // Every upload above was answered ok: each device has a successful attempt recorded.
  await waitUntil(async () => (await metrics()).length === 2, 5_000, 'device_metrics rows');
  expect(await metrics()).toEqual([
    { device_id: D.tech2, consecutive_sync_failures: 0 },
    { device_id: D.tech3, consecutive_sync_failures: 0 },
  ]);
});

const metrics = () =>
  system.db.orm.em
    .fork()
    .execute<Array<{ device_id: string; consecutive_sync_failures: number }>>(
      'select device_id, consecutive_sync_failures from device_metrics order by device_id',
    );
