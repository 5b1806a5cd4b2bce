/**
 * The gateway's batched sync-attempt recording: many reports, one write; a failed write keeps its
 * reports for the next flush; a bound on what waits drops the oldest and counts them; close()
 * writes what waits.
 */
import type { SyncAttemptReport } from '@pco/store';
import { createLogger } from '../src/logger';
import { createSyncAttemptBatcher } from '../src/metrics/sync-attempt-batcher';

const logger = createLogger('silent');
const report = (n: number): SyncAttemptReport => ({
  deviceId: `device-${n % 3}`,
  at: new Date(Date.UTC(2026, 10, 30, 8, 0, n)).toISOString(),
  succeeded: n % 2 === 0,
  pendingQueueSize: null,
  latencyMs: n,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync-attempt batcher', () => {
  it('writes the reports of one interval in one call, in the order they came', async () => {
    const writes: SyncAttemptReport[][] = [];
    const batcher = createSyncAttemptBatcher(async (r) => void writes.push(r), logger, { intervalMs: 20 });
    for (let n = 0; n < 50; n++) batcher.record(report(n));
    expect(writes).toEqual([]);
    await sleep(60);
    expect(writes).toHaveLength(1);
    expect(writes[0].map((r) => r.latencyMs)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    await batcher.close();
  });

  it('writes at once when maxBatch reports wait', async () => {
    const writes: number[] = [];
    const batcher = createSyncAttemptBatcher(async (r) => void writes.push(r.length), logger, {
      intervalMs: 60_000,
      maxBatch: 10,
    });
    for (let n = 0; n < 25; n++) batcher.record(report(n));
    await sleep(20);
    // No timer could have fired (60 s): the 10th report started the write, which took all that waited.
    expect(writes).toEqual([25]);
    await batcher.close();
  });

  it('keeps the reports of a failed write and writes them with the next flush', async () => {
    let fail = true;
    const written: SyncAttemptReport[] = [];
    const batcher = createSyncAttemptBatcher(
      async (r) => {
        if (fail) throw new Error('database down');
        written.push(...r);
      },
      logger,
      { intervalMs: 60_000 },
    );
    batcher.record(report(1));
    await batcher.flush();
    expect(written).toEqual([]);
    fail = false;
    batcher.record(report(2));
    await batcher.flush();
    expect(written.map((r) => r.latencyMs)).toEqual([1, 2]);
    expect(batcher.dropped).toBe(0);
    await batcher.close();
  });

  it('drops the oldest beyond maxBuffered while writes fail, and counts them', async () => {
    let fail = true;
    const written: SyncAttemptReport[] = [];
    const batcher = createSyncAttemptBatcher(
      async (r) => {
        if (fail) throw new Error('database down');
        written.push(...r);
      },
      logger,
      { intervalMs: 60_000, maxBuffered: 5 },
    );
    for (let n = 0; n < 8; n++) batcher.record(report(n));
    await batcher.flush();
    expect(batcher.dropped).toBe(3);
    fail = false;
    await batcher.close();
    expect(written.map((r) => r.latencyMs)).toEqual([3, 4, 5, 6, 7]);
  });

  it('close() writes what waits, and later reports are written without waiting for a timer', async () => {
    const written: SyncAttemptReport[] = [];
    const batcher = createSyncAttemptBatcher(async (r) => void written.push(...r), logger, { intervalMs: 60_000 });
    batcher.record(report(1));
    await batcher.close();
    expect(written).toHaveLength(1);
    batcher.record(report(2));
    await batcher.flush();
    expect(written).toHaveLength(2);
  });
});
