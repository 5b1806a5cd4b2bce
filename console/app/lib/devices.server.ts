/**
 * Device revocation from the console: starts revokeDeviceWorkflow under its derived id (a repeat
 * attaches to the running one) and reads its progress from the workflow's history: which of its
 * steps have completed, in order.
 */
import type { AppLoadContext } from '@remix-run/node';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  acknowledgeLostSequencesAudited,
  issueConsoleEnrolmentCode,
  listDevicesPage,
  listTechnicians,
  reactivateDevice,
  readDeviceDetail,
  recordConsoleAudit,
  suspendDevice,
  type DeviceStatusFilter,
} from '@pco/store';
import { revokeDeviceWorkflowId, type revokeDeviceWorkflow } from '@pco/workflows';
import { forkEm, type ConsoleUser } from './auth.server';
import { refusable, workflowUiUrl } from './temporal.server';

export const devicesPage = (
  context: AppLoadContext,
  status: DeviceStatusFilter | undefined,
  page: { limit: number; offset: number },
) => listDevicesPage(forkEm(context), { status }, page);

export const deviceDetail = (
  context: AppLoadContext,
  deviceId: string,
  flagsPage?: { limit: number; offset: number },
) => readDeviceDetail(forkEm(context), deviceId, flagsPage);

export const technicians = (context: AppLoadContext) => listTechnicians(forkEm(context));

/** A one-time enrolment code for a technician, with its audit row; the caller shows the code once. */
export const issueEnrolmentCode = (
  context: AppLoadContext,
  input: { personId: string; actorId: string; ttlMs: number; now: Date },
) => issueConsoleEnrolmentCode(forkEm(context), input);

type DeviceAction = { deviceId: string; actorId: string; reason: string; now: Date };

/** Suspend or reactivate, each in one transaction with its audit row. */
export const changeDeviceStatus = (context: AppLoadContext, intent: 'suspend' | 'reactivate', input: DeviceAction) =>
  (intent === 'suspend' ? suspendDevice : reactivateDevice)(forkEm(context), input);

export const acknowledgeLost = (context: AppLoadContext, input: DeviceAction & { throughSequence: number }) =>
  acknowledgeLostSequencesAudited(forkEm(context), input);

/** The workflow's activities in the order it runs them, with what each means for the manager. */
export const REVOCATION_STEPS: Array<{ activity: string; label: string }> = [
  { activity: 'markDeviceRevoked', label: 'Device marked revoked (the gateway refuses it from now on)' },
  { activity: 'disconnectRevokedDevice', label: 'Open connection closed' },
  { activity: 'quarantinePendingEvents', label: 'Pending events quarantined' },
  { activity: 'openCustodyDisputes', label: "Custody disputes opened for stock on the user's vehicles" },
  { activity: 'notifyUserDevices', label: "User's other devices told" },
  { activity: 'emailUserAboutRevocation', label: 'User emailed' },
  { activity: 'queueManagerReview', label: 'Manager review queued' },
];

export async function startRevocation(
  context: AppLoadContext,
  user: ConsoleUser,
  deviceId: string,
  reason: string,
): Promise<{ started: boolean }> {
  const workflowId = revokeDeviceWorkflowId(deviceId);
  let started = true;
  try {
    await context.services.temporal.workflow.start<typeof revokeDeviceWorkflow>('revokeDeviceWorkflow', {
      taskQueue: context.services.config.taskQueue,
      workflowId,
      args: [{ deviceId, reason, revokedBy: user.id }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    started = false;
  }
  await recordConsoleAudit(forkEm(context), {
    actorId: user.id,
    action: 'device.revoke',
    target: `device:${deviceId}`,
    at: context.services.now(),
    details: { reason, workflowId, started },
  });
  return { started };
}

export interface RevocationProgress {
  workflowId: string;
  url: string;
  status: string;
  steps: Array<{ label: string; done: boolean }>;
  result: { quarantined: number; disputeIds: string[] } | null;
}

export async function revocationProgress(
  context: AppLoadContext,
  deviceId: string,
): Promise<RevocationProgress | null> {
  const workflowId = revokeDeviceWorkflowId(deviceId);
  const handle = context.services.temporal.workflow.getHandle<typeof revokeDeviceWorkflow>(workflowId);
  const described = await refusable(() => handle.describe());
  if (!described.ok) return null;
  const history = await handle.fetchHistory();
  const scheduled = new Map<string, string>();
  const completed = new Set<string>();
  for (const event of history.events ?? []) {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name && event.eventId != null) scheduled.set(String(event.eventId), name);
    const done = event.activityTaskCompletedEventAttributes?.scheduledEventId;
    if (done != null) completed.add(scheduled.get(String(done)) ?? '');
  }
  const status = described.value.status.name;
  const result = status === 'COMPLETED' ? await handle.result() : null;
  return {
    workflowId,
    url: workflowUiUrl(context, workflowId),
    status,
    steps: REVOCATION_STEPS.map((s) => ({ label: s.label, done: completed.has(s.activity) })),
    result: result && { quarantined: result.quarantined, disputeIds: result.disputeIds },
  };
}
