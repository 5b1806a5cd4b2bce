/**
 * The fault campaign's short form inside `npm test`: the same harness as `npm run chaos` (real
 * field-client engines, their cuttable links, the event accounting and the invariants), at a
 * size CI affords and on the Jest Temporal DEV server (the real server is built by
 * `npm run setup:cluster`, minutes once per machine; CI must not depend on it). Two gateway
 * processes with the PostgreSQL adapter behind a balancing link, one worker process on its own
 * task queue; faults: dropped sockets, SIGKILL of a gateway while its devices work (they move
 * to the other one), SIGKILL of the worker with conflict workflows to start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { forkEm, listConflicts, type Em } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { runDeviceScript, syncUntilDrained, type DeviceStats } from '../chaos/device-script';
import { enrolDevice, seedFleet, takeFromTruck, type ChaosDevice } from '../chaos/fleet';
import { accountEvents, checkInvariants, invariantsHold } from '../chaos/invariants';
import { seededRandom } from '../chaos/options';
import { answersHttp, managedProcess, type ManagedProcess } from '../cluster/managed-process';

jest.setTimeout(170_000);

const root = join(__dirname, '../..');
const DEVICES = 6;
const EVENTS_PER_DEVICE = 12;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('fault campaign, short form', () => {
  let db: FreshDatabase;
  let dir: string;
  const gateways: Array<{ process: ManagedProcess; url: string }> = [];
  let worker: ManagedProcess;
  const devices: ChaosDevice[] = [];
  const taskQueue = `chaos-short-${process.pid}-${Date.now()}`;

  const node = (name: string, entry: string, env: Record<string, string | undefined>, ready: () => Promise<boolean>) =>
    managedProcess({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', entry],
      cwd: root,
      logFile: join(dir, `${name}.log`),
      ready,
      readyTimeoutMs: 120_000,
      env: {
        DATABASE_URL: db.databaseUrl,
        DB_POOL_MAX: '3',
        TASK_QUEUE: taskQueue,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
        INSTANCE_NAME: name,
        ...env,
      },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pco-chaos-short-'));
    db = await freshDatabase({ poolMax: 3 });
    await seedDemoData(db.orm, new Date());
    for (let i = 1; i <= 2; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = node(
        `gateway-${i}`,
        'sync-socket/src/main.ts',
        { GATEWAY_PORT: String(port), SOCKET_IO_ADAPTER: 'postgres', METRICS_PORT: String(await freePort()) },
        () => answersHttp(`${url}/api/health`),
      );
      await child.start();
      gateways.push({ process: child, url });
    }
    const metricsPort = await freePort();
    worker = node(
      'worker',
      'workers/src/main.ts',
      { METRICS_PORT: String(metricsPort), SMTP_PORT: String(await freePort()) },
      () => answersHttp(`http://127.0.0.1:${metricsPort}/metrics`),
    );
    await worker.start();
  });

  afterAll(async () => {
    devices.forEach((d) => d.client.close());
    await Promise.all(devices.map((d) => d.link.close()));
    for (const p of [...gateways.map((g) => g.process), worker]) await p?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Given devices working through two gateways, When sockets drop, a gateway and the worker are SIGKILLed, Then nothing is lost or duplicated and every invariant holds', async () => {
    let next = 0;
    // The balancer: each new connection goes to the next gateway that is running.
    const balancer = () => {
      const live = gateways.filter((g) => g.process.running);
      next += 1;
      return (live.length > 0 ? live : gateways)[next % Math.max(1, live.length)].url;
    };
    await seedFleet(db.orm, 'short', DEVICES);
    for (let i = 1; i <= DEVICES; i++) devices.push(await enrolDevice(db.orm, 'short', i, balancer));
    const stats: DeviceStats = { syncs: 0, failedSyncs: 0, offlinePeriods: 0 };
    const work = Promise.all(
      devices.map((device, i) =>
        runDeviceScript(
          device,
          {
            events: EVENTS_PER_DEVICE,
            maxBatch: 4,
            offlineRate: 0.3,
            endsInConflict: i % 2 === 0,
            random: seededRandom(100 + i),
            pauseMs: 300,
            takeFromTruck: (truckId, units) => takeFromTruck(db.orm, truckId, units),
          },
          stats,
        ),
      ),
    );

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    devices.forEach((d) => {
      d.link.goOffline();
      d.link.goOnline();
    }); // fault 1: every socket dropped
    await gateways[0].process.kill('SIGKILL'); // fault 2: a gateway dies under its devices
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await gateways[0].process.start();
    await work;
    await worker.kill('SIGKILL'); // fault 3: the worker dies with conflicts waiting for workflows
    await worker.start(); // its first conflict sweep starts them

    const drained = await Promise.all(devices.map((d) => syncUntilDrained(d, stats, Date.now() + 60_000)));
    expect(drained).toEqual(devices.map(() => true));
    for (let i = 0; i < 60; i++) {
      if ((await listConflicts(forkEm(db.orm) as Em, { status: 'open' })).every((c) => c.workflowStarted)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const account = await accountEvents(db.orm, devices);
    const connection = await Connection.connect({ address: process.env.TEMPORAL_TEST_ADDRESS as string });
    try {
      const report = await checkInvariants(db.orm, new Client({ connection }), taskQueue);
      expect(account).toMatchObject({
        created: DEVICES * EVENTS_PER_DEVICE,
        lost: 0,
        duplicated: 0,
        conflicted: DEVICES / 2,
      });
      expect(account.stored).toBe(account.created - account.conflicted - account.failed);
      expect(report).toEqual({
        projection: { ok: true, differences: 0 },
        chain: { ok: true, checked: expect.any(Number), firstBreak: null },
        conflicts: { open: DEVICES / 2, withoutRunningWorkflow: [] },
        workflows: { running: expect.any(Number), stuck: [] },
      });
      expect(report.workflows.running).toBeGreaterThanOrEqual(DEVICES / 2);
      expect(invariantsHold(account, report)).toBe(true);
    } finally {
      await connection.close();
    }
  });
});
