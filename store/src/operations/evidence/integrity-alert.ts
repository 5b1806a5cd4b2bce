/**
 * The alert the background log verification raises when it finds a bad event. It goes into the
 * same alerts table as the monitoring rules' (so the console and the alert e-mail show it), but
 * it is not a condition that stops holding: it stays open until a person resolves it, and the
 * monitoring evaluation (raiseAndResolve) leaves it alone.
 */
import type { BadEvent } from './verify-log';
import type { StoreOrm } from '../../orm';
import { forkEm, run } from '../../sql';

export const EVENT_LOG_INTEGRITY_RULE = 'event-log-integrity';

/** Raises (once per bad event) the integrity alert naming the first bad event. True when newly raised. */
export async function raiseIntegrityAlert(orm: StoreOrm, bad: BadEvent, now: Date): Promise<boolean> {
  const message =
    `event log verification failed at position ${bad.position} (event ${bad.eventId}` +
    `${bad.deviceId ? `, device ${bad.deviceId} sequence ${bad.sequenceNumber}` : ''}): ${bad.reason}`;
  const inserted = await run(
    forkEm(orm),
    `insert into alerts (incident_key, rule, severity, action, subject_type, subject_id, message, observed, raised_at)
     values ($1, $2, 'critical', $3, 'event', $4, $5, $6::jsonb, $7)
     on conflict (incident_key) where resolved_at is null do nothing`,
    [
      `${EVENT_LOG_INTEGRITY_RULE}:${bad.eventId}`,
      EVENT_LOG_INTEGRITY_RULE,
      'compare the row with backups and the device export; treat the log after it as unverified',
      bad.eventId,
      message,
      JSON.stringify({
        position: bad.position,
        deviceId: bad.deviceId,
        sequenceNumber: bad.sequenceNumber,
        reason: bad.reason,
      }),
      now,
    ],
  );
  return inserted > 0;
}
