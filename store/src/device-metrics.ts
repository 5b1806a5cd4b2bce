/**
 * OfflineMetrics, written by the gateway after each sync attempt: what the device reported
 * (queue size, oldest pending event) and whether the attempt succeeded. A success resets the
 * consecutive-failure count; a failure increments it. Moved here from workers (pure database
 * work) so the gateway records it without importing the workers package. Each attempt is also
 * kept as a sync_attempts row (the console's failure rate over 24 h and its sync-health chart).
 *
 * Set-based (one upsert for many devices, one multi-row insert) instead of a read-modify-write through the ORM.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeviceId, Timestamp } from '@pco/domain';
import { type Em, inTransaction, query, run } from './sql';

export interface SyncAttemptReport {
  deviceId: DeviceId;
  at: Timestamp;
  succeeded: boolean;
  /** Queue size the device reported with the attempt; null when it did not say. */
  pendingQueueSize: number | null;
  oldestPendingAt?: Timestamp | null;
  /** Server-side time from receiving the upload to answering it. */
  latencyMs?: number | null;
}

/** What a run of attempts by one device leaves in device_metrics (the rows of one upsert). */
interface DeviceMetricsChange {
  deviceId: string;
  /** Last queue size reported, null when none said. */
  pendingQueueSize: number | null;
  oldestPendingAt: Timestamp | null;
  /** True when an attempt succeeded: the failure count restarts from `failures`. */
  reset: boolean;
  /** Failures after the last success (all of them when none succeeded). */
  failures: number;
  lastFailureAt: Timestamp | null;
  reportedAt: Timestamp;
}

/** Folds each device's reports (in the order given) into one change, as consecutive upserts would. */
function changesOf(reports: readonly SyncAttemptReport[]): DeviceMetricsChange[] {
  const byDevice = new Map<string, DeviceMetricsChange>();
  for (const r of reports) {
    const c = byDevice.get(r.deviceId) ?? {
      deviceId: r.deviceId,
      pendingQueueSize: null,
      oldestPendingAt: null,
      reset: false,
      failures: 0,
      lastFailureAt: null,
      reportedAt: r.at,
    };
    if (r.pendingQueueSize !== null) c.pendingQueueSize = r.pendingQueueSize;
    if (r.oldestPendingAt) c.oldestPendingAt = r.oldestPendingAt;
    if (r.succeeded) {
      c.reset = true;
      c.failures = 0;
    } else {
      c.failures += 1;
      c.lastFailureAt = r.at;
    }
    c.reportedAt = r.at;
    byDevice.set(r.deviceId, c);
  }
  return [...byDevice.values()];
}

/**
 * One statement for many devices: rows that exist are updated, new ones inserted. A device whose
 * row another writer inserted meanwhile is in neither (the update cannot see it): returned, so
 * the caller applies it again.
 */
async function upsertMetrics(em: EntityManager, changes: readonly DeviceMetricsChange[]): Promise<string[]> {
  const col = <K extends keyof DeviceMetricsChange>(key: K) => changes.map((c) => c[key]);
  const done = await query<{ device_id: string }>(
    em as Em,
    `with t as (
       select * from unnest($1::text[], $2::int[], $3::timestamptz[], $4::bool[], $5::int[], $6::timestamptz[], $7::timestamptz[])
         as t(d, p, o, reset, f, lf, r)),
     inserted as (
       insert into device_metrics (device_id, pending_queue_size, oldest_pending_at, consecutive_sync_failures, last_failure_at, reported_at)
       select d, coalesce(p, 0), o, f, lf, r from t
       on conflict (device_id) do nothing
       returning device_id),
     updated as (
       update device_metrics m set
         pending_queue_size = coalesce(t.p, m.pending_queue_size),
         oldest_pending_at = coalesce(t.o, m.oldest_pending_at),
         consecutive_sync_failures = case when t.reset then t.f else m.consecutive_sync_failures + t.f end,
         last_failure_at = coalesce(t.lf, m.last_failure_at),
         reported_at = t.r
       from t where m.device_id = t.d
       returning m.device_id)
     select device_id from inserted union all select device_id from updated`,
    [
      col('deviceId'),
      col('pendingQueueSize'),
      col('oldestPendingAt'),
      col('reset'),
      col('failures'),
      col('lastFailureAt'),
      col('reportedAt'),
    ],
  );
  const applied = new Set(done.map((r) => r.device_id));
  return changes.filter((c) => !applied.has(c.deviceId)).map((c) => c.deviceId);
}

/**
 * Many attempts in one transaction: one upsert of device_metrics (each device's reports folded in
 * order) and one multi-row insert into sync_attempts. The gateway batches its reports (one commit
 * per flush instead of two per upload: under load those commits competed with the event log's).
 */
export async function recordSyncAttempts(em: EntityManager, reports: readonly SyncAttemptReport[]): Promise<void> {
  if (reports.length === 0) return;
  await inTransaction(em as Em, async (tem) => {
    let changes = changesOf(reports);
    // At most twice: a row inserted by another writer between the two is updated on the second pass.
    for (let pass = 0; pass < 2 && changes.length > 0; pass++) {
      const missing = new Set(await upsertMetrics(tem, changes));
      changes = changes.filter((c) => missing.has(c.deviceId));
    }
    if (changes.length > 0)
      throw new Error(`device_metrics not written for ${changes.map((c) => c.deviceId).join(', ')}`);
    await run(
      tem,
      `insert into sync_attempts (device_id, at, succeeded, latency_ms)
       select * from unnest($1::text[], $2::timestamptz[], $3::bool[], $4::int[])`,
      [
        reports.map((r) => r.deviceId),
        reports.map((r) => r.at),
        reports.map((r) => r.succeeded),
        reports.map((r) => (r.latencyMs == null ? null : Math.max(0, Math.round(r.latencyMs)))),
      ],
    );
  });
}

/** One attempt (tests, tools): the same statements as a batch of one. */
export const recordSyncAttempt = (em: EntityManager, report: SyncAttemptReport): Promise<void> =>
  recordSyncAttempts(em, [report]);
