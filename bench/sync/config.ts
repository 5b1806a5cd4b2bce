/**
 * The benchmark's knobs in one place. Ports are never fixed: the gateway and the delaying proxy
 * listen on ephemeral ports. Kept apart from the test suite (no *.test.ts here; jest never runs it).
 */
export const BENCH = {
  /** (a) one device's offline backlog. */
  backlogEvents: 500,
  /** (a) kinds of backlog, each timed with every protocol on every route. */
  backlogKinds: ['ProductIssued', 'ProductReturned'],
  /** (a) batch sizes of our protocol (the gateway allows at most 500 per batch). */
  batchSizes: [100, 500],
  /** (a) simulated one-way delay; each direction adds it, so the round trip gains 2 × this. */
  oneWayDelayMs: 50,
  /** (b) concurrent devices and each one's backlog. */
  concurrentDevices: 50,
  eventsPerConcurrentDevice: 200,
  concurrentBatchSize: 100,
  /** (b) returns: the cheapest non-conflicting write path (issues pay a per-event check that
   *  grows with the device's own backlog; (a) shows both). */
  concurrentKind: 'ProductReturned',
  /** Issue 11: one device pulls this many events in pages of pullPageSize (loopback). */
  pullEvents: 10_000,
  pullPageSize: 1_000,
  /** Issue 11 (e): each whole-session timing is the median of this many runs. */
  sessionRepeats: 3,
  /** Issue 11: devices recovering at once, each with this many queued events, reconnecting in waves. */
  recoveryDevices: 1_000,
  recoveryEventsPerDevice: 50,
  recoveryWave: 100,
  /** Raw Ed25519 rates on the same machine in the same run. */
  rawCryptoOps: 5_000,
  rawPayloadBytes: 200,
  /** Stock transferred to every benchmark vehicle (each event issues 1 unit, so nothing conflicts). */
  stockPerVehicle: 100_000,
  /** Ack timeout for one upload; a batch of 500 at 100 ms RTT finishes well inside it. */
  uploadTimeoutMs: 120_000,
  /** Gateway overrides: the per-device upload rate limits (default 20 messages/s, burst 40; 100
   *  events/s, burst 1000) would cap the one-event-per-round-trip protocol at 20 events/s and the
   *  backlog runs of one device, so the benchmark lifts them. */
  gatewayOverrides: {
    uploadRatePerSecond: 1_000_000,
    uploadBurst: 1_000_000,
    uploadEventsPerSecond: 1_000_000,
    uploadEventsBurst: 1_000_000,
    // Every simulated device connects from 127.0.0.1: the per-address limits (a depot's NAT address,
    // 50 handshakes/s, burst 200) would refuse (f)'s 1,000 phones, which in the field have addresses of their own.
    handshakesPerAddressPerSecond: 1_000_000,
    handshakeBurstPerAddress: 1_000_000,
    maxConnectionsPerAddress: 1_000_000,
    maxUnauthenticatedPerAddress: 1_000_000,
    logLevel: (process.env.BENCH_GATEWAY_LOG ?? 'warn') as 'warn',
  },
} as const;
