/**
 * The Temporal Schedule that verifies the whole event log every interval (issue 11), so a bad
 * signature, a broken device chain or an edited row raises an alert without anyone asking.
 */
import type { Client } from '@temporalio/client';
import {
  LOG_VERIFICATION_DEFAULT_INTERVAL,
  LOG_VERIFICATION_SCHEDULE_ID,
  LOG_VERIFICATION_WORKFLOW_TYPE,
} from '@pco/workflows';
import { ensureIntervalSchedule, type IntervalScheduleOptions } from '../interval-schedule';

export type LogVerificationScheduleOptions = IntervalScheduleOptions;

export const ensureLogVerificationSchedule = (client: Client, options: LogVerificationScheduleOptions) =>
  ensureIntervalSchedule(
    client,
    {
      scheduleId: LOG_VERIFICATION_SCHEDULE_ID,
      workflowType: LOG_VERIFICATION_WORKFLOW_TYPE,
      interval: LOG_VERIFICATION_DEFAULT_INTERVAL,
    },
    options,
  );
