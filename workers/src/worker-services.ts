/**
 * What runs beside the worker, from every worker entry point (npm start, workers/src/main.ts):
 * the monitoring, clock-skew scan and event-log verification Schedules are ensured once, and the conflict sweeper starts the workflow of any
 * open conflict that has none (a gateway that crashed between its commit and the start, or a
 * gateway with no Temporal client such as the Compose one) — once now, then every interval.
 */
import type { Client } from '@temporalio/client';
import type { StoreOrm } from '@pco/store';
import { startMissingConflictWorkflows } from './activities/conflict';
import { ensureMonitoringSchedule } from './activities/monitoring';
import { ensureClockSkewSchedule } from './activities/recovery';
import { ensureLogVerificationSchedule } from './activities/evidence';

/** One minute: the longest a conflict waits for its workflow when the gateway could not start it. */
export const DEFAULT_CONFLICT_SWEEP_INTERVAL_MS = 60_000;

export interface WorkerServicesOptions {
  client: Client;
  orm: StoreOrm;
  taskQueue: string;
  sweepIntervalMs?: number;
  log: (line: string) => void;
}

export interface WorkerServices {
  /** Workflows the first sweep started. */
  firstSweepStarted: number;
  monitoringScheduleCreated: boolean;
  clockSkewScheduleCreated: boolean;
  logVerificationScheduleCreated: boolean;
  /** Stops the sweeper and waits for a sweep in progress. */
  stop(): Promise<void>;
}

export async function startWorkerServices(options: WorkerServicesOptions): Promise<WorkerServices> {
  const { created } = await ensureMonitoringSchedule(options.client, { taskQueue: options.taskQueue });
  options.log(created ? 'monitoring schedule created' : 'monitoring schedule already exists');
  const clockSkew = await ensureClockSkewSchedule(options.client, { taskQueue: options.taskQueue });
  options.log(clockSkew.created ? 'clock-skew scan schedule created' : 'clock-skew scan schedule already exists');
  const logVerification = await ensureLogVerificationSchedule(options.client, { taskQueue: options.taskQueue });
  options.log(
    logVerification.created
      ? 'event-log verification schedule created'
      : 'event-log verification schedule already exists',
  );
  const sweepOnce = () => startMissingConflictWorkflows(options.client, options.orm, { taskQueue: options.taskQueue });
  const firstSweepStarted = await sweepOnce();
  options.log(`conflict sweeper: ${firstSweepStarted} workflow(s) started for open conflicts`);

  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return; // A slow sweep is not doubled.
    running = sweepOnce()
      .then((started) => {
        if (started > 0) options.log(`conflict sweeper: ${started} workflow(s) started`);
      })
      .catch((error: unknown) => options.log(`conflict sweeper failed (retried next interval): ${String(error)}`))
      .finally(() => (running = null));
  }, options.sweepIntervalMs ?? DEFAULT_CONFLICT_SWEEP_INTERVAL_MS);

  return {
    firstSweepStarted,
    monitoringScheduleCreated: created,
    clockSkewScheduleCreated: clockSkew.created,
    logVerificationScheduleCreated: logVerification.created,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
