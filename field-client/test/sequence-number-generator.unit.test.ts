import { SequenceNumberGenerator } from '../src/queue/sequence-number-generator';
import { STORAGE_KEYS, type KeyValueStorage } from '../src/storage/key-value-storage';
import { freshStorage } from './helpers';

describe('SequenceNumberGenerator', () => {
  it('hands out 1, 2, 3 … without gaps', async () => {
    const seq = new SequenceNumberGenerator(freshStorage());
    expect([await seq.next(), await seq.next(), await seq.next()]).toEqual([1, 2, 3]);
  });

  it('has the new value in storage before next() resolves', async () => {
    const storage = freshStorage();
    const seq = new SequenceNumberGenerator(storage);
    const n = await seq.next();
    expect(await storage.getItem(STORAGE_KEYS.sequence)).toBe(n);
  });

  it('does not resolve next() until setItem has resolved', async () => {
    const inner = freshStorage();
    const order: string[] = [];
    const slow: KeyValueStorage = {
      ...inner,
      getItem: (k) => inner.getItem(k),
      setItem: async (k, v) => {
        await new Promise((r) => setTimeout(r, 20));
        const stored = await inner.setItem(k, v);
        order.push('persisted');
        return stored;
      },
    };
    await new SequenceNumberGenerator(slow).next().then(() => order.push('returned'));
    expect(order).toEqual(['persisted', 'returned']);
  });

  it('gives 50 concurrent callers 50 distinct consecutive numbers', async () => {
    const seq = new SequenceNumberGenerator(freshStorage());
    const numbers = await Promise.all(Array.from({ length: 50 }, () => seq.next()));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('continues after a restart (new instance over the same db) and never reuses a number', async () => {
    const storage = freshStorage();
    await new SequenceNumberGenerator(storage).next();
    await new SequenceNumberGenerator(storage).next();
    expect(await new SequenceNumberGenerator(storage).next()).toBe(3);
  });

  it('refuses to restart from 0 when the stored counter is unreadable', async () => {
    const storage = freshStorage();
    await storage.setItem(STORAGE_KEYS.sequence, 'garbage');
    await expect(new SequenceNumberGenerator(storage).next()).rejects.toMatchObject({ code: 'STORAGE_CORRUPTED' });
  });

  it('raiseTo never moves the counter backwards', async () => {
    const seq = new SequenceNumberGenerator(freshStorage());
    await seq.raiseTo(7);
    await seq.raiseTo(3);
    expect(await seq.next()).toBe(8);
  });
});
