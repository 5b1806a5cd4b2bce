/**
 * Issue 11: the background verification of the event log. Chained events arrive through the REAL
 * gateway; the workflow (started by hand, progress as a query) verifies every stored signature and
 * both chains; after one stored row is edited through SQL, a run started by the Schedule names
 * that event and raises the integrity alert — and the monitoring evaluation does not close it.
 */
import { randomUUID } from 'node:crypto';
import { raiseAndResolve } from '@pco/store';
import { DEMO, DeviceEvents, connectDevice, demoDevice, freshAuth, upload } from '@pco/sync-socket/test-support';
import { logVerificationProgressQuery, type eventLogVerificationWorkflow } from '@pco/workflows';
import { createEvidenceActivities, ensureLogVerificationSchedule } from '../src/activities/evidence';
import type { OpsHarness } from './recovery-ops-testkit';
import { startScheduledScanHarness } from './scheduled-scan-testkit';

jest.setTimeout(180_000);

const taskQueue = `log-verification-${randomUUID()}`;
const scheduleId = `log-verification-test-${randomUUID()}`;
const tech1 = demoDevice('tech1');
const events = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId);
const returnOne = (n: number) =>
  events.next({
    eventType: 'ProductReturned',
    product: DEMO.products.gloves,
    quantity: { value: n, unit: 'each' },
    fromLocation: DEMO.locations.customerSite,
    toLocation: DEMO.locations.vehicle1,
    data: { reason: `job ${n}` },
  });
type Result = Awaited<ReturnType<typeof eventLogVerificationWorkflow>>;

let ops: OpsHarness;
let url: string;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ ops, url, stop } = await startScheduledScanHarness({
    taskQueue,
    scheduleId,
    activities: (db) => createEvidenceActivities({ orm: db.orm, now: () => new Date() }),
  }));
});

afterAll(() => stop?.());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('verifies the whole log, then names the edited row and raises the alert from its Schedule', async () => {
  const socket = await connectDevice(url, await freshAuth(url, tech1.deviceId, tech1.keys));
  const batch = [1, 2, 3, 4, 5].map(returnOne);
  try {
    const ack = await upload(socket, batch);
    expect(ack.ok && ack.data.answers.map((a) => a.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
  } finally {
    socket.close();
  }
  const [{ n: logRows }] = await ops.rows<{ n: number }>('select count(*)::int as n from event_log');

  // By hand: the log verifies; progress is queryable.
  const handle = await ops.client.workflow.start<typeof eventLogVerificationWorkflow>('eventLogVerificationWorkflow', {
    taskQueue,
    workflowId: `verify-${randomUUID()}`,
    args: [{ pageSize: 2 }],
  });
  const clean: Result = await handle.result();
  expect(clean).toMatchObject({ checked: logRows, signaturesVerified: 5, firstBad: null, done: true });
  expect(await handle.query(logVerificationProgressQuery)).toEqual(clean);

  // Someone with database access changes the reason of event 3; the content hash and chains are left as they were.
  const edited = batch[2];
  await ops.rows(`update event_log set payload = jsonb_set(payload, '{data,reason}', '"sold on"') where event_id = ?`, [
    edited.eventId,
  ]);

  await ensureLogVerificationSchedule(ops.client, { taskQueue, scheduleId, interval: '2 seconds' });
  let found = null as Result | null;
  for (let i = 0; i < 400 && !found; i++) {
    const { recentActions } = (await ops.client.schedule.getHandle(scheduleId).describe()).info;
    for (const { action } of recentActions) {
      const result = await ops.client.workflow
        .getHandle<typeof eventLogVerificationWorkflow>(action.workflow.workflowId, action.workflow.firstExecutionRunId)
        .result();
      if (result.firstBad) found = result;
    }
    if (!found) await pause(250);
  }
  expect(found?.firstBad).toMatchObject({ eventId: edited.eventId, deviceId: tech1.deviceId, sequenceNumber: 3 });
  const alerts = await ops.rows<{ rule: string; subject_id: string; message: string; resolved_at: Date | null }>(
    'select rule, subject_id, message, resolved_at from alerts where rule = ?',
    ['event-log-integrity'],
  );
  expect(alerts).toEqual([
    expect.objectContaining({
      subject_id: edited.eventId,
      resolved_at: null,
      message: expect.stringContaining(edited.eventId),
    }),
  ]);

  // The monitoring evaluation closes alerts whose condition stopped holding; never this one.
  await raiseAndResolve(ops.db.orm.em.fork(), [], new Date().toISOString());
  const [stillOpen] = await ops.rows<{ resolved_at: Date | null }>('select resolved_at from alerts where rule = ?', [
    'event-log-integrity',
  ]);
  expect(stillOpen.resolved_at).toBeNull();
});
