/**
 * Creates the Temporal Schedule that verifies the whole event log every interval (issue 11), so a
 * bad signature, a broken device chain or an edited row raises an alert without anyone asking.
 * Idempotent: an existing schedule is left as it is (operators may have paused or retimed it).
 */
import type { Duration } from '@temporalio/common';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import {
  LOG_VERIFICATION_DEFAULT_INTERVAL,
  LOG_VERIFICATION_SCHEDULE_ID,
  LOG_VERIFICATION_WORKFLOW_TYPE,
} from '@pco/workflows';

export interface LogVerificationScheduleOptions {
  taskQueue: string;
  interval?: Duration;
  scheduleId?: string;
}

export async function ensureLogVerificationSchedule(
  client: Client,
  options: LogVerificationScheduleOptions,
): Promise<{ handle: ScheduleHandle; created: boolean }> {
  const scheduleId = options.scheduleId ?? LOG_VERIFICATION_SCHEDULE_ID;
  try {
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: options.interval ?? LOG_VERIFICATION_DEFAULT_INTERVAL }] },
      action: {
        type: 'startWorkflow',
        workflowType: LOG_VERIFICATION_WORKFLOW_TYPE,
        taskQueue: options.taskQueue,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return { handle, created: true };
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning)
      return { handle: client.schedule.getHandle(scheduleId), created: false };
    throw error;
  }
}
