/**
 * The two timers and durability, with real parts. Durations are workflow inputs ('2s' / '4s'
 * here; 24h / 7d by default) because no time-skipping server runs on this machine.
 */
import { NativeConnection } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { loadConfig } from '@pco/config';
import { seedDemoData } from '@pco/store';
import { freshDatabase, type FreshDatabase } from '@pco/store/src/testing/fresh-database';
import { conflictStateQuery, conflictWorkflowId, decideUpdate, type conflictResolutionWorkflow } from '@pco/workflows';
import { testTemporalAddress } from '../../jest/temporal';
import { connectClient, type TemporalClientHandle } from '../src/temporal-connection';
import { startConflictWorkflows } from '../src/activities/conflict';
import type { RunningWorker } from '../src/worker';
import {
  conflictRow, conflictWorkerParts, createSharedTruckConflict, DEMO_IDS, heldBy, NOW, startConflictWorker, startDeviceSocketHub,
  startSmtpInbox, type DeviceSocketHub, type ReceivedMail, type SmtpInbox,
} from './conflict-support';

jest.setTimeout(120_000);

const { L, P, D, PERSONS } = DEMO_IDS;
const config = loadConfig();
const TIMERS = { acknowledgeTimeout: '2s', criticalTimeout: '4s' } as const;

let db: FreshDatabase;
let inbox: SmtpInbox;
let hub: DeviceSocketHub;
let connection: NativeConnection;
let temporal: TemporalClientHandle;
let parts: ReturnType<typeof conflictWorkerParts>;
const workers: RunningWorker[] = [];
let testNumber = 0;
beforeEach(() => {
  taskQueue = `${parts.taskQueue}-${++testNumber}`;
});

beforeAll(async () => {
  db = await freshDatabase({ poolMax: 4 });
  await seedDemoData(db.orm, NOW);
  inbox = await startSmtpInbox();
  hub = await startDeviceSocketHub();
  connection = await NativeConnection.connect({ address: testTemporalAddress() });
  temporal = await connectClient({ address: testTemporalAddress(), namespace: config.temporal.namespace });
  parts = conflictWorkerParts({ orm: db.orm, inbox, hub, connection, namespace: config.temporal.namespace });
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  parts?.mailer.close();
  await connection?.close();
  await temporal?.close();
  await hub?.close();
  await inbox?.close();
  await db?.drop();
});

/** Each test has its own task queue, so a worker left by a failed test never blocks the next. */
let taskQueue = '';
async function newWorker(): Promise<RunningWorker> {
  const worker = await startConflictWorker({ ...parts, taskQueue });
  workers.push(worker);
  return worker;
}

async function openConflict(): Promise<{ conflictId: string; handle: WorkflowHandle<typeof conflictResolutionWorkflow> }> {
  const conflict = await createSharedTruckConflict(db.orm);
  await startConflictWorkflows(temporal.client, db.orm, [conflict.conflictId], { taskQueue, ...TIMERS });
  return { conflictId: conflict.conflictId, handle: temporal.client.workflow.getHandle(conflictWorkflowId(conflict.conflictId)) };
}

async function mailsAbout(conflictId: string, count: number, timeoutMs = 30_000): Promise<ReceivedMail[]> {
  const until = Date.now() + timeoutMs;
  const about = () => inbox.mails.filter((m) => m.raw.includes(`/conflicts/${conflictId}`));
  while (about().length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  return about();
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

it('Given an unacknowledged conflict, When 2s then 4s pass, Then the technician and then the managers are emailed and severity goes warning → critical', async () => {
  const worker = await newWorker();
  const { conflictId, handle } = await openConflict();

  const [toTechnician, toManagers] = await mailsAbout(conflictId, 2);
  await until(async () => (await conflictRow(db.orm, conflictId)).severity === 'critical');
  const state = await handle.query(conflictStateQuery);
  const described = await handle.describe();
  await handle.executeUpdate(decideUpdate, { args: [{ actor: { personId: PERSONS.manager, role: 'manager' }, decision: { option: 'accept_server' } }] });
  await handle.result();

  const link = `http://console.test/conflicts/${conflictId}`;
  expect(toTechnician.to).toEqual(['jordan.kim@pco.example']);
  expect(toTechnician.subject).toBe(`Action needed: inventory conflict on ${P.glueBoards} at ${L.vehicle2}`);
  expect(toTechnician.raw).toContain(link);
  expect(toManagers.to).toEqual(['morgan.lee@pco.example']);
  expect(toManagers.subject).toBe(`CRITICAL: inventory conflict still unresolved: ${P.glueBoards} at ${L.vehicle2}`);
  expect(toManagers.raw).toContain(link);
  expect(state).toMatchObject({ status: 'open', severity: 'critical', acknowledgedAt: null });
  expect(state.emails.map((e) => [e.audience, e.reason])).toEqual([['technician', 'unacknowledged'], ['managers', 'critical']]);
  expect(described.searchAttributes).toMatchObject({ Severity: ['critical'], ConflictStatus: ['open'] });
  // The device was offline the whole time: its banners wait in the outbox for its next connection.
  expect(hub.outbox.drain(D.tech3).map((m) => m.type)).toEqual(['conflict:notice', 'conflict:resolved']);
  await worker.stop();
});

it('Given a worker killed mid-conflict, When both timers pass with no worker and a new worker starts, Then nothing is lost and the workflow completes', async () => {
  const first = await newWorker();
  const { conflictId, handle } = await openConflict();
  await until(() => hub.outbox.size(D.tech3) === 1);

  await first.stop();
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const mailsWhileDown = (await mailsAbout(conflictId, 0, 0)).length;
  await newWorker();
  const mails = await mailsAbout(conflictId, 2);
  const outcome = await handle.executeUpdate(decideUpdate, {
    args: [{ actor: { personId: PERSONS.tech3, role: 'technician' }, decision: { option: 'accept_server' } }],
  });
  const final = await handle.result();

  expect(mailsWhileDown).toBe(0);
  expect(mails.map((m) => m.subject.split(':')[0])).toEqual(['Action needed', 'CRITICAL']);
  expect(outcome).toMatchObject({ status: 'resolved' });
  expect(final).toMatchObject({ status: 'resolved', severity: 'critical' });
  expect(await conflictRow(db.orm, conflictId)).toMatchObject({ status: 'resolved', severity: 'critical' });
  expect(await heldBy(db.orm, D.tech3)).toBeNull();
});
