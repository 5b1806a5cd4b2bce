/**
 * Issue 7.3 end to end: a phone whose clock is 3 days ahead connects through the REAL gateway
 * (server-issued challenge), uploads, and its events are accepted in sequence
 * order; then the clock-skew scan, started by its Temporal Schedule (no human), flags them
 * FUTURE. The schedule is created idempotently, and a later scheduled run resumes where the
 * previous one stopped.
 */
import { randomUUID } from 'node:crypto';
import {
  DEMO,
  DeviceEvents,
  connectDevice,
  demoDevice,
  freshAuth,
  upload,
  type DeviceSocket,
} from '@pco/sync-socket/test-support';
import type { clockSkewScanWorkflow } from '@pco/workflows';
import { createClockSkewActivities, ensureClockSkewSchedule } from '../src/activities/recovery';
import type { OpsHarness } from './recovery-ops-testkit';
import { startScheduledScanHarness } from './scheduled-scan-testkit';

jest.setTimeout(180_000);

const DAY = 24 * 60 * 60_000;
const taskQueue = `clock-skew-schedule-${randomUUID()}`;
const scheduleId = `clock-skew-scan-test-${randomUUID()}`;
const tech1 = demoDevice('tech1');
const deviceClock = () => new Date(Date.now() + 3 * DAY);
const events = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId, deviceClock);
const issueOne = () =>
  events.next({
    eventType: 'ProductIssued',
    product: DEMO.products.gloves,
    quantity: { value: 1, unit: 'each' },
    fromLocation: DEMO.locations.vehicle1,
    toLocation: DEMO.locations.customerSite,
  });

let ops: OpsHarness;
let url: string;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ ops, url, stop } = await startScheduledScanHarness({
    taskQueue,
    scheduleId,
    activities: (db) => createClockSkewActivities({ orm: db.orm, now: () => new Date() }),
  }));
});

afterAll(() => stop?.());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The schedule's description; a describe that times out on a loaded machine is asked again. */
async function describeSchedule() {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await ops.client.schedule.getHandle(scheduleId).describe()).info;
    } catch (error) {
      if (attempt >= 5) throw error;
      await pause(500);
    }
  }
}

type ScanResult = Awaited<ReturnType<typeof clockSkewScanWorkflow>>;

/** Results of the schedule's runs, in order, each read once, until `done` holds for the runs so far. */
async function scheduledRunsUntil(
  done: (runs: ScanResult[]) => boolean,
  runs: ScanResult[],
  seen: Set<string>,
): Promise<ScanResult[]> {
  for (let i = 0; i < 400 && !done(runs); i++) {
    // Scheduled workflow ids have one-second resolution: a run is told apart by its run id.
    for (const { action } of (await describeSchedule()).recentActions) {
      if (seen.has(action.workflow.firstExecutionRunId)) continue;
      seen.add(action.workflow.firstExecutionRunId);
      runs.push(
        await ops.client.workflow
          .getHandle<typeof clockSkewScanWorkflow>(action.workflow.workflowId, action.workflow.firstExecutionRunId)
          .result(),
      );
    }
    await pause(250);
  }
  return runs;
}

const totalScanned = (runs: ScanResult[]) => runs.reduce((sum, r) => sum + r.scanned, 0);

it('a device 3 days ahead connects, its events are accepted in order, and the scheduled scan flags them by itself', async () => {
  const socket: DeviceSocket = await connectDevice(
    url,
    await freshAuth(url, tech1.deviceId, tech1.keys, deviceClock()),
  );
  try {
    const ack = await upload(socket, [issueOne(), issueOne(), issueOne()]);
    if (!ack.ok) throw new Error(`batch refused: ${ack.error.code}`);
    expect(ack.data.answers.map((a) => [a.status, a.sequenceNumber])).toEqual([
      ['accepted', 1],
      ['accepted', 2],
      ['accepted', 3],
    ]);
  } finally {
    socket.close();
  }

  // Created once; a second ensure (a second worker, a restart) leaves it as it is.
  const first = await ensureClockSkewSchedule(ops.client, { taskQueue, scheduleId, interval: '2 seconds' });
  const again = await ensureClockSkewSchedule(ops.client, { taskQueue, scheduleId, interval: '2 seconds' });
  expect([first.created, again.created]).toEqual([true, false]);

  const runs: ScanResult[] = [];
  const seen = new Set<string>();
  await scheduledRunsUntil((r) => totalScanned(r) >= 3, runs, seen);
  expect(runs.reduce((sum, r) => sum + r.flagged, 0)).toBe(3);
  const flags = await ops.rows<{ sequence_number: number; issues: string[] }>(
    'select sequence_number, issues from timestamp_flags where device_id = ? order by sequence_number',
    [tech1.deviceId],
  );
  expect(flags).toEqual([1, 2, 3].map((n) => ({ sequence_number: n, issues: ['FUTURE'] })));

  // Later runs resume where the previous scheduled run stopped (its last result): every device
  // event is scanned exactly once over all runs, and the new one is flagged too.
  const later = await connectDevice(url, await freshAuth(url, tech1.deviceId, tech1.keys, deviceClock()));
  try {
    const ack = await upload(later, [issueOne()]);
    expect(ack.ok && ack.data.answers[0].status).toBe('accepted');
  } finally {
    later.close();
  }
  await scheduledRunsUntil((r) => totalScanned(r) >= 4, runs, seen);
  expect(totalScanned(runs)).toBe(4);
  expect(runs.reduce((sum, r) => sum + r.flagged, 0)).toBe(4);
});
