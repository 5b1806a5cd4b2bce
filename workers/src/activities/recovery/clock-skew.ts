/**
 * Clock-skew activities: flag device events whose timestamps are implausible (domain
 * `assessTimestamps` via the pure `flagTimestamps`), and review a flag, optionally appending a
 * correction event (InventoryAdjusted, reason 'clock-skew correction') through the store's
 * validated server-event path. The log itself is never rewritten.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryAdjusted, InventoryEvent } from '@pco/domain';
import { appendServerEvent } from '@pco/store';
import type { StoreOrm } from '@pco/store';
import { CLOCK_SKEW_CORRECTION_REASON, flagTimestamps } from '@pco/workflows';
import type { ClockSkewActivities, FlagPageResult } from '@pco/workflows';
import { forkEm, type OperationsDeps } from '../revocation/ports';

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

export async function flagPage(em: EntityManager, input: { afterPosition: number; limit: number; futureToleranceMs?: number }, now: Date): Promise<FlagPageResult> {
  return em.transactional(async (tem) => {
    const rows = await tem.execute<LogRow[]>(PAGE_SQL, [input.afterPosition, input.limit]);
    let flagged = 0;
    for (const row of rows) {
      const flag = flagTimestamps({
        logged: { position: Number(row.position), event: row.payload, deviceId: row.device_id, sequenceNumber: row.sequence_number, recordedAt: new Date(row.recorded_at).toISOString() },
        deviceRegisteredAt: new Date(row.registered_at).toISOString(),
        previousOfDevice: row.previous ?? undefined,
        futureToleranceMs: input.futureToleranceMs,
      });
      if (!flag) continue;
      const inserted = await tem.execute<{ affectedRows: number }>(
        `insert into timestamp_flags (event_id, position, device_id, sequence_number, issues, ordering_affected, flagged_at)
         values (?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz) on conflict (event_id) do nothing`,
        [flag.eventId, flag.position, flag.deviceId, flag.sequenceNumber, JSON.stringify(flag.issues), flag.orderingAffected, now.toISOString()],
        'run');
      flagged += inserted.affectedRows;
    }
    return { scanned: rows.length, flagged, lastPosition: rows.length > 0 ? Number(rows[rows.length - 1].position) : input.afterPosition };
  });
}

export function createClockSkewActivities(deps: OperationsDeps): ClockSkewActivities {
  return { flagImplausibleTimestamps: (input) => flagPage(forkEm(deps.orm), input, deps.now()) };
}

export type ClockSkewCorrection = Omit<InventoryAdjusted, 'eventType' | 'data' | 'offlineContext'>;

export class FlagReviewError extends Error {
  constructor(readonly code: 'UNKNOWN_FLAG' | 'ALREADY_REVIEWED' | 'CORRECTION_REFUSED', message: string) {
    super(message);
  }
}

/**
 * Closes a flag. With a correction, first appends it (validated; a refused correction leaves the
 * flag open and throws with the domain's code in the message), then records its event id.
 */
export async function reviewTimestampFlag(orm: StoreOrm, input: { flagId: string; reviewedBy: string; correction?: ClockSkewCorrection }, now: Date): Promise<{ correctionEventId: string | null }> {
  const [flag] = await forkEm(orm).execute<Array<{ status: string }>>('select status from timestamp_flags where id = ?', [input.flagId]);
  if (!flag) throw new FlagReviewError('UNKNOWN_FLAG', `timestamp flag ${input.flagId} does not exist`);
  if (flag.status !== 'open') throw new FlagReviewError('ALREADY_REVIEWED', `timestamp flag ${input.flagId} was already reviewed`);
  let correctionEventId: string | null = null;
  if (input.correction) {
    const event: InventoryAdjusted = { ...input.correction, eventType: 'InventoryAdjusted', data: { reason: CLOCK_SKEW_CORRECTION_REASON } };
    const appended = await appendServerEvent(orm, event, now);
    if (!appended.ok) throw new FlagReviewError('CORRECTION_REFUSED', `${appended.error.code}: ${appended.error.message}`);
    correctionEventId = event.eventId;
  }
  await forkEm(orm).execute(
    "update timestamp_flags set status = 'reviewed', reviewed_at = ?::timestamptz, reviewed_by = ?, correction_event_id = ? where id = ?",
    [now.toISOString(), input.reviewedBy, correctionEventId, input.flagId], 'run');
  return { correctionEventId };
}
