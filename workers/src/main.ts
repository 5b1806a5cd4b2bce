/**
 * Standalone worker process (`npx tsx workers/src/main.ts`, the Compose `worker` service).
 * `npm start` runs the same worker in-process instead. Needs DATABASE_URL: a separate process
 * cannot share the embedded PGlite of `npm start` safely.
 */
import { loadConfigOrExit } from '@pco/config';
import { createOrm } from '@pco/store';
import { connectWorkerConnection } from './temporal-connection';
import { createWorkerActivities, runWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.database.url) {
    console.error('workers/src/main.ts needs DATABASE_URL (use `npm start` for the embedded database).');
    process.exit(78);
  }
  const orm = await createOrm({ databaseUrl: config.database.url, poolMax: config.database.poolMax });
  const connection = await connectWorkerConnection(config.temporal);
  const running = await runWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    activities: createWorkerActivities({ orm, now: () => new Date() }),
  });
  console.log(`worker polling task queue "${config.taskQueue}" at ${config.temporal.address}`);
  const stop = () => void running.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await running.done;
  } finally {
    await connection.close();
    await orm.close(true);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
