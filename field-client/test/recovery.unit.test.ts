import { LocalEventQueue } from '../src/queue/local-event-queue';
import { exportReadableStorage } from '../src/recovery/export-readable';
import { STORAGE_KEYS, type KeyValueStorage } from '../src/storage/key-value-storage';
import { freshStorage, pendingOf } from './helpers';

describe('corruption recovery: preserve what is readable', () => {
  it('exports valid events and the counter, and reports each corrupted key with a reason', async () => {
    const storage = freshStorage();
    const queue = new LocalEventQueue(storage);
    await queue.enqueue(await pendingOf(1));
    await queue.enqueue(await pendingOf(2, 'conflicted'));
    await storage.setItem(STORAGE_KEYS.sequence, 4);
    await storage.setItem(`${STORAGE_KEYS.pendingEvents}:evt-3`, '{"localId": "evt-3", trunc');
    await storage.setItem(`${STORAGE_KEYS.pendingEvents}:evt-4`, {
      localId: 'evt-4',
      status: 'queued',
      event: { eventId: 'evt-4' },
    });
    const exported = await exportReadableStorage(storage);
    expect(exported.pendingEvents.map((p) => p.localId)).toEqual(expect.arrayContaining(['evt-1', 'evt-2']));
    expect(exported.pendingEvents).toHaveLength(2);
    expect(exported.highestSequence).toBe(4);
    expect(exported.corrupted).toEqual(
      expect.arrayContaining([
        { key: `${STORAGE_KEYS.pendingEvents}:evt-3`, reason: 'not an object' },
        { key: `${STORAGE_KEYS.pendingEvents}:evt-4`, reason: 'offlineContext.sequenceNumber missing' },
      ]),
    );
  });

  it('keeps exporting the other keys when one key cannot be read at all', async () => {
    const inner = freshStorage();
    await new LocalEventQueue(inner).enqueue(await pendingOf(1));
    await inner.setItem('broken', 1);
    const storage: KeyValueStorage = {
      ...inner,
      keys: () => inner.keys(),
      getItem: async (key) => {
        if (key === 'broken') throw new Error('DataError: value could not be deserialised');
        return inner.getItem(key);
      },
    };
    const exported = await exportReadableStorage(storage);
    expect(exported.corrupted).toEqual([
      { key: 'broken', reason: 'unreadable: DataError: value could not be deserialised' },
    ]);
    expect(exported.pendingEvents.map((p) => p.localId)).toEqual(['evt-1']);
  });
});
