/**
 * Standalone worker process (`npx tsx workers/src/main.ts`, the Compose `worker` service).
 * `npm start` runs the same worker in-process instead. Needs DATABASE_URL: this process is meant
 * for deployments, where no embedded database runs. Device messages go through the
 * durable outbox, which every gateway LISTENs to, so this process needs no path to the sockets.
 */
import { loadConfigOrExit } from '@pco/config';
import { createOrm } from '@pco/store';
import { startMetricsServer } from '@pco/sync-socket';
import { mailerFromConfig } from './mail/mailer';
import { createWorkerMetrics } from './metrics/worker-metrics';
import { connectClient, connectWorkerConnection } from './temporal-connection';
import { createWorkerActivities, runWorker } from './worker';
import { startWorkerServices } from './worker-services';

const log = (line: string) => console.log(`[worker] ${line}`);

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.database.url) {
    console.error('workers/src/main.ts needs DATABASE_URL (use `npm start` for the embedded database).');
    process.exit(78);
  }
  const orm = await createOrm({ databaseUrl: config.database.url, poolMax: config.database.poolMax });
  const mailer = mailerFromConfig(config.mail);
  const connection = await connectWorkerConnection(config.temporal);
  const temporal = await connectClient(config.temporal);
  const running = await runWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    activities: createWorkerActivities({ orm, now: () => new Date(), mailer, consoleUrl: config.consoleUrl }),
  });
  log(`polling task queue "${config.taskQueue}" at ${config.temporal.address}`);
  const services = await startWorkerServices({ client: temporal.client, orm, taskQueue: config.taskQueue, log });
  const labels = config.instanceName ? { instance: config.instanceName } : undefined;
  const metrics =
    config.metricsPort === undefined
      ? null
      : await startMetricsServer(
          createWorkerMetrics({ client: temporal.client, orm, labels }),
          config.metricsPort,
          config.listenHost,
        );
  if (metrics) log(`metrics at ${metrics.url}`);
  const stop = () => void running.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await running.done;
  } finally {
    await metrics?.close();
    await services.stop();
    await temporal.close();
    await connection.close();
    mailer.close();
    await orm.close(true);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
