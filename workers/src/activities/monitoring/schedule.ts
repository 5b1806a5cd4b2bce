/**
 * Creates the Temporal Schedule that runs one monitoring pass every interval. Idempotent:
 * an existing schedule is left as it is (operators may have paused or retimed it in the UI).
 */
import type { Duration } from '@temporalio/common';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import { MONITORING_DEFAULT_INTERVAL, MONITORING_SCHEDULE_ID, MONITORING_WORKFLOW_TYPE } from '@pco/workflows';

export interface MonitoringScheduleOptions {
  taskQueue: string;
  interval?: Duration;
  scheduleId?: string;
}

export async function ensureMonitoringSchedule(
  client: Client,
  options: MonitoringScheduleOptions,
): Promise<{ handle: ScheduleHandle; created: boolean }> {
  const scheduleId = options.scheduleId ?? MONITORING_SCHEDULE_ID;
  try {
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: options.interval ?? MONITORING_DEFAULT_INTERVAL }] },
      action: { type: 'startWorkflow', workflowType: MONITORING_WORKFLOW_TYPE, taskQueue: options.taskQueue, args: [] },
      // A pass that overruns the interval is not doubled: the next tick is skipped.
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return { handle, created: true };
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning)
      return { handle: client.schedule.getHandle(scheduleId), created: false };
    throw error;
  }
}
