/**
 * `npm run chaos` — the fault campaign against the production-like cluster (scripts/cluster):
 * a fresh cluster in a temporary folder (its own PostgreSQL initdb'd there, on CLUSTER_PORT_BASE
 * ports, so nothing else is disturbed), N real field-client engines working through HAProxy with
 * random offline periods, batch sizes and conflicts while faults are injected; then every
 * device drains, and the invariants are checked. Prints its figures, then ONE JSON line:
 * {"chaos":…,"devices":…,"events":…,"stored":…,"lost":0,"duplicated":0,"faults":…,"invariants":"ok"}.
 * Exit status 0 only when nothing is lost or duplicated and every invariant holds.
 *   npm run chaos -- --devices=200 --events=20000 --faults=30
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { loadConfigOrExit } from '@pco/config';
import { createOrm, listConflicts, forkEm, type Em } from '@pco/store';
import { startCluster, type Cluster } from '../cluster/topology';
import { runDeviceScript, syncUntilDrained, type DeviceStats } from './device-script';
import { runFaults, type InjectedFault } from './faults';
import { enrolDevice, seedFleet, takeFromTruck, type ChaosDevice } from './fleet';
import { accountEvents, checkInvariants, invariantsHold } from './invariants';
import { parseChaosArgs, seededRandom } from './options';

const startedAt = Date.now();
const seconds = () => ((Date.now() - startedAt) / 1000).toFixed(1);
const log = (line: string) => writeSync(1, `[chaos +${seconds()}s] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Seconds between faults: each costs a few seconds of restart on top. */
const FAULT_INTERVAL_MS = Number(process.env.CHAOS_FAULT_INTERVAL_MS ?? 4_000);

async function inBatches<T, R>(items: T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(task))));
  return out;
}

/** The office's writes go on through database restarts and pauses, as an operator would retry them. */
async function retried(action: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= 30) throw error;
      await sleep(1_000);
    }
  }
}

async function main(): Promise<number> {
  const options = parseChaosArgs(process.argv.slice(2));
  const random = seededRandom(options.seed);
  const config = loadConfigOrExit();
  const dir = mkdtempSync(join(tmpdir(), 'pco-chaos-'));
  log(
    `campaign: ${options.devices} devices, ${options.events} events, ${options.faults} faults, seed ${options.seed}; cluster in ${dir}`,
  );
  let cluster: Cluster | undefined;
  const devices: ChaosDevice[] = [];
  try {
    cluster = await startCluster({ config: { ...config, cluster: { ...config.cluster, dir } }, log });
    const setupOrm = await createOrm({ databaseUrl: cluster.databaseUrl, poolMax: 4 });
    const run = Date.now().toString(36);
    await seedFleet(setupOrm, run, options.devices);
    const lb = cluster.urls['Phones (HAProxy)'];
    devices.push(
      ...(await inBatches(
        Array.from({ length: options.devices }, (_, i) => i + 1),
        10,
        (i) => enrolDevice(setupOrm, run, i, lb),
      )),
    );
    log(`${devices.length} devices registered through ${lb} and synced once`);

    const perDevice = Math.floor(options.events / options.devices);
    const extra = options.events - perDevice * options.devices;
    const plannedMs = options.faults * (FAULT_INTERVAL_MS + 3_000);
    const batches = Math.max(1, perDevice / ((1 + options.maxBatch) / 2));
    const stats: DeviceStats = { syncs: 0, failedSyncs: 0, offlinePeriods: 0 };
    let devicesDone = false;
    const work = Promise.all(
      devices.map((device, i) =>
        runDeviceScript(
          device,
          {
            events: perDevice + (i < extra ? 1 : 0),
            maxBatch: options.maxBatch,
            offlineRate: options.offlineRate,
            endsInConflict: random() < options.conflictRate,
            random: seededRandom(options.seed * 1000 + i),
            pauseMs: plannedMs / batches,
            takeFromTruck: (truckId, units) => retried(() => takeFromTruck(setupOrm, truckId, units)),
          },
          stats,
        ),
      ),
    ).finally(() => (devicesDone = true));
    const faults: InjectedFault[] = await runFaults({
      count: options.faults,
      intervalMs: FAULT_INTERVAL_MS,
      cluster,
      devices,
      random,
      log,
      shouldStop: () => false,
    });
    if (devicesDone) log('note: the devices finished before the last faults (they kept syncing nothing)');
    await work;
    log(
      `devices done: ${stats.syncs} syncs (${stats.failedSyncs} failed and retried, ${stats.hungSyncs ?? 0} hung > 90 s), ${stats.offlinePeriods} offline periods`,
    );

    // Everything is up again: every device drains what is left.
    devices.forEach((d) => d.link.goOnline());
    const drained = await Promise.all(devices.map((d) => syncUntilDrained(d, stats, Date.now() + 180_000)));
    log(`final drain: ${drained.filter(Boolean).length}/${devices.length} devices with nothing waiting`);

    await setupOrm.close(true);
    const orm = await createOrm({ databaseUrl: cluster.databaseUrl, poolMax: 4 });
    const connection = await Connection.connect({ address: cluster.temporalAddress });
    const client = new Client({ connection, namespace: config.temporal.namespace });
    try {
      // The workers' conflict sweeper starts any conflict workflow a fault made the gateway miss.
      for (let i = 0; i < 120; i++) {
        const open = await listConflicts(forkEm(orm) as Em, { status: 'open' });
        if (open.every((c) => c.workflowStarted)) break;
        await sleep(1_000);
      }
      const account = await accountEvents(orm, devices);
      const report = await checkInvariants(orm, client);
      const ok = invariantsHold(account, report);
      const byKind = faults.reduce<Record<string, number>>(
        (acc, f) => ({ ...acc, [f.kind]: (acc[f.kind] ?? 0) + 1 }),
        {},
      );
      log(
        `events: ${account.created} created, ${account.stored} stored once, ${account.conflicted} conflicted on both sides, ${account.failed} failed on both sides, ` +
          `${account.lost} lost, ${account.duplicated} duplicated`,
      );
      if (account.lostSamples.length > 0) log(`lost (sample): ${account.lostSamples.join('; ')}`);
      log(
        `faults: ${faults.length} (${Object.entries(byKind)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')})`,
      );
      log(
        `projection = rebuild: ${report.projection.ok} (${report.projection.differences} differences); hash chain: ${report.chain.ok} (${report.chain.checked} rows)${report.chain.firstBreak ? ` break ${report.chain.firstBreak}` : ''}`,
      );
      log(
        `open conflicts: ${report.conflicts.open}, without a running workflow: ${report.conflicts.withoutRunningWorkflow.length} ${report.conflicts.withoutRunningWorkflow.slice(0, 5).join('; ')}`,
      );
      log(
        `running workflows: ${report.workflows.running}, stuck: ${report.workflows.stuck.length} ${report.workflows.stuck.slice(0, 5).join('; ')}`,
      );
      log(`duration ${seconds()} s`);
      console.log(
        JSON.stringify({
          chaos: ok ? 'passed' : 'failed',
          devices: devices.length,
          events: account.created,
          stored: account.stored,
          conflicted: account.conflicted,
          failed: account.failed,
          lost: account.lost,
          duplicated: account.duplicated,
          faults: faults.length,
          faultsByKind: byKind,
          syncs: stats.syncs,
          failedSyncs: stats.failedSyncs,
          hungSyncs: stats.hungSyncs ?? 0,
          offlinePeriods: stats.offlinePeriods,
          openConflicts: report.conflicts.open,
          runningWorkflows: report.workflows.running,
          seconds: Number(seconds()),
          invariants: ok ? 'ok' : 'violated',
        }),
      );
      return ok ? 0 : 1;
    } finally {
      await connection.close();
      await orm.close(true);
    }
  } finally {
    devices.forEach((d) => d.client.close());
    await Promise.all(devices.map((d) => d.link.close()));
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
