/**
 * Mass recovery from the console: start massRecoveryWorkflow, list runs (Temporal visibility),
 * read a run's progress (its `recoveryProgress` query) and steer it with its signals and the
 * validated `setWaveSize` update. Every control is audited with its outcome.
 */
import type { AppLoadContext } from '@remix-run/node';
import { readRecoveryTriage, recordConsoleAudit } from '@pco/store';
import {
  abortRecoverySignal,
  pauseRecoverySignal,
  recoveryProgressQuery,
  resumeRecoverySignal,
  setWaveSizeUpdate,
  type massRecoveryWorkflow,
  type MassRecoveryInput,
  type RecoveryProgress,
} from '@pco/workflows';
import { forkEm, type ConsoleUser } from './auth.server';
import type { StartRecoveryValues } from './recovery-forms';
import { refusable, workflowUiUrl, type Refusable } from './temporal.server';

export const triagePreview = (
  context: AppLoadContext,
  offlineSince: Date | undefined,
  page: { limit: number; offset: number },
) => readRecoveryTriage(forkEm(context), { offlineSince }, page);

export const RUN_ID_PATTERN = /^mass-recovery-[0-9A-Za-z-]{1,80}$/;

export async function startRecovery(
  context: AppLoadContext,
  user: ConsoleUser,
  values: StartRecoveryValues,
): Promise<string> {
  const now = context.services.now();
  const input: MassRecoveryInput = {
    waveSize: values.waveSize,
    waveIntervalMs: values.waveIntervalMs,
    conflictRateThreshold: values.conflictRateThreshold,
    waveSyncTimeoutMs: values.waveSyncTimeoutMs,
    syncPollMs: values.syncPollMs,
    ...(values.offlineSinceHours
      ? { offlineSince: new Date(now.getTime() - values.offlineSinceHours * 3_600_000).toISOString() }
      : {}),
  };
  const workflowId = `mass-recovery-${now.toISOString().replace(/[:.]/g, '-')}`;
  await context.services.temporal.workflow.start<typeof massRecoveryWorkflow>('massRecoveryWorkflow', {
    taskQueue: context.services.config.taskQueue,
    workflowId,
    args: [input],
  });
  await recordConsoleAudit(forkEm(context), {
    actorId: user.id,
    action: 'recovery.start',
    target: `workflow:${workflowId}`,
    details: { ...input },
    at: now,
  });
  return workflowId;
}

export interface RecoveryRunRow {
  workflowId: string;
  status: string;
  startTime: string;
}

/** Newest first; visibility lists have no offset, so earlier pages are skipped while reading. */
export async function listRecoveryRuns(
  context: AppLoadContext,
  page: { limit: number; offset: number },
): Promise<{ rows: RecoveryRunRow[]; hasMore: boolean }> {
  const rows: RecoveryRunRow[] = [];
  let index = 0;
  // Runs on this deployment's task queue only (other deployments may share the namespace).
  const query = `WorkflowType = 'massRecoveryWorkflow' AND TaskQueue = '${context.services.config.taskQueue.replace(/'/g, "''")}'`;
  for await (const wf of context.services.temporal.workflow.list({ query, pageSize: 100 })) {
    if (index >= page.offset + page.limit) return { rows, hasMore: true };
    if (index >= page.offset)
      rows.push({ workflowId: wf.workflowId, status: wf.status.name, startTime: wf.startTime.toISOString() });
    index++;
  }
  return { rows, hasMore: false };
}

export async function recoveryStatus(
  context: AppLoadContext,
  workflowId: string,
): Promise<Refusable<{ progress: RecoveryProgress; status: string; url: string }>> {
  const handle = context.services.temporal.workflow.getHandle(workflowId);
  return refusable(async () => {
    const described = await handle.describe();
    const progress = await handle.query(recoveryProgressQuery);
    return { progress, status: described.status.name, url: workflowUiUrl(context, workflowId) };
  });
}

export async function controlRecovery(
  context: AppLoadContext,
  user: ConsoleUser,
  workflowId: string,
  control: { intent: 'pause' | 'resume' | 'abort'; reason: string } | { intent: 'wave_size'; waveSize: number },
): Promise<Refusable<string>> {
  const handle = context.services.temporal.workflow.getHandle(workflowId);
  const outcome = await refusable(async () => {
    switch (control.intent) {
      case 'pause':
        await handle.signal(pauseRecoverySignal, control.reason ? { reason: control.reason } : {});
        return 'Pause sent.';
      case 'resume':
        await handle.signal(resumeRecoverySignal);
        return 'Resume sent.';
      case 'abort':
        await handle.signal(abortRecoverySignal, control.reason ? { reason: control.reason } : {});
        return 'Abort sent.';
      case 'wave_size': {
        const previous = await handle.executeUpdate(setWaveSizeUpdate, { args: [control.waveSize] });
        return `Wave size changed from ${previous} to ${control.waveSize}.`;
      }
    }
  });
  await recordConsoleAudit(forkEm(context), {
    actorId: user.id,
    action: `recovery.${control.intent}`,
    target: `workflow:${workflowId}`,
    at: context.services.now(),
    details: {
      ...control,
      outcome: outcome.ok ? 'sent' : 'refused',
      ...(outcome.ok ? {} : { refusal: outcome.reason }),
    },
  });
  return outcome;
}
