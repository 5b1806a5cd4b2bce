/**
 * The Temporal Schedule that runs the clock-skew scan every interval, so implausible device
 * timestamps get flagged without anyone starting the scan by hand (issue 7.3). Each scheduled run
 * resumes where the previous one stopped.
 */
import type { Client } from '@temporalio/client';
import { CLOCK_SKEW_DEFAULT_INTERVAL, CLOCK_SKEW_SCHEDULE_ID, CLOCK_SKEW_WORKFLOW_TYPE } from '@pco/workflows';
import { ensureIntervalSchedule, type IntervalScheduleOptions } from '../interval-schedule';

export type ClockSkewScheduleOptions = IntervalScheduleOptions;

export const ensureClockSkewSchedule = (client: Client, options: ClockSkewScheduleOptions) =>
  ensureIntervalSchedule(
    client,
    {
      scheduleId: CLOCK_SKEW_SCHEDULE_ID,
      workflowType: CLOCK_SKEW_WORKFLOW_TYPE,
      interval: CLOCK_SKEW_DEFAULT_INTERVAL,
    },
    options,
  );
