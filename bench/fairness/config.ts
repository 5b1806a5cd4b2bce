/**
 * Knobs of `npm run bench:fairness` in one place. Ports are never fixed (ephemeral gateway port).
 * Kept apart from the test suite: no *.test.ts here, jest never runs it, nothing is asserted on time.
 */
export const FAIRNESS = {
  /** Devices that keep syncing normally: each uploads one new event, waits, repeats. */
  quietDevices: 6,
  /** Pause between two round trips of one quiet device (well under the per-device upload limit). */
  quietPauseMs: 100,
  /** Length of each measured phase (quiet, pull flood, upload flood). */
  phaseMs: 8_000,
  /** Background devices whose uploads fill the log before timing (the flooder is one of them). */
  fillerDevices: 10,
  fillerEventsPerDevice: 1_000,
  /** Requests the flooding device keeps in flight on its one socket (pipelined, no pause). */
  floodInFlight: 16,
  /** Events in each flooding upload (the same batch over and over: a client retrying for ever). */
  floodBatchEvents: 100,
  ackTimeoutMs: 60_000,
  stockPerVehicle: 100_000,
  /** Target: quiet p50 during a flood within this factor of the quiet p50. */
  targetFactor: 2,
} as const;
