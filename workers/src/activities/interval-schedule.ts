/**
 * The worker's standing Temporal Schedules (monitoring, clock-skew scan, event-log verification)
 * are all "start this workflow every interval, no arguments". Creating one is idempotent: an
 * existing schedule is left as it is, because operators may have paused or retimed it in the UI.
 * A run that overruns the interval is not doubled: the next tick is skipped.
 */
import type { Duration } from '@temporalio/common';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';

/** What callers may override: the task queue always, the interval and id in tests. */
export interface IntervalScheduleOptions {
  taskQueue: string;
  interval?: Duration;
  scheduleId?: string;
}

export interface IntervalScheduleDefaults {
  scheduleId: string;
  workflowType: string;
  interval: Duration;
}

export async function ensureIntervalSchedule(
  client: Client,
  defaults: IntervalScheduleDefaults,
  options: IntervalScheduleOptions,
): Promise<{ handle: ScheduleHandle; created: boolean }> {
  const scheduleId = options.scheduleId ?? defaults.scheduleId;
  try {
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: options.interval ?? defaults.interval }] },
      // No argument: a workflow that resumes (clock-skew scan) reads the previous run's result.
      action: { type: 'startWorkflow', workflowType: defaults.workflowType, taskQueue: options.taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return { handle, created: true };
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning)
      return { handle: client.schedule.getHandle(scheduleId), created: false };
    throw error;
  }
}
