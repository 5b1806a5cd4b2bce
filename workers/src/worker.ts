/**
 * Builds and runs the Temporal worker. Workflows come from @pco/workflows, bundled by the SDK
 * (webpack + swc, so TypeScript workspace code needs no build step); activities are passed in,
 * already bound to their dependencies by their factories.
 */
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { StoreOrm } from '@pco/store';
import type { WorkerActivities } from '@pco/workflows';
import { createConflictActivities, type ConflictMailer, type DeviceNotifier } from './activities/conflict';
import { createPingActivities } from './activities/ping';
import type { FleetPort } from './activities/recovery/fleet-port';
import { createOperationsActivities, type GatewayPort, type MailPort } from './activities/revocation';
import { outboxDeviceNotifier, outboxFleetPort, outboxGatewayPort } from './notifications/outbox-ports';

export interface ActivityDeps {
  orm: StoreOrm;
  now: () => Date;
  /** SMTP (mailerFromConfig); serves the conflict and the operations emails. */
  mailer: ConflictMailer & MailPort;
  /** Base URL of the console, for links in emails. */
  consoleUrl: string;
  /** Ports to the devices; each defaults to the durable outbox (any gateway, any process). */
  notifier?: DeviceNotifier;
  gateway?: GatewayPort;
  fleet?: FleetPort;
}

/** Every activity the worker serves: the workflows' one activity contract. Add each new activity factory here. */
export function createWorkerActivities(deps: ActivityDeps): WorkerActivities {
  const outbox = { orm: deps.orm, now: deps.now };
  return {
    ...createPingActivities(deps),
    ...createConflictActivities({
      orm: deps.orm,
      now: deps.now,
      mailer: deps.mailer,
      consoleUrl: deps.consoleUrl,
      notifier: deps.notifier ?? outboxDeviceNotifier(outbox),
    }),
    ...createOperationsActivities({
      orm: deps.orm,
      now: deps.now,
      mailer: deps.mailer,
      gateway: deps.gateway ?? outboxGatewayPort(outbox),
      fleet: deps.fleet ?? outboxFleetPort(outbox),
    }),
  };
}

export interface RunWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped (rejects if it crashed). */
  done: Promise<void>;
  /** Stops polling, lets running tasks finish, resolves when stopped. */
  stop(): Promise<void>;
}

export async function createWorker(options: RunWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: require.resolve('@pco/workflows'),
    activities: options.activities,
    // Short, so Ctrl-C and test teardown are not held up by in-flight activities.
    shutdownGraceTime: '5 seconds',
  });
}

export async function runWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const worker = await createWorker(options);
  const done = worker.run();
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
