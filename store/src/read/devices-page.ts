/**
 * Devices for the console: a paginated list with each device's queue health (what it last
 * reported), last sync and open clock-skew flags, and one device's full picture.
 *
 * SQL: one join with correlated counts per page (devices, persons, metrics, flags, conflicts), not an ORM load per row.
 */
import { type Em, query, queryOne, toIso } from '../sql';

export type DeviceStatusFilter = 'active' | 'suspended' | 'revoked';

export interface DeviceHealthRow {
  id: string;
  name: string;
  status: string;
  userId: string;
  userName: string | null;
  registeredAt: string;
  lastSyncAt: string | null;
  lastAcceptedSeq: number;
  heldByConflictId: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  pendingQueueSize: number;
  oldestPendingAt: string | null;
  consecutiveSyncFailures: number;
  openClockSkewFlags: number;
}

interface DeviceHealthDbRow {
  id: string;
  name: string;
  status: string;
  user_id: string;
  user_name: string | null;
  registered_at: Date;
  last_sync_at: Date | null;
  last_accepted_seq: number;
  held_by_conflict_id: string | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  pending_queue_size: number | null;
  oldest_pending_at: Date | null;
  consecutive_sync_failures: number | null;
  open_flags: string;
}

const SELECT = `select d.id, d.name, d.status, d.user_id, p.name as user_name, d.registered_at, d.last_sync_at, d.last_accepted_seq,
    d.held_by_conflict_id, d.revoked_at, d.revoked_reason, m.pending_queue_size, m.oldest_pending_at, m.consecutive_sync_failures,
    (select count(*) from timestamp_flags f where f.device_id = d.id and f.status = 'open') as open_flags
  from devices d left join persons p on p.id = d.user_id left join device_metrics m on m.device_id = d.id`;

const toRow = (r: DeviceHealthDbRow): DeviceHealthRow => ({
  id: r.id,
  name: r.name,
  status: r.status,
  userId: r.user_id,
  userName: r.user_name,
  registeredAt: toIso(r.registered_at),
  lastSyncAt: r.last_sync_at ? toIso(r.last_sync_at) : null,
  lastAcceptedSeq: r.last_accepted_seq,
  heldByConflictId: r.held_by_conflict_id,
  revokedAt: r.revoked_at ? toIso(r.revoked_at) : null,
  revokedReason: r.revoked_reason,
  pendingQueueSize: r.pending_queue_size ?? 0,
  oldestPendingAt: r.oldest_pending_at ? toIso(r.oldest_pending_at) : null,
  consecutiveSyncFailures: r.consecutive_sync_failures ?? 0,
  openClockSkewFlags: Number(r.open_flags),
});

export async function listDevicesPage(
  em: Em,
  filter: { status?: DeviceStatusFilter },
  page: { limit: number; offset: number },
): Promise<{ rows: DeviceHealthRow[]; total: number }> {
  const rows = await query<DeviceHealthDbRow>(
    em,
    `${SELECT} where ($1::text is null or d.status = $1) order by d.name, d.id limit $2 offset $3`,
    [filter.status ?? null, page.limit, page.offset],
  );
  const total = await queryOne<{ n: string }>(
    em,
    'select count(*) as n from devices where ($1::text is null or status = $1)',
    [filter.status ?? null],
  );
  return { rows: rows.map(toRow), total: Number(total?.n ?? 0) };
}

export interface ClockSkewFlag {
  id: string;
  eventId: string;
  sequenceNumber: number | null;
  issues: unknown;
  orderingAffected: boolean;
  flaggedAt: string;
}

export interface DeviceDetail {
  device: DeviceHealthRow;
  /** Open flags, newest first, one page of them. */
  clockSkewFlags: ClockSkewFlag[];
}

export async function readDeviceDetail(
  em: Em,
  deviceId: string,
  flagsPage: { limit: number; offset: number } = { limit: 20, offset: 0 },
): Promise<DeviceDetail | null> {
  const row = await queryOne<DeviceHealthDbRow>(em, `${SELECT} where d.id = $1`, [deviceId]);
  if (!row) return null;
  const flags = await query<{
    id: string;
    event_id: string;
    sequence_number: number | null;
    issues: unknown;
    ordering_affected: boolean;
    flagged_at: Date;
  }>(
    em,
    `select id, event_id, sequence_number, issues, ordering_affected, flagged_at from timestamp_flags
      where device_id = $1 and status = 'open' order by flagged_at desc, id desc limit $2 offset $3`,
    [deviceId, flagsPage.limit, flagsPage.offset],
  );
  return {
    device: toRow(row),
    clockSkewFlags: flags.map((f) => ({
      id: String(f.id),
      eventId: f.event_id,
      sequenceNumber: f.sequence_number,
      issues: f.issues,
      orderingAffected: f.ordering_affected,
      flaggedAt: toIso(f.flagged_at),
    })),
  };
}
