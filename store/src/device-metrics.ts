/**
 * OfflineMetrics, written by the gateway after each sync attempt: what the device reported
 * (queue size, oldest pending event) and whether the attempt succeeded. A success resets the
 * consecutive-failure count; a failure increments it. Moved here from workers (pure database
 * work) so the gateway records it without importing the workers package.
 *
 * One upsert per sync attempt (insert … on conflict): a single statement instead of a read-modify-write through the ORM.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeviceId, Timestamp } from '@pco/domain';

export interface SyncAttemptReport {
  deviceId: DeviceId;
  at: Timestamp;
  succeeded: boolean;
  /** Queue size the device reported with the attempt; null when it did not say. */
  pendingQueueSize: number | null;
  oldestPendingAt?: Timestamp | null;
}

export async function recordSyncAttempt(em: EntityManager, report: SyncAttemptReport): Promise<void> {
  await em.execute(
    `insert into device_metrics (device_id, pending_queue_size, oldest_pending_at, consecutive_sync_failures, last_failure_at, reported_at)
     values (?, coalesce(?::int, 0), ?::timestamptz, case when ? then 0 else 1 end, case when ? then null else ?::timestamptz end, ?::timestamptz)
     on conflict (device_id) do update set
       pending_queue_size = coalesce(?::int, device_metrics.pending_queue_size),
       oldest_pending_at = coalesce(excluded.oldest_pending_at, device_metrics.oldest_pending_at),
       consecutive_sync_failures = case when ? then 0 else device_metrics.consecutive_sync_failures + 1 end,
       last_failure_at = case when ? then device_metrics.last_failure_at else excluded.last_failure_at end,
       reported_at = excluded.reported_at`,
    [
      report.deviceId,
      report.pendingQueueSize,
      report.oldestPendingAt ?? null,
      report.succeeded,
      report.succeeded,
      report.at,
      report.at,
      report.pendingQueueSize,
      report.succeeded,
      report.succeeded,
    ],
    'run',
  );
}
