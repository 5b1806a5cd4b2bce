/**
 * The wiring, end to end with real parts: a real worker (bundled @pco/workflows) on the shared
 * Temporal dev server, a real PostgreSQL database, a workflow started through a real client.
 */
import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '@pco/config';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { testTemporalAddress } from '../../jest/temporal';
import type { pingWorkflow } from '@pco/workflows';
import { mailerFromConfig, type Mailer } from '../src/mail/mailer';
import { connectClient, type TemporalClientHandle } from '../src/temporal-connection';
import { createWorkerActivities, runWorker, type RunningWorker } from '../src/worker';
import { teardownAll } from './teardown';

jest.setTimeout(60_000);

const config = loadConfig();
const fixedNow = new Date('2026-11-26T08:00:00.000Z');
const taskQueue = `ping-test-${randomUUID()}`;
let db: FreshDatabase;
let connection: NativeConnection;
let worker: RunningWorker;
let temporal: TemporalClientHandle;
// Every activity is registered; ping sends no mail, so this SMTP transport never connects.
let mailer: Mailer;

beforeAll(async () => {
  db = await freshDatabase({ poolMax: 2 });
  const target = { address: testTemporalAddress(), namespace: config.temporal.namespace };
  connection = await NativeConnection.connect({ address: target.address });
  worker = await runWorker({
    connection,
    namespace: target.namespace,
    taskQueue,
    activities: createWorkerActivities({
      orm: db.orm,
      now: () => fixedNow,
      mailer: (mailer = mailerFromConfig(config.mail)),
      consoleUrl: config.consoleUrl,
    }),
  });
  temporal = await connectClient(target);
});

afterAll(() =>
  teardownAll([
    ['worker', () => worker?.stop()],
    ['connection', () => connection?.close()],
    ['temporal client', () => temporal?.close()],
    ['mailer', () => mailer?.close()],
    ['database', () => db?.drop()],
  ]),
);

it('given two persons stored, when pingWorkflow runs, then its activity counts them from PostgreSQL', async () => {
  const em = db.orm.em.fork();
  await em
    .getConnection()
    .execute(
      `insert into persons (id, name, email, role) values ('p-1', 'Ana', 'ana@example.com', 'technician'), ('p-2', 'Bo', 'bo@example.com', 'manager')`,
    );

  const workflowId = `ping-${randomUUID()}`;
  const result = await temporal.client.workflow.execute<typeof pingWorkflow>('pingWorkflow', {
    taskQueue,
    workflowId,
    args: ['tester'],
  });

  expect(result.greeting).toBe('pong, tester');
  expect(result.persons).toBe(2);
  expect(result.workerTime).toBe(fixedNow.toISOString());
  expect(Number.isNaN(Date.parse(result.databaseTime))).toBe(false);
  const described = await temporal.client.workflow.getHandle(workflowId).describe();
  expect(described.status.name).toBe('COMPLETED');
});
