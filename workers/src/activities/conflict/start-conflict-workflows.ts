/**
 * Starting conflict workflows, from the gateway's onConflicts hook and from the sweeper.
 * The workflow id is derived from the conflict id and duplicates are refused (even after the
 * first run completed), so a conflict never gets two workflows however often this runs. The
 * sweeper closes the gap between the gateway's commit and the start: a crash there loses nothing.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  forkEm,
  getConflict,
  listConflicts,
  markConflictWorkflowStarted,
  type StoreOrm,
  type StoredConflict,
} from '@pco/store';
import type { ConflictWorkflowInput } from '@pco/workflows';
import { conflictWorkflowId } from '@pco/workflows';

export interface ConflictStartOptions {
  taskQueue: string;
  /** Overrides of the workflow's 24h / 7d defaults (tests, demos). */
  acknowledgeTimeout?: ConflictWorkflowInput['acknowledgeTimeout'];
  criticalTimeout?: ConflictWorkflowInput['criticalTimeout'];
}

export function conflictWorkflowInput(
  row: StoredConflict,
  options: Omit<ConflictStartOptions, 'taskQueue'> = {},
): ConflictWorkflowInput {
  return {
    conflictId: row.conflictId,
    deviceId: row.deviceId,
    technicianId: row.event.performedBy,
    locationId: row.locationId,
    productId: row.productId,
    details: row.details,
    event: row.event,
    ...(options.acknowledgeTimeout !== undefined ? { acknowledgeTimeout: options.acknowledgeTimeout } : {}),
    ...(options.criticalTimeout !== undefined ? { criticalTimeout: options.criticalTimeout } : {}),
  };
}

/** Starts the conflict's workflow; `started: false` when it already has one. */
export async function startConflictWorkflow(
  client: Client,
  row: StoredConflict,
  options: ConflictStartOptions,
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = conflictWorkflowId(row.conflictId);
  try {
    await client.workflow.start('conflictResolutionWorkflow', {
      taskQueue: options.taskQueue,
      workflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [conflictWorkflowInput(row, options)],
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

/** Starts (and marks) the workflow of each given conflict id: the gateway's onConflicts hook. */
export async function startConflictWorkflows(
  client: Client,
  orm: StoreOrm,
  conflictIds: readonly string[],
  options: ConflictStartOptions,
): Promise<number> {
  let started = 0;
  for (const conflictId of conflictIds) {
    const row = await getConflict(forkEm(orm), conflictId);
    if (!row || row.status !== 'open') continue;
    if ((await startConflictWorkflow(client, row, options)).started) started++;
    await markConflictWorkflowStarted(forkEm(orm), conflictId);
  }
  return started;
}

/** The sweeper: every open conflict gets its workflow. Returns how many were started now. */
export async function startMissingConflictWorkflows(
  client: Client,
  orm: StoreOrm,
  options: ConflictStartOptions,
): Promise<number> {
  const open = await listConflicts(forkEm(orm), { status: 'open' });
  return startConflictWorkflows(
    client,
    orm,
    open.map((c) => c.conflictId),
    options,
  );
}

/** An onConflicts hook for createGateway: `onConflicts: conflictStarterHook(client, orm, { taskQueue })`. */
export const conflictStarterHook =
  (client: Client, orm: StoreOrm, options: ConflictStartOptions) =>
  async (conflicts: ReadonlyArray<{ conflictId: string }>): Promise<void> => {
    await startConflictWorkflows(
      client,
      orm,
      conflicts.map((c) => c.conflictId),
      options,
    );
  };
