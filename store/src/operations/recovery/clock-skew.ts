/**
 * Clock-skew flags: a page of device events with what the pure flagging rule needs (the device's
 * registration, the device's previous event), the flags it raised stored once per event, and a
 * flag's review. The log itself is never rewritten.
 */
import type { InventoryEvent } from '@pco/domain';
import type { StoreOrm } from '../../orm';
import { forkEm } from '../../sql';

export interface LoggedDeviceEvent {
  logged: { position: number; event: InventoryEvent; deviceId: string; sequenceNumber: number; recordedAt: string };
  deviceRegisteredAt: string;
  previousOfDevice?: InventoryEvent;
}

export interface TimestampFlagInput {
  eventId: string;
  position: number;
  deviceId: string;
  sequenceNumber: number;
  issues: unknown;
  orderingAffected: boolean;
}

interface LogRow {
  position: string;
  payload: InventoryEvent;
  device_id: string;
  sequence_number: number;
  recorded_at: Date;
  registered_at: Date;
  previous: InventoryEvent | null;
}

const PAGE_SQL = `select e.position, e.payload, e.device_id, e.sequence_number, e.recorded_at, d.registered_at,
    (select p.payload from event_log p where p.device_id = e.device_id and p.sequence_number < e.sequence_number
      order by p.sequence_number desc limit 1) as previous
  from event_log e join devices d on d.id = e.device_id
  where e.position > ? and e.device_id is not null order by e.position limit ?`;

/** Scans one page after `afterPosition`; `flag` is the caller's pure rule (workflows' flagTimestamps). */
export async function flagTimestampPage(
  orm: StoreOrm,
  input: { afterPosition: number; limit: number },
  now: Date,
  flag: (row: LoggedDeviceEvent) => TimestampFlagInput | null,
): Promise<{ scanned: number; flagged: number; lastPosition: number }> {
  return forkEm(orm).transactional(async (tem) => {
    const rows = await tem.execute<LogRow[]>(PAGE_SQL, [input.afterPosition, input.limit]);
    let flagged = 0;
    for (const row of rows) {
      const raised = flag({
        logged: {
          position: Number(row.position),
          event: row.payload,
          deviceId: row.device_id,
          sequenceNumber: row.sequence_number,
          recordedAt: new Date(row.recorded_at).toISOString(),
        },
        deviceRegisteredAt: new Date(row.registered_at).toISOString(),
        previousOfDevice: row.previous ?? undefined,
      });
      if (!raised) continue;
      const inserted = await tem.execute<{ affectedRows: number }>(
        `insert into timestamp_flags (event_id, position, device_id, sequence_number, issues, ordering_affected, flagged_at)
         values (?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz) on conflict (event_id) do nothing`,
        [
          raised.eventId,
          raised.position,
          raised.deviceId,
          raised.sequenceNumber,
          JSON.stringify(raised.issues),
          raised.orderingAffected,
          now.toISOString(),
        ],
        'run',
      );
      flagged += inserted.affectedRows;
    }
    return {
      scanned: rows.length,
      flagged,
      lastPosition: rows.length > 0 ? Number(rows[rows.length - 1].position) : input.afterPosition,
    };
  });
}

/** 'open' | 'reviewed', or null when there is no such flag. */
export async function timestampFlagStatus(orm: StoreOrm, flagId: string): Promise<string | null> {
  const [flag] = await forkEm(orm).execute<Array<{ status: string }>>(
    'select status from timestamp_flags where id = ?',
    [flagId],
  );
  return flag ? flag.status : null;
}

export async function markTimestampFlagReviewed(
  orm: StoreOrm,
  input: { flagId: string; reviewedBy: string; correctionEventId: string | null },
  now: Date,
): Promise<void> {
  await forkEm(orm).execute(
    "update timestamp_flags set status = 'reviewed', reviewed_at = ?::timestamptz, reviewed_by = ?, correction_event_id = ? where id = ?",
    [now.toISOString(), input.reviewedBy, input.correctionEventId, input.flagId],
    'run',
  );
}
