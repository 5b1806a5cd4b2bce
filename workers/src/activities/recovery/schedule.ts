/**
 * Creates the Temporal Schedule that runs the clock-skew scan every interval, so implausible
 * device timestamps get flagged without anyone starting the scan by hand (issue 7.3). Idempotent:
 * an existing schedule is left as it is (operators may have paused or retimed it in the UI).
 */
import type { Duration } from '@temporalio/common';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import { CLOCK_SKEW_DEFAULT_INTERVAL, CLOCK_SKEW_SCHEDULE_ID, CLOCK_SKEW_WORKFLOW_TYPE } from '@pco/workflows';

export interface ClockSkewScheduleOptions {
  taskQueue: string;
  interval?: Duration;
  scheduleId?: string;
}

export async function ensureClockSkewSchedule(
  client: Client,
  options: ClockSkewScheduleOptions,
): Promise<{ handle: ScheduleHandle; created: boolean }> {
  const scheduleId = options.scheduleId ?? CLOCK_SKEW_SCHEDULE_ID;
  try {
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: options.interval ?? CLOCK_SKEW_DEFAULT_INTERVAL }] },
      // No argument: each run resumes where the previous scheduled run stopped (its last result).
      action: { type: 'startWorkflow', workflowType: CLOCK_SKEW_WORKFLOW_TYPE, taskQueue: options.taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return { handle, created: true };
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning)
      return { handle: client.schedule.getHandle(scheduleId), created: false };
    throw error;
  }
}
