/**
 * `npm run bench:sync` — sync throughput against the REAL gateway (child process) and REAL
 * PostgreSQL (a fresh database, dropped at the end). Prints readable lines, then as the LAST line
 * one JSON object with every figure. Exits non-zero if any event is not stored exactly once.
 */
import { freshDatabase } from '@pco/store/test-support';
import type { SignedEvent } from '@pco/domain';
import { backlogDevicesNeeded, planBacklogRuns, runBacklogPhase } from './backlog-phase';
import { assertStoredOnce, totalLogRows } from './checks';
import { BENCH } from './config';
import { cpuPerEvent, cpuSnapshot } from './cpu-usage';
import { startDelayProxy, type DelayProxy } from './delay-proxy';
import { describeEnvironment, loadAverage1m } from './environment';
import { seedBenchFixtures, type BenchDevice } from './fixtures';
import { startGatewayChild, type GatewayChild } from './gateway-process';
import { round1, timeBacklog, timeConcurrent } from './phases';
import { measureRawEd25519 } from './raw-crypto';
import { buildBacklog, eventSizes } from './workload';

const say = (line: string): void => console.log(line);
/** BENCH_ONLY=concurrent: warm-up and phase (b) only (for profiling and quick before/after runs). */
const onlyConcurrent = process.env.BENCH_ONLY === 'concurrent';
/** BENCH_CPU_PROF=1: CPU profile of the gateway's main thread during phase (b), into data/profiles/. */
const profileConcurrent = process.env.BENCH_CPU_PROF === '1';
const MB = (bytes: number): number => round1(bytes / 1024 / 1024);

function signBacklogs(
  devices: BenchDevice[],
  count: number,
  knownStateHash: string,
): { backlogs: SignedEvent[][]; perSecond: number } {
  const started = performance.now();
  const backlogs = devices.map((d) => buildBacklog(d, count, knownStateHash, BENCH.concurrentKind));
  const ms = performance.now() - started;
  return { backlogs, perSecond: Math.round(((devices.length * count) / ms) * 1000) };
}

async function main(): Promise<number> {
  say(`bench:sync — ${new Date().toISOString()}`);
  const raw = measureRawEd25519(BENCH.rawCryptoOps, BENCH.rawPayloadBytes);
  say(
    `raw Ed25519 (node:crypto, one core, ${raw.payloadBytes}-byte payloads, ${raw.operations} ops): sign ${raw.signPerSecond}/s, verify ${raw.verifyPerSecond}/s`,
  );
  const db = await freshDatabase({ poolMax: 4 });
  let gateway: GatewayChild | undefined;
  let proxy: DelayProxy | undefined;
  try {
    const env = await describeEnvironment(db.orm);
    say(
      `node ${env.node}, ${env.cpus} cpus (${env.cpuModel}), load average ${env.loadAverage1m}, PostgreSQL ${env.postgres} ` +
        `(fsync=${env.fsync}, synchronous_commit=${env.synchronousCommit})`,
    );
    const fixtures = await seedBenchFixtures(
      db.orm,
      { w: 1, a: backlogDevicesNeeded(), b: BENCH.concurrentDevices },
      BENCH.stockPerVehicle,
    );
    const seededRows = await totalLogRows(db.orm);
    const { w, a, b } = fixtures.groups;
    const warm = buildBacklog(w[0], 200, fixtures.knownStateHash, 'ProductReturned');
    const backlogRuns = onlyConcurrent ? [] : planBacklogRuns(a, fixtures.knownStateHash);
    const signed = signBacklogs(b, BENCH.eventsPerConcurrentDevice, fixtures.knownStateHash);
    const sizes = eventSizes(signed.backlogs[0]);
    say(
      `pre-signed ${b.length * BENCH.eventsPerConcurrentDevice} events (build + Ed25519 sign, one core): ${signed.perSecond} events/s; ` +
        `signed payload ${sizes.signedPayloadBytes} B, event JSON ${sizes.jsonBytes} B`,
    );

    gateway = await startGatewayChild(db.databaseUrl, BENCH.gatewayOverrides);
    proxy = await startDelayProxy(gateway.url, BENCH.oneWayDelayMs);
    const c = gateway.config;
    say(
      `gateway child pid ${gateway.pid}: verifierThreads=${c.verifierThreads} (worker_threads, one batch per message), maxBatchEvents=${c.maxBatchEvents}, ` +
        `db pool ${gateway.poolMax}, upload rate limit lifted to ${c.uploadRatePerSecond}/s (default 20/s, burst 40)`,
    );
    say(
      `delay proxy: ${BENCH.oneWayDelayMs} ms each direction = ${2 * BENCH.oneWayDelayMs} ms added round trip; models latency, not bandwidth`,
    );

    await timeBacklog(gateway.url, w[0], warm, 50, BENCH.uploadTimeoutMs);
    await assertStoredOnce(db.orm, [w[0].deviceId], warm.length, 'warm-up');
    say(`warm-up: ${warm.length} events synced (not reported)`);
    const afterWarmRss = gateway.peakRssBytes();

    const backlog = onlyConcurrent
      ? null
      : await runBacklogPhase({ loopback: gateway.url, rtt100: proxy.url }, backlogRuns, db.orm, say);
    const afterARss = gateway.peakRssBytes();

    const loadBeforeB = loadAverage1m();
    const cpuBefore = cpuSnapshot(gateway.pid);
    const runConcurrent = () =>
      timeConcurrent(
        gateway!.url,
        b.map((device, i) => ({ device, backlog: signed.backlogs[i] })),
        BENCH.concurrentBatchSize,
        BENCH.uploadTimeoutMs,
      );
    let concurrent: Awaited<ReturnType<typeof runConcurrent>>;
    if (profileConcurrent) {
      const profiled = await gateway.profiled('gateway-main-b', runConcurrent);
      concurrent = profiled.result;
      say(
        `(b) CPU profile of the gateway main thread: ${profiled.profilePath} (npx tsx bench/profile-summary.ts <file>)`,
      );
    } else {
      concurrent = await runConcurrent();
    }
    const cpu = cpuPerEvent(cpuBefore, cpuSnapshot(gateway.pid), concurrent.events);
    await assertStoredOnce(
      db.orm,
      b.map((d) => d.deviceId),
      concurrent.events,
      '(b) concurrent',
    );
    const verifyRatio = round1(concurrent.eventsPerSecond / raw.verifyPerSecond);
    say(
      `(b) ${concurrent.devices} devices × ${BENCH.eventsPerConcurrentDevice} ${BENCH.concurrentKind} (batches of ${concurrent.batchSize}), all at once: ` +
        `${concurrent.events} events in ${concurrent.ms} ms = ${concurrent.eventsPerSecond} events/s accepted (signed, verified, committed); ` +
        `connect ${concurrent.connectMs} ms not timed — stored once ✓`,
    );
    say(`(b) accepted rate / raw single-core verify rate: ${verifyRatio}`);
    say(
      `(b) CPU per event (from /proc, incl. connect): gateway main thread ${cpu.mainThreadUs} µs, gateway other threads ${cpu.otherThreadsUs} µs, ` +
        `all PostgreSQL processes ${cpu.postgresUs} µs; load average ${loadBeforeB} before (b), ${loadAverage1m()} after`,
    );
    say(`(b) busiest other gateway threads (µs/event, by tid and name): ${JSON.stringify(cpu.busiestOtherThreads)}`);

    const expectedRows = seededRows + warm.length + backlogRuns.length * BENCH.backlogEvents + concurrent.events;
    const finalRows = await totalLogRows(db.orm);
    if (finalRows !== expectedRows) throw new Error(`event_log holds ${finalRows} rows, expected ${expectedRows}`);
    say(`event_log: ${finalRows} rows = ${seededRows} seeded + ${finalRows - seededRows} synced ✓`);

    const peak = gateway.peakRssBytes();
    const own = await gateway.memory();
    say(
      `(c) gateway peak RSS (VmHWM): ${MB(peak)} MB (after warm-up ${MB(afterWarmRss)} MB, after (a) ${MB(afterARss)} MB); ` +
        `child-reported maxRSS ${MB(own.maxRssBytes)} MB, RSS now ${MB(own.rssBytes)} MB`,
    );

    const best = (kind: string) =>
      backlog ? Math.max(...BENCH.batchSizes.map((s) => backlog.ratios[kind].rtt100[`batch${s}`])) : Number.NaN;
    const targets = {
      rtt100BatchedAtLeast20x: backlog
        ? Object.fromEntries(BENCH.backlogKinds.map((k) => [k, best(k) >= 20]))
        : 'not run',
      concurrentAtLeast3000PerSecond: concurrent.eventsPerSecond >= 3000,
    };
    const batchedTarget = backlog
      ? BENCH.backlogKinds.map((k) => `${k} ${best(k) >= 20 ? 'met' : 'NOT met'} (${best(k)}×)`).join(', ')
      : 'not run (BENCH_ONLY=concurrent)';
    say(
      `targets: batched ≥ 20× at 100 ms RTT: ${batchedTarget}; ` +
        `≥ 3,000 events/s: ${targets.concurrentAtLeast3000PerSecond ? 'met' : 'NOT met'} (${concurrent.eventsPerSecond}/s)`,
    );
    const loadAtEnd = loadAverage1m();
    say(`load average at end: ${loadAtEnd}`);
    console.log(
      JSON.stringify({
        bench: 'sync',
        date: new Date().toISOString(),
        environment: { ...env, loadAverage1mAtEnd: loadAtEnd },
        gateway: {
          verifierThreads: c.verifierThreads,
          maxBatchEvents: c.maxBatchEvents,
          dbPoolMax: gateway.poolMax,
          uploadRatePerSecond: c.uploadRatePerSecond,
          uploadBurst: c.uploadBurst,
        },
        rawEd25519: raw,
        clientSigning: { events: signed.backlogs.flat().length, eventsPerSecond: signed.perSecond, ...sizes },
        backlog: backlog ? { events: BENCH.backlogEvents, oneWayDelayMs: BENCH.oneWayDelayMs, ...backlog } : 'not run',
        concurrent: { kind: BENCH.concurrentKind, ...concurrent, verifyRatio, cpuPerEventUs: cpu },
        memory: {
          peakRssBytes: peak,
          afterWarmUpPeakRssBytes: afterWarmRss,
          afterBacklogPeakRssBytes: afterARss,
          childMaxRssBytes: own.maxRssBytes,
        },
        eventLog: { seededRows, finalRows },
        targets,
      }),
    );
    return 0;
  } finally {
    await proxy?.close();
    await gateway?.stop();
    await db.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:sync FAILED:', error);
    process.exit(1);
  },
);
