/**
 * `npm run bench:fairness` — does one device's flood slow every other device? Against the REAL
 * gateway (child process, default limits) and REAL PostgreSQL (a fresh database, dropped at the
 * end). Quiet devices time one-event upload round trips (p50/p95) in three phases: quiet, while
 * one device floods pulls (full 1000-row pages from position 0, pipelined), and while it floods
 * uploads (the same 100-event batch, pipelined), and while one address floods connections (idle
 * ones that never authenticate, and handshakes with forged auth, 16 at a time). Prints a table, then as the LAST line one JSON
 * object with every figure. Target: p50 during each flood within 2× of the quiet p50.
 */
import { freshDatabase } from '@pco/store/test-support';
import type { StoreOrm } from '@pco/store';
import { describeEnvironment } from '../sync/environment';
import { seedBenchFixtures, type BenchDevice } from '../sync/fixtures';
import { startGatewayChild, type GatewayChild } from '../sync/gateway-process';
import { syncBacklog } from '../sync/sync-client';
import { buildBacklog } from '../sync/workload';
import { FAIRNESS } from './config';
import { connectBenchDevice, floodFromChild, privateKeyPkcs8, QuietDevice } from './devices';
import type { FloodOrder, FloodReport } from './flooder-child';
import { percentiles, type Percentiles } from './percentiles';

const say = (line: string): void => console.log(line);
type PhaseName = 'quiet' | 'pull flood' | 'upload flood' | 'connection flood';

interface PhaseResult extends Percentiles {
  phase: PhaseName;
  flood: FloodReport | null;
  /** consecutive_sync_failures of the flooding device's metrics row after the phase. */
  flooderFailureCount: number | null;
}

async function fill(url: string, devices: BenchDevice[], knownStateHash: string): Promise<void> {
  await Promise.all(
    devices.map(async (device) => {
      const socket = await connectBenchDevice(url, device);
      await syncBacklog(
        socket,
        buildBacklog(device, FAIRNESS.fillerEventsPerDevice, knownStateHash, 'ProductReturned'),
        500,
        FAIRNESS.ackTimeoutMs,
      );
      socket.close();
    }),
  );
}

async function failureCount(orm: StoreOrm, deviceId: string): Promise<number | null> {
  const [row] = await orm.em
    .fork()
    .execute<Array<{ n: number }>>('select consecutive_sync_failures as n from device_metrics where device_id = ?', [
      deviceId,
    ]);
  return row ? Number(row.n) : null;
}

async function main(): Promise<number> {
  say(`bench:fairness — ${new Date().toISOString()}`);
  const db = await freshDatabase({ poolMax: 4 });
  let gateway: GatewayChild | undefined;
  try {
    const env = await describeEnvironment(db.orm);
    say(
      `node ${env.node}, ${env.cpus} cpus, load average ${env.loadAverage1m}, PostgreSQL ${env.postgres} (fsync=${env.fsync})`,
    );
    const fixtures = await seedBenchFixtures(
      db.orm,
      { q: FAIRNESS.quietDevices, f: FAIRNESS.fillerDevices },
      FAIRNESS.stockPerVehicle,
    );
    const { q: quietDevices, f: fillers } = fixtures.groups;
    // A flooding device is cut off for a cool-down (sync/flood-guard.ts): each flood phase uses a
    // device of its own, so the upload flood is not a device already cut off by the pull flood.
    const flooders: Record<FloodOrder['mode'], BenchDevice> = {
      pull: fillers[0],
      upload: fillers[1],
      connections: fillers[2],
    };
    // FAIRNESS_GATEWAY='{"pullConcurrency":4}' tries other limits (the gateway's defaults otherwise).
    gateway = await startGatewayChild(db.databaseUrl, {
      logLevel: 'error',
      ...JSON.parse(process.env.FAIRNESS_GATEWAY ?? '{}'),
    });
    const { url } = gateway;
    say(
      `gateway child pid ${gateway.pid}, db pool ${gateway.poolMax}, limits ${JSON.stringify(limitsOf(gateway.config))}`,
    );

    await fill(url, fillers, fixtures.knownStateHash);
    say(
      `log filled: ${FAIRNESS.fillerDevices} devices × ${FAIRNESS.fillerEventsPerDevice} events (the flooding device sees 1 row in ${FAIRNESS.fillerDevices})`,
    );

    const quiet = await Promise.all(
      quietDevices.map(
        async (device) =>
          new QuietDevice(
            await connectBenchDevice(url, device),
            buildBacklog(device, 600, fixtures.knownStateHash, 'ProductReturned'),
          ),
      ),
    );
    // The flood batch: the flooder's first 100 events again (already stored: each resend is answered from the log).
    const floodOrder = (mode: FloodOrder['mode'], flooder = flooders[mode]): FloodOrder => ({
      url,
      deviceId: flooder.deviceId,
      publicKey: flooder.keys.publicKey,
      privateKeyPkcs8: privateKeyPkcs8(flooder),
      mode,
      inFlight: FAIRNESS.floodInFlight,
      durationMs: FAIRNESS.phaseMs,
      ackTimeoutMs: 10_000,
      batch:
        mode === 'upload'
          ? buildBacklog(flooder, FAIRNESS.floodBatchEvents, fixtures.knownStateHash, 'ProductReturned')
          : [],
    });

    const runPhase = async (phase: PhaseName, mode: FloodOrder['mode'] | null): Promise<PhaseResult> => {
      const flooding = mode ? floodFromChild(floodOrder(mode)) : Promise.resolve(null);
      if (mode) await new Promise((resolve) => setTimeout(resolve, 500)); // the child starts and connects
      const endAt = performance.now() + FAIRNESS.phaseMs - (mode ? 1_000 : 0);
      const until = () => performance.now() >= endAt;
      const samples: number[] = [];
      await Promise.all(quiet.map((d) => d.run(until, FAIRNESS.quietPauseMs, FAIRNESS.ackTimeoutMs, samples)));
      const floodCount = await flooding;
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // let the gateway drain before the next phase
      return {
        phase,
        ...percentiles(samples),
        flood: floodCount,
        flooderFailureCount: mode ? await failureCount(db.orm, flooders[mode].deviceId) : null,
      };
    };

    await runPhase('quiet', null); // warm-up, not reported
    const results = [
      await runPhase('quiet', null),
      await runPhase('pull flood', 'pull'),
      await runPhase('upload flood', 'upload'),
      // Many sockets from one address: idle unauthenticated connections and forged handshakes.
      await runPhase('connection flood', 'connections'),
    ];
    const quietP50 = results[0].p50;
    say('');
    say(
      `| phase (${FAIRNESS.quietDevices} quiet devices, one-event uploads) | samples | p50 ms | p95 ms | p50 / quiet p50 | flooder answered | flooder refused | flooder dropped / reconnects | flooder failure count |`,
    );
    say('|---|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      say(
        `| ${r.phase} | ${r.samples} | ${r.p50} | ${r.p95} | ${(r.p50 / quietP50).toFixed(2)}× | ${r.flood?.answered ?? '-'} | ` +
          `${r.flood ? JSON.stringify(r.flood.refused) : '-'} | ${r.flood ? `${r.flood.dropped} / ${r.flood.reconnects}` : '-'} | ${r.flooderFailureCount ?? '-'} |`,
      );
    }
    const worst = Math.max(...results.slice(1).map((r) => r.p50 / quietP50));
    const met = worst <= FAIRNESS.targetFactor;
    say(
      `target: p50 during a flood within ${FAIRNESS.targetFactor}× of quiet — ${met ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)}×)`,
    );
    for (const d of quiet) d.socket.close();
    say(
      JSON.stringify({
        bench: 'fairness',
        at: new Date().toISOString(),
        environment: env,
        limits: limitsOf(gateway.config),
        results,
        worstFactor: Number(worst.toFixed(2)),
        targetMet: met,
      }),
    );
    return 0;
  } finally {
    await gateway?.stop();
    await db.drop();
  }
}

/** The gateway's limit settings (whatever this version of the gateway has). */
function limitsOf(config: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(([key]) => /rate|burst|second|limit|inflight|concurren|max/i.test(key)),
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:fairness failed', error);
    process.exit(1);
  },
);
