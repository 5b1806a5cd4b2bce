/**
 * recordSyncAttempts writes many reports in one transaction; it must leave exactly what the same
 * reports recorded one at a time leave (device_metrics folded per device in order, every report
 * in sync_attempts), whether the device already had a metrics row or not.
 */
import { recordSyncAttempt, recordSyncAttempts, registerDevice, query, type Em, type SyncAttemptReport } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';

const NOW = new Date('2026-11-30T08:00:00.000Z');
const FOURTH = 'device-fourth';
let db: FreshDatabase;
const em = () => db.orm.em.fork() as Em;

beforeAll(async () => {
  db = await freshDatabase({ poolMax: 3 });
  await seedDemoData(db.orm, NOW);
  await db.orm.em.fork().transactional((tem) =>
    registerDevice(tem as Em, {
      deviceId: FOURTH,
      userId: DEMO.persons.tech1,
      name: 'Fourth phone',
      publicKey: Buffer.alloc(32, 7).toString('base64'),
      now: NOW,
    }),
  );
});
afterAll(() => db?.drop());

const at = (minute: number) => new Date(NOW.getTime() + minute * 60_000).toISOString();

/** A mixed history: failures, a success that resets the count, queue sizes said and unsaid. */
const history = (deviceId: string): SyncAttemptReport[] => [
  { deviceId, at: at(1), succeeded: false, pendingQueueSize: 40, oldestPendingAt: at(-60), latencyMs: 10 },
  { deviceId, at: at(2), succeeded: false, pendingQueueSize: null, latencyMs: 12.6 },
  { deviceId, at: at(3), succeeded: true, pendingQueueSize: 5, latencyMs: 30 },
  { deviceId, at: at(4), succeeded: false, pendingQueueSize: null, latencyMs: null },
  { deviceId, at: at(5), succeeded: false, pendingQueueSize: null, latencyMs: -3 },
];

async function metricsOf(deviceId: string) {
  const [row] = await query<Record<string, unknown>>(
    em(),
    `select pending_queue_size, oldest_pending_at, consecutive_sync_failures, last_failure_at, reported_at
     from device_metrics where device_id = $1`,
    [deviceId],
  );
  const attempts = await query<Record<string, unknown>>(
    em(),
    'select at, succeeded, latency_ms from sync_attempts where device_id = $1 order by at',
    [deviceId],
  );
  return { row, attempts };
}

describe('recordSyncAttempts', () => {
  it('leaves what one-at-a-time recording leaves, for a new device and for one with a row already', async () => {
    const [oneByOne, batched, oneByOneExisting, batchedExisting] = [
      DEMO.devices.tech1,
      DEMO.devices.tech2,
      DEMO.devices.tech3,
      FOURTH,
    ];
    for (const id of [oneByOneExisting, batchedExisting]) {
      for (let i = 0; i < 3; i++)
        await recordSyncAttempt(em(), { deviceId: id, at: at(-10 + i), succeeded: false, pendingQueueSize: 7 });
    }
    for (const id of [oneByOne, oneByOneExisting]) for (const r of history(id)) await recordSyncAttempt(em(), r);
    // Two devices' reports interleaved in one batch, as a gateway's buffer holds them.
    const mixed = history(batched).flatMap((r, i) => [r, history(batchedExisting)[i]]);
    await recordSyncAttempts(em(), mixed);

    const single = await metricsOf(oneByOne);
    expect(single.row).toMatchObject({ pending_queue_size: 5, consecutive_sync_failures: 2 });
    expect(await metricsOf(batched)).toEqual(single);
    const existing = await metricsOf(oneByOneExisting);
    expect(existing.attempts).toHaveLength(8);
    expect(await metricsOf(batchedExisting)).toEqual(existing);
  });

  it('counts failures on from the stored count when no attempt of the batch succeeded', async () => {
    const id = DEMO.devices.tech1;
    const before = (await metricsOf(id)).row.consecutive_sync_failures as number;
    await recordSyncAttempts(em(), [
      { deviceId: id, at: at(10), succeeded: false, pendingQueueSize: null },
      { deviceId: id, at: at(11), succeeded: false, pendingQueueSize: null },
    ]);
    const after = await metricsOf(id);
    expect(after.row.consecutive_sync_failures).toBe(before + 2);
    expect(after.row.pending_queue_size).toBe(5);
  });

  it('writes nothing for an empty batch and refuses a batch naming an unknown device, storing none of it', async () => {
    await recordSyncAttempts(em(), []);
    const count = async () =>
      Number((await query<{ n: string }>(em(), 'select count(*) as n from sync_attempts'))[0].n);
    const before = await count();
    await expect(
      recordSyncAttempts(em(), [
        { deviceId: DEMO.devices.tech2, at: at(20), succeeded: true, pendingQueueSize: 1 },
        { deviceId: 'no-such-device', at: at(20), succeeded: true, pendingQueueSize: 1 },
      ]),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
  });
});
