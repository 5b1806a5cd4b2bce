/** The Temporal Schedule that runs one monitoring pass (alert rules over the fleet) every interval. */
import type { Client } from '@temporalio/client';
import { MONITORING_DEFAULT_INTERVAL, MONITORING_SCHEDULE_ID, MONITORING_WORKFLOW_TYPE } from '@pco/workflows';
import { ensureIntervalSchedule, type IntervalScheduleOptions } from '../interval-schedule';

export type MonitoringScheduleOptions = IntervalScheduleOptions;

export const ensureMonitoringSchedule = (client: Client, options: MonitoringScheduleOptions) =>
  ensureIntervalSchedule(
    client,
    {
      scheduleId: MONITORING_SCHEDULE_ID,
      workflowType: MONITORING_WORKFLOW_TYPE,
      interval: MONITORING_DEFAULT_INTERVAL,
    },
    options,
  );
