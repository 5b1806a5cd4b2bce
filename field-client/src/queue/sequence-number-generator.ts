import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';
import { SerialExecutor } from './serial';
import { FieldClientError } from '../errors';

/**
 * Spec "Sequence Numbers": monotonic, gap-free, persistent, never reused, per device.
 * The new value is written (setItem awaited) BEFORE next() resolves, so a crash after a caller
 * used a number can never hand the same number out again. Concurrent next() calls are chained,
 * so two callers never read the same stored value.
 */
export class SequenceNumberGenerator {
  private readonly serial = new SerialExecutor();

  constructor(private readonly storage: KeyValueStorage) {}

  next(): Promise<number> {
    return this.serial.run(async () => {
      const nextValue = (await this.current()) + 1;
      await this.storage.setItem(STORAGE_KEYS.sequence, nextValue);
      return nextValue;
    });
  }

  /** The last number handed out (0 before the first). */
  async current(): Promise<number> {
    const stored = await this.storage.getItem<unknown>(STORAGE_KEYS.sequence);
    if (stored === null) return 0;
    if (typeof stored === 'number' && Number.isInteger(stored) && stored >= 0) return stored;
    // Never fall back to 0: that would reuse numbers the server already holds.
    throw new FieldClientError('STORAGE_CORRUPTED', `sequence counter unreadable: ${JSON.stringify(stored)}`);
  }

  /** Recovery only: never move backwards, so a number is never reused. */
  raiseTo(value: number): Promise<void> {
    return this.serial.run(async () => {
      if (value > (await this.current())) await this.storage.setItem(STORAGE_KEYS.sequence, value);
    });
  }
}
