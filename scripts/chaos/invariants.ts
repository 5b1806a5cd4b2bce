/**
 * What must hold after the campaign, checked against the database, Temporal and every device's
 * own queue:
 *  1. every event a device created is in the log exactly once, or is visibly conflicted, failed
 *     or quarantined on BOTH sides (the device's queue and the server's answer);
 *  2. the on-hand projection equals a rebuild from the log;
 *  3. the hash chain verifies;
 *  4. every open conflict has a running workflow;
 *  5. no running workflow is stuck: each has a pending activity, an open timer, or waits for a
 *     manager's decision on an open conflict (its update), and none has a workflow task
 *     waiting for more than a minute.
 */
import type { Client } from '@temporalio/client';
import { conflictWorkflowId } from '@pco/workflows';
import {
  countDuplicateDeviceSequences,
  countLoggedEvents,
  forkEm,
  listConflicts,
  rebuildProjection,
  submissionOutcomes,
  verifyChain,
  type Em,
  type StoreOrm,
} from '@pco/store';
import type { ChaosDevice } from './fleet';

export interface EventAccount {
  created: number;
  stored: number;
  conflicted: number;
  failed: number;
  lost: number;
  duplicated: number;
  /** Sample of lost event ids with their device-side status, for the report. */
  lostSamples: string[];
}

export async function accountEvents(orm: StoreOrm, devices: ChaosDevice[]): Promise<EventAccount> {
  const all = devices.flatMap((d) => d.created);
  const deviceIds = devices.map((d) => d.deviceId);
  const logged = await countLoggedEvents(orm, all);
  const outcomes = await submissionOutcomes(orm, deviceIds);
  const account: EventAccount = {
    created: all.length,
    stored: 0,
    conflicted: 0,
    failed: 0,
    lost: 0,
    duplicated: 0,
    lostSamples: [],
  };
  for (const device of devices) {
    for (const eventId of device.created) {
      const n = logged.get(eventId) ?? 0;
      if (n === 1) account.stored += 1;
      else if (n > 1) account.duplicated += n - 1;
      else {
        const local = await device.client.queue.get(eventId);
        const server = outcomes.get(eventId);
        if (local?.status === 'conflicted' && server === 'conflict') account.conflicted += 1;
        else if (local?.status === 'failed' && server === 'rejected') account.failed += 1;
        else {
          account.lost += 1;
          if (account.lostSamples.length < 10)
            account.lostSamples.push(
              `${device.deviceId}/${eventId}: device ${local?.status ?? 'pruned'}, server ${server ?? 'nothing'}`,
            );
        }
      }
    }
  }
  account.duplicated += await countDuplicateDeviceSequences(orm, deviceIds);
  return account;
}

export interface InvariantReport {
  projection: { ok: boolean; differences: number };
  chain: { ok: boolean; checked: number; firstBreak: string | null };
  conflicts: { open: number; withoutRunningWorkflow: string[] };
  workflows: { running: number; stuck: string[] };
}

/** `taskQueue` limits the workflow checks to one task queue (a Temporal server shared with other tests). */
export async function checkInvariants(orm: StoreOrm, client: Client, taskQueue?: string): Promise<InvariantReport> {
  const { differences } = await rebuildProjection(orm, { write: false });
  const chain = await verifyChain(forkEm(orm) as Em);
  const open = await listConflicts(forkEm(orm) as Em, { status: 'open' });
  const openIds = new Set(open.map((c) => conflictWorkflowId(c.conflictId)));
  const withoutRunningWorkflow: string[] = [];
  for (const conflict of open) {
    const status = await client.workflow
      .getHandle(conflictWorkflowId(conflict.conflictId))
      .describe()
      .then(
        (d) => d.status.name,
        () => 'NOT_FOUND',
      );
    if (status !== 'RUNNING') withoutRunningWorkflow.push(`${conflict.conflictId}: ${status}`);
  }
  const stuck: string[] = [];
  let running = 0;
  const query = `ExecutionStatus = "Running"${taskQueue ? ` AND TaskQueue = "${taskQueue}"` : ''}`;
  for await (const info of client.workflow.list({ query })) {
    running += 1;
    const handle = client.workflow.getHandle(info.workflowId, info.runId);
    const { raw } = await handle.describe();
    const taskScheduled = raw.pendingWorkflowTask?.scheduledTime?.seconds;
    if (taskScheduled && Date.now() / 1000 - Number(taskScheduled) > 60) {
      stuck.push(
        `${info.workflowId}: workflow task pending since ${new Date(Number(taskScheduled) * 1000).toISOString()}`,
      );
      continue;
    }
    if ((raw.pendingActivities?.length ?? 0) > 0 || openIds.has(info.workflowId)) continue;
    if (!(await hasOpenTimer(handle)))
      stuck.push(`${info.workflowId} (${info.type}): no pending activity, timer or decision`);
  }
  return {
    projection: { ok: differences.length === 0, differences: differences.length },
    chain: {
      ok: chain.firstBreak === null,
      checked: chain.checked,
      firstBreak: chain.firstBreak ? `${chain.firstBreak.position}: ${chain.firstBreak.reason}` : null,
    },
    conflicts: { open: open.length, withoutRunningWorkflow },
    workflows: { running, stuck },
  };
}

async function hasOpenTimer(handle: {
  fetchHistory(): Promise<{ events?: Array<Record<string, any> | null> | null }>;
}): Promise<boolean> {
  const history = await handle.fetchHistory();
  const open = new Set<string>();
  for (const event of history.events ?? []) {
    if (!event) continue;
    if (event.timerStartedEventAttributes) open.add(String(event.eventId));
    const closed = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
    if (closed) open.delete(String(closed.startedEventId));
  }
  return open.size > 0;
}

export const invariantsHold = (account: EventAccount, report: InvariantReport): boolean =>
  account.lost === 0 &&
  account.duplicated === 0 &&
  report.projection.ok &&
  report.chain.ok &&
  report.conflicts.withoutRunningWorkflow.length === 0 &&
  report.workflows.stuck.length === 0;
