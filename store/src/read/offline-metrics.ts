/**
 * The spec's OfflineMetrics across the fleet, for the console dashboard. Queue figures come from
 * what devices last reported (device_metrics); failure rate and latency from the sync_attempts
 * of the last 24 h. Only active devices count: a revoked phone's old queue is not a live risk.
 *
 * SQL: fleet-wide aggregates (sum, avg, count filter, hourly buckets) in the database, not over loaded rows.
 */
import { type Em, query, queryOne, toIso } from '../sql';

const DAY_MS = 24 * 60 * 60 * 1000;
export const LARGE_QUEUE = 100;

export interface FleetOfflineMetrics {
  pendingEventsCount: number;
  /** Milliseconds since the oldest event still pending on any device was made; null when none is pending. */
  oldestPendingEventAgeMs: number | null;
  conflictedEventsCount: number;
  lastSuccessfulSync: string | null;
  /** Failed attempts / all attempts in the last 24 h; null when there were none. */
  syncFailureRate: number | null;
  syncAttempts24h: number;
  averageSyncLatencyMs: number | null;
  devicesOfflineOver24h: number;
  devicesWithLargeQueues: number;
  activeDevices: number;
}

interface MetricsRow {
  pending: string | null;
  oldest: Date | null;
  last_sync: Date | null;
  offline: string;
  large: string;
  active: string;
}
interface AttemptsRow {
  attempts: string;
  failures: string;
  latency: string | null;
}

export async function readFleetOfflineMetrics(em: Em, now: Date): Promise<FleetOfflineMetrics> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const devices = await queryOne<MetricsRow>(
    em,
    `select coalesce(sum(m.pending_queue_size), 0) as pending,
            min(m.oldest_pending_at) filter (where m.pending_queue_size > 0) as oldest,
            max(d.last_sync_at) as last_sync,
            count(*) filter (where coalesce(d.last_sync_at, d.registered_at) < $1) as offline,
            count(*) filter (where m.pending_queue_size > $2) as large,
            count(*) as active
       from devices d left join device_metrics m on m.device_id = d.id
      where d.status = 'active'`,
    [dayAgo, LARGE_QUEUE],
  );
  const attempts = await queryOne<AttemptsRow>(
    em,
    `select count(*) as attempts, count(*) filter (where not succeeded) as failures, avg(latency_ms) as latency
       from sync_attempts where at >= $1 and at <= $2`,
    [dayAgo, now],
  );
  const conflicted = await queryOne<{ n: string }>(em, `select count(*) as n from conflicts where status = 'open'`);
  const attemptCount = Number(attempts?.attempts ?? 0);
  return {
    pendingEventsCount: Number(devices?.pending ?? 0),
    oldestPendingEventAgeMs: devices?.oldest ? Math.max(0, now.getTime() - new Date(devices.oldest).getTime()) : null,
    conflictedEventsCount: Number(conflicted?.n ?? 0),
    lastSuccessfulSync: devices?.last_sync ? toIso(devices.last_sync) : null,
    syncFailureRate: attemptCount === 0 ? null : Number(attempts!.failures) / attemptCount,
    syncAttempts24h: attemptCount,
    averageSyncLatencyMs: attempts?.latency == null ? null : Math.round(Number(attempts.latency)),
    devicesOfflineOver24h: Number(devices?.offline ?? 0),
    devicesWithLargeQueues: Number(devices?.large ?? 0),
    activeDevices: Number(devices?.active ?? 0),
  };
}

export interface SyncHealthPoint {
  /** Start of the hour (ISO). */
  hour: string;
  attempts: number;
  failures: number;
  averageLatencyMs: number | null;
}

/** One point per hour for the last `hours` hours, oldest first, empty hours included (0 attempts). */
export async function readSyncHealthSeries(em: Em, now: Date, hours = 24): Promise<SyncHealthPoint[]> {
  const rows = await query<{ hour: Date; attempts: string; failures: string; latency: string | null }>(
    em,
    `select h.hour, count(a.id) as attempts, count(a.id) filter (where not a.succeeded) as failures, avg(a.latency_ms) as latency
       from generate_series(date_trunc('hour', $1::timestamptz) - make_interval(hours => $2::int - 1), date_trunc('hour', $1::timestamptz), interval '1 hour') as h(hour)
       left join sync_attempts a on a.at >= h.hour and a.at < h.hour + interval '1 hour' and a.at <= $1
      group by h.hour order by h.hour`,
    [now, hours],
  );
  return rows.map((r) => ({
    hour: toIso(r.hour),
    attempts: Number(r.attempts),
    failures: Number(r.failures),
    averageLatencyMs: r.latency == null ? null : Math.round(Number(r.latency)),
  }));
}
