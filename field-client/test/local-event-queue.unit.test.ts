import { LocalEventQueue } from '../src/queue/local-event-queue';
import { STORAGE_KEYS } from '../src/storage/key-value-storage';
import { freshStorage, pendingOf } from './helpers';

describe('LocalEventQueue', () => {
  it('walks an event through syncing → synced with serverId, attempts and syncedAt', async () => {
    const queue = new LocalEventQueue(freshStorage());
    await queue.enqueue(await pendingOf(1));
    await queue.markSyncing('evt-1', '2026-11-26T09:00:00.000Z');
    const synced = await queue.markAccepted('evt-1', '42', '2026-11-26T09:00:01.000Z');
    expect(synced).toMatchObject({
      status: 'synced',
      serverId: '42',
      attempts: 1,
      lastAttempt: '2026-11-26T09:00:00.000Z',
      syncedAt: '2026-11-26T09:00:01.000Z',
    });
    expect(synced.event.offlineContext).toMatchObject({ syncStatus: 'synced', syncedAt: '2026-11-26T09:00:01.000Z' });
  });

  it('records conflict details, failure reasons and re-queues with the attempt counted', async () => {
    const queue = new LocalEventQueue(freshStorage());
    for (const seq of [1, 2, 3]) await queue.enqueue(await pendingOf(seq));
    const details = { type: 'INSUFFICIENT_INVENTORY' as const, conflictingEvents: ['7'], message: 'only 1 left' };
    await queue.markConflicted('evt-1', details, 'c-1');
    await queue.markFailed('evt-2', 'LOCATION_INACTIVE: van retired', '2026-11-26T09:00:00.000Z');
    await queue.markSyncing('evt-3', '2026-11-26T09:00:00.000Z');
    await queue.markQueued('evt-3', 'TIMEOUT: no ack');
    const [one, two, three] = await queue.all();
    expect(one).toMatchObject({ status: 'conflicted', conflictDetails: details, conflictId: 'c-1' });
    expect(two).toMatchObject({
      status: 'failed',
      lastError: 'LOCATION_INACTIVE: van retired',
      failedAt: '2026-11-26T09:00:00.000Z',
    });
    expect(three).toMatchObject({ status: 'queued', attempts: 1, lastError: 'TIMEOUT: no ack' });
  });

  it('returns events in sequence order whatever the insertion order', async () => {
    const queue = new LocalEventQueue(freshStorage());
    for (const seq of [3, 1, 2]) await queue.enqueue(await pendingOf(seq));
    expect((await queue.all()).map((p) => p.localId)).toEqual(['evt-1', 'evt-2', 'evt-3']);
  });

  it('refuses the 501st unsynced event with QUEUE_FULL and keeps all 500 queued ones', async () => {
    const storage = freshStorage();
    const template = await pendingOf(1);
    for (let seq = 1; seq <= 500; seq += 1) {
      const event = {
        ...template.event,
        eventId: `evt-${seq}`,
        offlineContext: { ...template.event.offlineContext!, sequenceNumber: seq },
      };
      await storage.setItem(`${STORAGE_KEYS.pendingEvents}:evt-${seq}`, { ...template, localId: `evt-${seq}`, event });
    }
    const queue = new LocalEventQueue(storage);
    await expect(queue.enqueue(await pendingOf(501))).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    expect(await queue.unsyncedCount()).toBe(500);
    expect(await queue.get('evt-501')).toBeNull();
  });

  it('counts synced and failed events outside the pending limit', async () => {
    const queue = new LocalEventQueue(freshStorage(), 2);
    await queue.enqueue(await pendingOf(1, 'synced'));
    await queue.enqueue(await pendingOf(2, 'failed'));
    await queue.enqueue(await pendingOf(3));
    await queue.enqueue(await pendingOf(4, 'conflicted'));
    await expect(queue.enqueue(await pendingOf(5))).rejects.toMatchObject({ code: 'QUEUE_FULL' });
  });

  it('archives by moving the entry to the archive key, not deleting it', async () => {
    const queue = new LocalEventQueue(freshStorage());
    await queue.enqueue(await pendingOf(1, 'failed'));
    await queue.archive('evt-1');
    expect(await queue.get('evt-1')).toBeNull();
    expect((await queue.archived()).map((p) => p.localId)).toEqual(['evt-1']);
  });
});
