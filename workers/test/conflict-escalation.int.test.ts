/**
 * The two timers and durability, with real parts. Durations are workflow inputs (seconds here;
 * 24h / 7d by default) because no time-skipping server runs on this machine.
 *
 * Robust on a loaded 2-core machine: timers are inputs, but every assertion waits on a
 * condition (inbox, workflow query, history, database row) for up to CONDITION_TIMEOUT_MS,
 * and teardown runs every step even when a test failed half-way.
 */
import { NativeConnection } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { loadConfig } from '@pco/config';
import type { FreshDatabase } from '@pco/store/test-support';
import { conflictStateQuery, conflictWorkflowId, decideUpdate, type conflictResolutionWorkflow } from '@pco/workflows';
import type { TemporalClientHandle } from '../src/temporal-connection';
import { startConflictWorkflows, type ConflictStartOptions } from '../src/activities/conflict';
import type { RunningWorker } from '../src/worker';
import {
  conflictRow,
  conflictWorkerParts,
  createSharedTruckConflict,
  DEMO_IDS,
  heldBy,
  startConflictServices,
  startConflictWorker,
  settleEach,
  stopWorker,
  teardownAll,
  waitUntil,
  type DeviceSocketHub,
  type ReceivedMail,
  type SmtpInbox,
} from './conflict-support';

jest.setTimeout(240_000);

const { L, P, D, PERSONS } = DEMO_IDS;
const config = loadConfig();
type Timers = Required<Pick<ConflictStartOptions, 'acknowledgeTimeout' | 'criticalTimeout'>>;
type Handle = WorkflowHandle<typeof conflictResolutionWorkflow>;

let db: FreshDatabase;
let inbox: SmtpInbox;
let hub: DeviceSocketHub;
let connection: NativeConnection;
let temporal: TemporalClientHandle;
let parts: ReturnType<typeof conflictWorkerParts>;
const workers: RunningWorker[] = [];
const handles: Handle[] = [];
/** Each test has its own task queue, so a worker left by a failed test never serves the next. */
let taskQueue = '';
let testNumber = 0;

beforeAll(async () => {
  ({ db, inbox, hub, connection, temporal, parts } = await startConflictServices(config.temporal.namespace));
});

beforeEach(() => {
  taskQueue = `${parts.taskQueue}-${++testNumber}`;
});

afterAll(async () => {
  await teardownAll([
    ['stop workers', () => settleEach(workers.map((worker) => stopWorker(worker)))],
    ['terminate open workflows', () => settleEach(handles.map(terminateIfRunning))],
    ['close mailer', () => parts?.mailer.close()],
    ['close worker connection', () => connection?.close()],
    ['close client connection', () => temporal?.close()],
    ['close socket hub', () => hub?.close()],
    ['close SMTP inbox', () => inbox?.close()],
    ['drop database', () => db?.drop()],
  ]);
});

async function terminateIfRunning(handle: Handle): Promise<void> {
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') await handle.terminate('test teardown');
}

async function newWorker(): Promise<RunningWorker> {
  const worker = await startConflictWorker({ ...parts, taskQueue });
  workers.push(worker);
  return worker;
}

async function openConflict(timers: Timers): Promise<{ conflictId: string; handle: Handle }> {
  const conflict = await createSharedTruckConflict(db.orm);
  await startConflictWorkflows(temporal.client, db.orm, [conflict.conflictId], { taskQueue, ...timers });
  const handle: Handle = temporal.client.workflow.getHandle(conflictWorkflowId(conflict.conflictId));
  handles.push(handle);
  return { conflictId: conflict.conflictId, handle };
}

const mailsAbout = (conflictId: string): ReceivedMail[] =>
  inbox.mails.filter((m) => m.raw.includes(`/conflicts/${conflictId}`));
const waitForMails = (conflictId: string, count: number) =>
  waitUntil(
    `${count} mails about ${conflictId}`,
    () => mailsAbout(conflictId).length >= count && mailsAbout(conflictId),
  );
const bySubject = (mails: ReceivedMail[], prefix: string): ReceivedMail | undefined =>
  mails.find((m) => m.subject.startsWith(prefix));

/** How many events of one kind the server has recorded; timers fire there even with no worker. */
async function historyCount(
  handle: Handle,
  kind: 'timerStartedEventAttributes' | 'timerFiredEventAttributes',
): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((event) => event[kind] != null).length;
}

it('Given an unacknowledged conflict, When 2s then 6s pass, Then the technician and then the managers are emailed and severity goes warning → critical', async () => {
  await newWorker();
  const { conflictId, handle } = await openConflict({ acknowledgeTimeout: '2s', criticalTimeout: '6s' });

  const mails = await waitForMails(conflictId, 2);
  // The inbox gets a mail while its activity still runs; the workflow records it only afterwards.
  const state = await waitUntil('the workflow to record both emails', async () => {
    const s = await handle.query(conflictStateQuery);
    return s.emails.length === 2 && s;
  });
  const row = await waitUntil('severity critical in the database', async () => {
    const r = await conflictRow(db.orm, conflictId);
    return r.severity === 'critical' && r;
  });
  const described = await waitUntil('search attribute Severity=critical', async () => {
    const d = await handle.describe();
    return JSON.stringify(d.searchAttributes.Severity) === '["critical"]' && d;
  });
  await handle.executeUpdate(decideUpdate, {
    args: [{ actor: { personId: PERSONS.manager, role: 'manager' }, decision: { option: 'accept_server' } }],
  });
  await handle.result();

  const link = `http://console.test/conflicts/${conflictId}`;
  const toTechnician = bySubject(mails, 'Action needed');
  const toManagers = bySubject(mails, 'CRITICAL');
  expect(toTechnician?.to).toEqual(['jordan.kim@pco.example']);
  expect(toTechnician?.subject).toBe(`Action needed: inventory conflict on ${P.glueBoards} at ${L.vehicle2}`);
  expect(toTechnician?.raw).toContain(link);
  expect(toManagers?.to).toEqual(['morgan.lee@pco.example']);
  expect(toManagers?.subject).toBe(`CRITICAL: inventory conflict still unresolved: ${P.glueBoards} at ${L.vehicle2}`);
  expect(toManagers?.raw).toContain(link);
  expect(state).toMatchObject({ status: 'open', severity: 'critical', acknowledgedAt: null });
  expect(state.emails.map((e) => [e.audience, e.reason])).toEqual([
    ['technician', 'unacknowledged'],
    ['managers', 'critical'],
  ]);
  expect(row.severity).toBe('critical');
  expect(described.searchAttributes).toMatchObject({ Severity: ['critical'], ConflictStatus: ['open'] });
  // The device was offline the whole time: its banners wait in the outbox for its next connection.
  expect(hub.outbox.drain(D.tech3).map((m) => m.type)).toEqual(['conflict:notice', 'conflict:resolved']);
});

it('Given a worker stopped mid-conflict, When both timers fire with no worker and a new worker starts, Then nothing is lost and the workflow completes', async () => {
  const first = await newWorker();
  // 8 s of margin between "both timers started" and the first firing: enough to stop a worker on a busy machine.
  const { conflictId, handle } = await openConflict({ acknowledgeTimeout: '8s', criticalTimeout: '10s' });
  await waitUntil(
    'both escalation timers started',
    async () => (await historyCount(handle, 'timerStartedEventAttributes')) === 2,
  );
  const noticesBeforeStop = hub.outbox.size(D.tech3);

  await stopWorker(first);
  await waitUntil(
    'both timers fired while no worker runs',
    async () => (await historyCount(handle, 'timerFiredEventAttributes')) === 2,
  );
  const mailsWhileDown = mailsAbout(conflictId).length;
  await newWorker();
  const mails = await waitForMails(conflictId, 2);
  const outcome = await handle.executeUpdate(decideUpdate, {
    args: [{ actor: { personId: PERSONS.tech3, role: 'technician' }, decision: { option: 'accept_server' } }],
  });
  const final = await handle.result();

  expect(noticesBeforeStop).toBe(1);
  expect(mailsWhileDown).toBe(0);
  // Both timers fired before the new worker ran, so the two emails are sent concurrently: any order.
  expect(mails.map((m) => m.subject.split(':')[0]).sort()).toEqual(['Action needed', 'CRITICAL']);
  expect(outcome).toMatchObject({ status: 'resolved' });
  expect(final).toMatchObject({ status: 'resolved', severity: 'critical' });
  expect(final.emails.map((e) => e.audience).sort()).toEqual(['managers', 'technician']);
  expect(await conflictRow(db.orm, conflictId)).toMatchObject({ status: 'resolved', severity: 'critical' });
  expect(await heldBy(db.orm, D.tech3)).toBeNull();
});
