import type { Product } from '@pco/domain';
import { LocalEventQueue } from '../src/queue/local-event-queue';
import { loadReferenceData, saveReferenceData } from '../src/storage/reference-cache';
import { enforceStorageLimits } from '../src/storage/storage-limits';
import { saveDailySnapshot, snapshotDays } from '../src/view/snapshots';
import { freshStorage, pendingOf } from './helpers';

const product = (i: number, active = true): Product => ({
  id: `p-${i}`,
  name: `Product ${String(i).padStart(5, '0')}`,
  unit: 'each',
  epaRegistrationNumber: null,
  regulated: false,
  unitValueCents: 100,
  active,
});

describe('enforceStorageLimits (now injected)', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');

  it('archives failed events older than 30 days and keeps newer failed and queued ones', async () => {
    const storage = freshStorage();
    const queue = new LocalEventQueue(storage);
    await queue.enqueue(await pendingOf(1, 'failed', { failedAt: '2026-10-26T11:59:00.000Z' }));
    await queue.enqueue(await pendingOf(2, 'failed', { failedAt: '2026-10-28T00:00:00.000Z' }));
    await queue.enqueue(await pendingOf(3, 'queued', { queuedAt: '2026-01-01T00:00:00.000Z' }));
    const report = await enforceStorageLimits(storage, queue, now);
    expect(report.archivedFailedEventIds).toEqual(['evt-1']);
    expect((await queue.all()).map((p) => p.localId)).toEqual(['evt-2', 'evt-3']);
    expect((await queue.archived()).map((p) => p.localId)).toEqual(['evt-1']);
  });

  it('keeps 30 days of snapshots and removes older days', async () => {
    const storage = freshStorage();
    for (const day of ['2026-10-27', '2026-10-28', '2026-11-26'])
      await saveDailySnapshot(storage, new Map([['van-1::p', 1]]), new Date(`${day}T10:00:00.000Z`));
    const report = await enforceStorageLimits(storage, new LocalEventQueue(storage), now);
    expect(report.removedSnapshotDays).toEqual(['2026-10-27']);
    expect(await snapshotDays(storage)).toEqual(['2026-10-28', '2026-11-26']);
  });

  it('caches only active products and refuses a catalogue over the limit, keeping the old cache', async () => {
    const storage = freshStorage();
    await saveReferenceData(storage, { products: [product(1), product(2, false)] }, 3);
    expect((await loadReferenceData(storage)).products.map((p) => p.id)).toEqual(['p-1']);
    await expect(
      saveReferenceData(storage, { products: [1, 2, 3, 4].map((i) => product(i)) }, 3),
    ).rejects.toMatchObject({ code: 'PRODUCT_CACHE_FULL' });
    expect((await loadReferenceData(storage)).products.map((p) => p.id)).toEqual(['p-1']);
  });

  it('accepts exactly 10,000 active products (the spec limit)', async () => {
    const storage = freshStorage();
    await saveReferenceData(storage, { products: Array.from({ length: 10_000 }, (_, i) => product(i)) });
    expect((await loadReferenceData(storage)).products).toHaveLength(10_000);
    await expect(
      saveReferenceData(storage, { products: Array.from({ length: 10_001 }, (_, i) => product(i)) }),
    ).rejects.toMatchObject({ code: 'PRODUCT_CACHE_FULL' });
  });
});
