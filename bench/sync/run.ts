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
import { runMassRecovery, timePull } from './evidence-phases';
import { runSessionPhase, type SessionPhase } from './session-phase';
import { measureRawEd25519 } from './raw-crypto';
import { buildBacklog, eventSizes } from './workload';

const say = (line: string): void => console.log(line);
/**
 * BENCH_ONLY=concurrent: warm-up, (b) and (d) only (for profiling and quick before/after runs).
 * BENCH_ONLY=session: the same plus (e). Unset: every phase.
 */
const only = process.env.BENCH_ONLY;
const runBacklog = only === undefined;
const runSession = only === undefined || only === 'session';
const runRecovery = only === undefined;
/**
 * BENCH_CPU_PROF=1: CPU profile of the gateway's main thread during phase (b), into data/profiles/.
 * BENCH_GATEWAY_NODE_FLAGS="--single-threaded-gc …": extra node flags for the gateway child only.
 */
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
    const recoveryDevices = runRecovery ? BENCH.recoveryDevices : 0;
    const fixtures = await seedBenchFixtures(
      db.orm,
      {
        w: 1,
        a: backlogDevicesNeeded(),
        b: BENCH.concurrentDevices,
        s: 2 * BENCH.sessionRepeats + 2,
        r: recoveryDevices,
      },
      BENCH.stockPerVehicle,
      ['s', 'r'],
    );
    const seededRows = await totalLogRows(db.orm);
    const { w, a, b } = fixtures.groups;
    const warm = buildBacklog(w[0], 200, fixtures.knownStateHash, 'ProductReturned');
    const backlogRuns = runBacklog ? planBacklogRuns(a, fixtures.knownStateHash) : [];
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

    const backlog = runBacklog
      ? await runBacklogPhase({ loopback: gateway.url, rtt100: proxy.url }, backlogRuns, db.orm, say)
      : null;
    const afterARss = gateway.peakRssBytes();

    // The verify rate moves with the machine's load: measured again right before and after (b), their mean is the reference.
    const rawBeforeB = measureRawEd25519(BENCH.rawCryptoOps, BENCH.rawPayloadBytes);
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
    const rawAfterB = measureRawEd25519(BENCH.rawCryptoOps, BENCH.rawPayloadBytes);
    const verifyReference = Math.round((rawBeforeB.verifyPerSecond + rawAfterB.verifyPerSecond) / 2);
    const verifyRatio = round1(concurrent.eventsPerSecond / verifyReference);
    say(
      `(b) ${concurrent.devices} devices × ${BENCH.eventsPerConcurrentDevice} ${BENCH.concurrentKind} (batches of ${concurrent.batchSize}), all at once: ` +
        `${concurrent.events} events in ${concurrent.ms} ms = ${concurrent.eventsPerSecond} events/s accepted (signed, verified, committed); ` +
        `connect ${concurrent.connectMs} ms not timed — stored once ✓`,
    );
    say(
      `(b) accepted rate / raw single-core verify rate: ${verifyRatio} (raw verify ${rawBeforeB.verifyPerSecond}/s before (b), ` +
        `${rawAfterB.verifyPerSecond}/s after, mean ${verifyReference}/s; target ≥ 1.3, aim 2)`,
    );
    say(
      `(b) CPU per event (from /proc, incl. connect): gateway main thread ${cpu.mainThreadUs} µs, gateway other threads ${cpu.otherThreadsUs} µs, ` +
        `all PostgreSQL processes ${cpu.postgresUs} µs; load average ${loadBeforeB} before (b), ${loadAverage1m()} after`,
    );
    say(`(b) busiest other gateway threads (µs/event, by tid and name): ${JSON.stringify(cpu.busiestOtherThreads)}`);
    // What the machine can give at best: every core busy, no waiting. The verify-ratio target is
    // reachable only if this ceiling is above it (the log's appends serialise on one chain head, so less).
    const cpuTotalUs = cpu.mainThreadUs + cpu.otherThreadsUs + cpu.postgresUs + cpu.clientUs;
    const cpuCeilingPerSecond = Math.round((env.cpus * 1e6) / cpuTotalUs);
    say(
      `(b) CPU budget: ${cpuTotalUs} µs per event in all (gateway ${cpu.mainThreadUs + cpu.otherThreadsUs}, PostgreSQL ${cpu.postgresUs}, ` +
        `bench client ${cpu.clientUs}) ⇒ at most ${cpuCeilingPerSecond} events/s on ${env.cpus} cores = ` +
        `${round1(cpuCeilingPerSecond / verifyReference)}× raw verify if nothing ever waited`,
    );

    const pulled = await timePull(gateway.url, db.orm, BENCH.pullEvents, BENCH.pullPageSize);
    say(
      `(d) pull: ${pulled.events} events in ${pulled.pages} pages of ${pulled.pageSize} on loopback: ${pulled.ms} ms = ${pulled.eventsPerSecond} events/s; ` +
        `per page round trip mean ${pulled.msPerPage.mean} ms, max ${pulled.msPerPage.max} ms; store query per page mean ` +
        `${pulled.storeMsPerPage.mean} ms, max ${pulled.storeMsPerPage.max} ms (target < 100 ms server time)`,
    );
    let session: SessionPhase | null = null;
    let recovery: Awaited<ReturnType<typeof runMassRecovery>> | null = null;
    if (runSession) {
      session = await runSessionPhase(
        { loopback: gateway.url, rtt100: proxy.url },
        fixtures.groups.s,
        (device) => buildBacklog(device, BENCH.backlogEvents, fixtures.knownStateHash, 'ProductReturned'),
        2 * BENCH.oneWayDelayMs,
        BENCH.sessionRepeats,
      );
      const { rtt100, rtt100WithChallengeFetch, loopback } = session;
      say(
        `(e) ${BENCH.backlogEvents}-event backlog at 100 ms RTT from opening the socket (connect with a connection-bound handshake + one upload) to the last ack, ` +
          `median of ${BENCH.sessionRepeats} (${session.rtt100Runs.join(', ')} ms): ` +
          `${rtt100.fromOpenMs} ms = ${rtt100.roundTrips} round trips of 100 ms (upload alone ${rtt100.uploadOnlyMs} ms); ` +
          `with a challenge fetched over HTTP first (the handshake before): ${rtt100WithChallengeFetch.fromOpenMs} ms = ${rtt100WithChallengeFetch.roundTrips} round trips; ` +
          `server time of the whole session (loopback: connect, handshake, upload; median of ${session.loopbackRuns.join(', ')} ms) ${loopback.fromOpenMs} ms, ` +
          `so the target is ≤ 3 × ${session.measuredRttMs} ms (round trip measured through the proxy) + ${loopback.fromOpenMs} = ` +
          `${Math.round(3 * session.measuredRttMs + loopback.fromOpenMs)} ms; ` +
          `server time of one ${BENCH.backlogEvents}-event batch (loopback upload): ${loopback.uploadOnlyMs} ms (target ≤ 100 ms)`,
      );
    }
    if (runRecovery) {
      const signStarted = performance.now();
      const work = fixtures.groups.r.map((device) => ({
        device,
        backlog: buildBacklog(device, BENCH.recoveryEventsPerDevice, fixtures.knownStateHash, 'ProductReturned'),
      }));
      say(
        `(f) pre-signed ${work.length} × ${BENCH.recoveryEventsPerDevice} recovery events in ${Math.round(performance.now() - signStarted)} ms (not timed)`,
      );
      recovery = await runMassRecovery(gateway.url, gateway, db.orm, work, BENCH.recoveryWave);
      say(
        `(f) mass recovery: ${recovery.devices} devices × ${recovery.eventsPerDevice} events in waves of ${recovery.wave} through the real gateway: ` +
          `${recovery.ms} ms = ${recovery.eventsPerSecond} events/s; gateway peak RSS ${MB(recovery.peakRssBytes)} MB; lost 0, duplicated 0 ✓ (target < 2 minutes)`,
      );
    }

    const expectedRows =
      seededRows +
      warm.length +
      backlogRuns.length * BENCH.backlogEvents +
      concurrent.events +
      (session ? (2 * BENCH.sessionRepeats + 2) * BENCH.backlogEvents : 0) +
      (recovery ? recovery.events : 0);
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
      concurrentAtLeast1_3xRawVerify: verifyRatio >= 1.3,
      pullPageUnder100ms: pulled.msPerPage.max < 100,
      // Server time = the same session (connect, handshake, upload) on loopback, where round trips cost ~0.
      sessionAtMost3RoundTripsPlusServer: session
        ? session.rtt100.fromOpenMs <= 3 * session.measuredRttMs + session.loopback.fromOpenMs
        : 'not run',
      serverTime500AtMost100ms: session ? session.loopback.uploadOnlyMs <= 100 : 'not run',
      massRecoveryUnder2Minutes: recovery ? recovery.ms < 120_000 : 'not run',
    };
    const batchedTarget = backlog
      ? BENCH.backlogKinds.map((k) => `${k} ${best(k) >= 20 ? 'met' : 'NOT met'} (${best(k)}×)`).join(', ')
      : `not run (BENCH_ONLY=${only})`;
    say(
      `targets: batched ≥ 20× at 100 ms RTT: ${batchedTarget}; ` +
        `≥ 3,000 events/s: ${targets.concurrentAtLeast3000PerSecond ? 'met' : 'NOT met'} (${concurrent.eventsPerSecond}/s); ` +
        `≥ 1.3× raw verify: ${targets.concurrentAtLeast1_3xRawVerify ? 'met' : 'NOT met'} (${verifyRatio}×); ` +
        `pull page < 100 ms: ${targets.pullPageUnder100ms ? 'met' : 'NOT met'}; session ≤ 3 RTT + server: ${String(targets.sessionAtMost3RoundTripsPlusServer)}; ` +
        `500-batch server time ≤ 100 ms: ${String(targets.serverTime500AtMost100ms)}; mass recovery < 2 min: ${String(targets.massRecoveryUnder2Minutes)}`,
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
        concurrent: {
          kind: BENCH.concurrentKind,
          ...concurrent,
          verifyRatio,
          verifyReferencePerSecond: verifyReference,
          rawVerifyPerSecondBeforeAfter: [rawBeforeB.verifyPerSecond, rawAfterB.verifyPerSecond],
          cpuPerEventUs: cpu,
          cpuTotalUsPerEvent: cpuTotalUs,
          cpuCeilingPerSecond,
        },
        pull: pulled,
        session: session ?? 'not run',
        massRecovery: recovery ?? 'not run',
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
