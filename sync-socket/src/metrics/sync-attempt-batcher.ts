/**
 * Sync-attempt reports (device_metrics, sync_attempts) written in batches: at most one transaction
 * every `intervalMs`, or sooner when `maxBatch` reports wait. Written one by one, each upload cost
 * two commits of its own, which under load competed with the event log's commits for the disk.
 *
 * What is traded: a report reaches the database up to `intervalMs` after the answer (the console
 * and the monitoring workflow read minutes-old data), and a gateway killed with reports waiting
 * loses them (monitoring data, never an event: events are acknowledged only after their commit).
 * A failed write is kept and retried with the next flush, within `maxBuffered`; beyond that the
 * oldest reports are dropped and the drop is logged with its count.
 */
import type { SyncAttemptReport } from '@pco/store';
import type { Logger } from '../logger';

export interface SyncAttemptBatcherOptions {
  intervalMs?: number;
  maxBatch?: number;
  maxBuffered?: number;
}

export interface SyncAttemptBatcher {
  record(report: SyncAttemptReport): void;
  /** Writes what waits now (and waits for a write already under way). */
  flush(): Promise<void>;
  /** Final flush; later reports are written at once, one batch each. */
  close(): Promise<void>;
  readonly dropped: number;
}

export function createSyncAttemptBatcher(
  write: (reports: SyncAttemptReport[]) => Promise<void>,
  logger: Logger,
  { intervalMs = 250, maxBatch = 1_000, maxBuffered = 20_000 }: SyncAttemptBatcherOptions = {},
): SyncAttemptBatcher {
  let waiting: SyncAttemptReport[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let dropped = 0;
  let closed = false;

  const writeWaiting = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      await write(batch);
    } catch (error) {
      waiting = [...batch, ...waiting];
      const excess = waiting.length - maxBuffered;
      if (excess > 0) {
        waiting = waiting.slice(excess);
        dropped += excess;
      }
      logger.error('sync attempts not recorded; kept for the next flush', {
        error,
        waiting: waiting.length,
        droppedSoFar: dropped,
      });
      schedule();
    }
  };

  const flush = (): Promise<void> => {
    writing = writing.then(writeWaiting);
    return writing;
  };

  function schedule(): void {
    if (timer || closed) return;
    timer = setTimeout(() => void flush(), intervalMs);
    timer.unref();
  }

  return {
    record(report) {
      waiting.push(report);
      if (closed || waiting.length >= maxBatch) void flush();
      else schedule();
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    get dropped() {
      return dropped;
    },
  };
}
