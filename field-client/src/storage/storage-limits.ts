import { DAY_MS, STORAGE_LIMITS } from '../config';
import type { LocalEventQueue } from '../queue/local-event-queue';
import { trimSnapshots } from '../view/snapshots';
import type { KeyValueStorage } from './key-value-storage';
import { trimProductCache } from './reference-cache';

export interface StorageLimitsReport {
  archivedFailedEventIds: string[];
  prunedSyncedEventIds: string[];
  removedSnapshotDays: string[];
  removedProducts: number;
}

const olderThan = (at: string | undefined, now: Date, days: number): boolean =>
  at !== undefined && now.getTime() - Date.parse(at) > days * DAY_MS;

/**
 * Spec enforceStorageLimits, with time injected:
 * - failed events whose failure is older than 30 days move to the archive key space (kept);
 * - synced events older than 30 days are removed (the server log holds them);
 * - inventory snapshots older than 30 days are removed;
 * - the product cache keeps active products, at most maxCachedProducts.
 * Queued / syncing / conflicted events are never touched: only the server's answer moves them.
 * Attachments: the engine stores none yet, so there is nothing to compress.
 */
export async function enforceStorageLimits(
  storage: KeyValueStorage,
  queue: LocalEventQueue,
  now: Date,
): Promise<StorageLimitsReport> {
  const days = STORAGE_LIMITS.archiveFailedAfterDays;
  const report: StorageLimitsReport = {
    archivedFailedEventIds: [],
    prunedSyncedEventIds: [],
    removedSnapshotDays: [],
    removedProducts: 0,
  };
  for (const p of await queue.all()) {
    if (p.status === 'failed' && olderThan(p.failedAt ?? p.lastAttempt ?? p.queuedAt, now, days)) {
      await queue.archive(p.localId);
      report.archivedFailedEventIds.push(p.localId);
    } else if (
      (p.status === 'synced' && olderThan(p.syncedAt, now, days)) ||
      (p.status === 'resolved' && olderThan(p.resolvedAt, now, days))
    ) {
      await queue.prune(p.localId);
      report.prunedSyncedEventIds.push(p.localId);
    }
  }
  report.removedSnapshotDays = await trimSnapshots(storage, now, STORAGE_LIMITS.maxInventoryHistoryDays);
  report.removedProducts = await trimProductCache(storage);
  return report;
}
