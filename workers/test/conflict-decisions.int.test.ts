/**
 * Conflict resolution end to end with real parts: PostgreSQL (freshDatabase + demo seed),
 * the shared Temporal dev server, a bundled worker, Socket.IO to the device, SMTP for mail.
 * Each case makes the spec's conflict (50 on the shared truck, 30 then 35) and decides it.
 */
import { writeFileSync } from 'node:fs';
import { NativeConnection } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { loadConfig } from '@pco/config';
import { onHandQuantity, type Em } from '@pco/store';
import type { FreshDatabase } from '@pco/store/test-support';
import type { Actor, DecideRequest } from '@pco/domain';
import {
  acknowledgeUpdate,
  approveUpdate,
  conflictStateQuery,
  conflictWorkflowId,
  decideUpdate,
  type conflictResolutionWorkflow,
} from '@pco/workflows';
import type { TemporalClientHandle } from '../src/temporal-connection';
import { startConflictWorkflows, startMissingConflictWorkflows } from '../src/activities/conflict';
import type { RunningWorker } from '../src/worker';
import {
  conflictRow,
  conflictWorkerParts,
  createSharedTruckConflict,
  DEMO_IDS,
  heldBy,
  logEventsOfConflict,
  setSharedTruckStock,
  startConflictServices,
  startConflictWorker,
  submitNextTech3Issue,
  teardownAll,
  type DeviceSocketHub,
  type SmtpInbox,
} from './conflict-support';

jest.setTimeout(90_000);

const { L, P, D, PERSONS } = DEMO_IDS;
const config = loadConfig();
const tech3: Actor = { personId: PERSONS.tech3, role: 'technician' };
const manager: Actor = { personId: PERSONS.manager, role: 'manager' };
const admin: Actor = { personId: PERSONS.admin, role: 'admin' };

let db: FreshDatabase;
let inbox: SmtpInbox;
let hub: DeviceSocketHub;
let connection: NativeConnection;
let temporal: TemporalClientHandle;
let worker: RunningWorker;
let parts: ReturnType<typeof conflictWorkerParts>;

beforeAll(async () => {
  ({ db, inbox, hub, connection, temporal, parts } = await startConflictServices(config.temporal.namespace));
  worker = await startConflictWorker(parts);
});

afterAll(() =>
  teardownAll([
    ['worker', () => worker?.stop()],
    ['mailer', () => parts?.mailer.close()],
    ['connection', () => connection?.close()],
    ['temporal client', () => temporal?.close()],
    ['socket hub', () => hub?.close()],
    ['smtp inbox', () => inbox?.close()],
    ['database', () => db?.drop()],
  ]),
);

const em = (): Em => db.orm.em.fork() as Em;
const truckStock = () => onHandQuantity(em(), L.vehicle2, P.glueBoards);

async function openConflict(): Promise<{
  conflictId: string;
  handle: WorkflowHandle<typeof conflictResolutionWorkflow>;
}> {
  const conflict = await createSharedTruckConflict(db.orm);
  const started = await startConflictWorkflows(temporal.client, db.orm, [conflict.conflictId], {
    taskQueue: parts.taskQueue,
  });
  expect(started).toBe(1);
  return {
    conflictId: conflict.conflictId,
    handle: temporal.client.workflow.getHandle(conflictWorkflowId(conflict.conflictId)),
  };
}

const decide = (handle: WorkflowHandle, request: DecideRequest) =>
  handle.executeUpdate(decideUpdate, { args: [request] });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  // A validator's refusal is the direct cause; an activity's refusal is the cause of an ActivityFailure.
  let cause: Error | undefined = (error as WorkflowUpdateFailedError).cause;
  while (cause?.cause instanceof Error) cause = cause.cause;
  return String(cause?.message);
}

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('technician decisions', () => {
  it('accept_server: appends nothing, resolves, releases the device, tells it over its socket; its next event syncs', async () => {
    const device = await hub.connectDevice(D.tech3);
    const { conflictId, handle } = await openConflict();
    expect(await heldBy(db.orm, D.tech3)).toBe(conflictId);

    const acknowledged = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: tech3 }] });
    const outcome = await decide(handle, { actor: tech3, decision: { option: 'accept_server' } });
    const final = await handle.result();

    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect(outcome).toMatchObject({
      status: 'resolved',
      resolution: { option: 'accept_server', appendedEventIds: [], appliedQuantity: 0 },
    });
    expect(final.status).toBe('resolved');
    expect(await truckStock()).toBe(20);
    expect(await logEventsOfConflict(db.orm, conflictId)).toEqual([]);
    expect(await conflictRow(db.orm, conflictId)).toMatchObject({
      status: 'resolved',
      resolution: { option: 'accept_server' },
    });
    expect(await heldBy(db.orm, D.tech3)).toBeNull();
    await waitFor(() => device.received.length >= 2);
    expect(device.received.map((m) => m.event)).toEqual(['conflict:notice', 'conflict:resolved']);
    expect(device.received[1].payload).toEqual({ conflictId, resolution: 'accept_server' });
    const next = await submitNextTech3Issue(db.orm, 5);
    expect(next.answers[0].status).toBe('accepted');
    const described = await handle.describe();
    expect(described.searchAttributes).toMatchObject({
      ConflictStatus: ['resolved'],
      DeviceId: [D.tech3],
      LocationId: [L.vehicle2],
      ProductId: [P.glueBoards],
      Severity: ['info'],
    });
    device.socket.disconnect();
    if (process.env.PCO_WRITE_CONFLICT_FIXTURE) {
      writeFileSync(
        `${__dirname}/../../workflows/test/fixtures/conflict-accept-server.json`,
        JSON.stringify(await handle.fetchHistory(), null, 1),
      );
    }
  });

  it('retry: refused while stock is short (stays open), applied whole once a restock makes it fit', async () => {
    const { conflictId, handle } = await openConflict();

    const short = await decide(handle, { actor: tech3, decision: { option: 'retry' } });
    const openState = await handle.query(conflictStateQuery);
    await setSharedTruckStock(db.orm, 35);
    const fits = await decide(handle, { actor: tech3, decision: { option: 'retry' } });
    await handle.result();

    expect(short).toEqual({
      status: 'still_conflicted',
      available: 20,
      message: 'retry: 35 each requested, 20 available now',
    });
    expect(openState).toMatchObject({ status: 'open', lastAttempt: { option: 'retry' } });
    expect(fits).toMatchObject({ status: 'resolved', resolution: { option: 'retry', appliedQuantity: 35 } });
    expect((await logEventsOfConflict(db.orm, conflictId)).map((e) => [e.type, e.quantity])).toEqual([
      ['ConflictResolutionApplied', 35],
    ]);
    expect(await truckStock()).toBe(0);
  });

  it('modify: applies the smaller quantity the technician chose', async () => {
    const { conflictId, handle } = await openConflict();

    await decide(handle, { actor: tech3, decision: { option: 'modify', quantity: { value: 18, unit: 'each' } } });
    await handle.result();

    expect((await logEventsOfConflict(db.orm, conflictId)).map((e) => [e.type, e.quantity])).toEqual([
      ['ConflictResolutionApplied', 18],
    ]);
    expect(await truckStock()).toBe(2);
  });
});

describe('escalation and manager decisions', () => {
  it('escalate: emails the managers and refuses further technician decisions; merge applies 20 and backorders 15', async () => {
    const { conflictId, handle } = await openConflict();

    const escalated = await decide(handle, {
      actor: tech3,
      decision: { option: 'escalate', note: 'both of us used it' },
    });
    const refusedTech = await refusal(decide(handle, { actor: tech3, decision: { option: 'accept_server' } }));
    const merged = await decide(handle, { actor: manager, decision: { option: 'merge', backorderRemainder: true } });
    const final = await handle.result();

    expect(escalated).toEqual({ status: 'escalated' });
    expect(final.escalationNote).toBe('both of us used it');
    expect(refusedTech).toBe('the conflict was escalated: a manager decides now');
    expect(merged).toMatchObject({
      status: 'resolved',
      resolution: { option: 'merge', appliedQuantity: 20, decidedBy: manager },
    });
    expect((await logEventsOfConflict(db.orm, conflictId)).map((e) => [e.type, e.quantity])).toEqual([
      ['ConflictResolutionApplied', 20],
      ['RequestCreated', 15],
    ]);
    const [request] = await em().execute<Array<{ status: string; quantity: string; to_location: string }>>(
      'select status, quantity, to_location from requests where id = ?',
      [(merged as { resolution: { backorderRequestId: string } }).resolution.backorderRequestId],
    );
    expect(request).toEqual({ status: 'pending', quantity: '15', to_location: L.vehicle2 });
    expect(await truckStock()).toBe(0);
    const mail = inbox.mails.find((m) => m.raw.includes(conflictId))!;
    expect(mail.to).toEqual(['morgan.lee@pco.example']);
    expect(mail.subject).toBe(`Conflict escalated to managers: ${P.glueBoards} at ${L.vehicle2}`);
    expect(mail.raw).toContain(`http://console.test/conflicts/${conflictId}`);
    expect(final.emails).toMatchObject([
      { audience: 'managers', reason: 'escalated', recipients: ['morgan.lee@pco.example'] },
    ]);
  });

  it('accept_local: waits for a second, different manager/admin; then adjusts +15 and applies 35', async () => {
    const { conflictId, handle } = await openConflict();

    const pending = await decide(handle, {
      actor: manager,
      decision: { option: 'accept_local', reason: 'stock was on the truck, count was wrong' },
    });
    const selfApproval = await refusal(
      handle.executeUpdate(approveUpdate, { args: [{ actor: manager, approved: true }] }),
    );
    const byTechnician = await refusal(
      handle.executeUpdate(approveUpdate, { args: [{ actor: tech3, approved: true }] }),
    );
    const anotherDecision = await refusal(decide(handle, { actor: admin, decision: { option: 'accept_server' } }));
    const approved = await handle.executeUpdate(approveUpdate, { args: [{ actor: admin, approved: true }] });
    await handle.result();

    expect(pending).toEqual({ status: 'awaiting_approval' });
    expect(selfApproval).toBe('the approver must differ from the manager who decided');
    expect(byTechnician).toBe('only a manager or admin approves');
    expect(anotherDecision).toBe('accept_local is waiting for approval: approve or reject it first');
    expect(approved).toMatchObject({
      status: 'resolved',
      resolution: { option: 'accept_local', decidedBy: manager, approvedBy: admin, appliedQuantity: 35 },
    });
    expect((await logEventsOfConflict(db.orm, conflictId)).map((e) => [e.type, e.quantity])).toEqual([
      ['InventoryAdjusted', 15],
      ['ConflictResolutionApplied', 35],
    ]);
    expect(await truckStock()).toBe(0);
  });

  it('investigate: appends DisputeOpened and writes the disputes row; stock untouched', async () => {
    const { conflictId, handle } = await openConflict();

    const outcome = await decide(handle, {
      actor: manager,
      decision: { option: 'investigate', reason: 'possible theft' },
    });
    await handle.result();

    const disputeId = (outcome as { resolution: { disputeId: string } }).resolution.disputeId;
    expect((await logEventsOfConflict(db.orm, conflictId)).map((e) => [e.type, e.quantity])).toEqual([
      ['DisputeOpened', 35],
    ]);
    const disputes = await em().execute(
      'select id, status, conflict_id, device_id, opened_by, reason from disputes where conflict_id = ?',
      [conflictId],
    );
    expect(disputes).toEqual([
      {
        id: disputeId,
        status: 'open',
        conflict_id: conflictId,
        device_id: D.tech3,
        opened_by: PERSONS.manager,
        reason: 'possible theft',
      },
    ]);
    expect(await truckStock()).toBe(20);
  });
});

describe('refusals', () => {
  it('refuses unknown roles, other technicians, options outside a role, and a manager claim the persons table denies', async () => {
    const { conflictId, handle } = await openConflict();

    const unknownRole = await refusal(
      decide(handle, { actor: { personId: 'x', role: 'janitor' as never }, decision: { option: 'accept_server' } }),
    );
    const otherTech = await refusal(
      decide(handle, { actor: { personId: PERSONS.tech2, role: 'technician' }, decision: { option: 'accept_server' } }),
    );
    const techMerge = await refusal(decide(handle, { actor: tech3, decision: { option: 'merge' } }));
    const managerRetry = await refusal(decide(handle, { actor: manager, decision: { option: 'retry' } }));
    const tooMuch = await refusal(
      decide(handle, { actor: tech3, decision: { option: 'modify', quantity: { value: 36, unit: 'each' } } }),
    );
    const falseManager = await refusal(
      decide(handle, { actor: { personId: PERSONS.tech2, role: 'manager' }, decision: { option: 'accept_server' } }),
    );

    expect(unknownRole).toBe('unknown role "janitor"');
    expect(otherTech).toBe('only the technician of the conflicted device decides as technician');
    expect(techMerge).toBe('a technician may not choose "merge"');
    expect(managerRetry).toBe('a manager may not choose "retry"');
    expect(tooMuch).toBe('modify quantity must be > 0 and <= 35');
    expect(falseManager).toContain(`${PERSONS.tech2} is not a manager`);
    expect(await conflictRow(db.orm, conflictId)).toMatchObject({ status: 'open', resolution: null });
    expect((await handle.query(conflictStateQuery)).status).toBe('open');

    // Two final decisions at once: whichever the workflow takes first resolves, the other is refused.
    const settled = await Promise.allSettled([
      decide(handle, { actor: manager, decision: { option: 'accept_server' } }),
      decide(handle, { actor: admin, decision: { option: 'investigate', reason: 'late' } }),
    ]);
    expect(settled.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = settled.findIndex((s) => s.status === 'fulfilled') === 0 ? 'accept_server' : 'investigate';
    await handle.result();
    expect((await logEventsOfConflict(db.orm, conflictId)).map((e) => e.type)).toEqual(
      winner === 'investigate' ? ['DisputeOpened'] : [],
    );
    expect(await conflictRow(db.orm, conflictId)).toMatchObject({ status: 'resolved', resolution: { option: winner } });
  });
});

describe('sweeper', () => {
  it('starts the workflow of an open conflict the gateway never started, exactly once', async () => {
    const conflict = await createSharedTruckConflict(db.orm);

    const firstSweep = await startMissingConflictWorkflows(temporal.client, db.orm, { taskQueue: parts.taskQueue });
    const secondSweep = await startMissingConflictWorkflows(temporal.client, db.orm, { taskQueue: parts.taskQueue });
    const handle = temporal.client.workflow.getHandle(conflictWorkflowId(conflict.conflictId));
    await decide(handle, { actor: manager, decision: { option: 'accept_server' } });
    await handle.result();
    const afterResolution = await startConflictWorkflows(temporal.client, db.orm, [conflict.conflictId], {
      taskQueue: parts.taskQueue,
    });

    expect(firstSweep).toBe(1);
    expect(secondSweep).toBe(0);
    expect(afterResolution).toBe(0);
    const [row] = await em().execute<Array<{ workflow_started: boolean }>>(
      'select workflow_started from conflicts where id = ?',
      [conflict.conflictId],
    );
    expect(row.workflow_started).toBe(true);
  });
});
