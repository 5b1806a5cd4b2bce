/**
 * Quarantine: events of a revoked device are kept, never applied, and wait for review.
 * Sources: (1) its submissions the server holds in open conflicts, (2) signed events handed in
 * with the revocation, (3) anything the device still sends later (the gateway calls
 * `quarantineLateSubmission`). A re-run never stores an event twice (device id + event id).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeviceId, SignedEvent } from '@pco/domain';

export const QUARANTINE_REASONS = {
  heldConflict: 'device revoked: submission held by an open conflict',
  reported: 'device revoked: pending on the device, reported with the revocation',
  late: 'device revoked: submitted after revocation',
} as const;

const INSERT_ONCE = `insert into quarantined_events (device_id, sequence_number, event_id, payload, reason, status, quarantined_at)
  select ?, ?, ?, ?::jsonb, ?, 'held', ?::timestamptz
  where not exists (select 1 from quarantined_events where device_id = ? and event_id = ?)`;

async function insertOnce(
  em: EntityManager,
  deviceId: DeviceId,
  event: { eventId: string; offlineContext?: { sequenceNumber: number } },
  payload: unknown,
  reason: string,
  at: Date,
): Promise<number> {
  const sequenceNumber = event.offlineContext?.sequenceNumber ?? null;
  const result = await em.execute<{ affectedRows: number }>(
    INSERT_ONCE,
    [
      deviceId,
      sequenceNumber,
      event.eventId,
      JSON.stringify(payload),
      reason,
      at.toISOString(),
      deviceId,
      event.eventId,
    ],
    'run',
  );
  return result.affectedRows;
}

export class QuarantineInputError extends Error {
  readonly code = 'VALIDATION_ERROR';
}

/** A reported event must be the revoked device's own; anything else is refused whole. */
function checkReported(deviceId: DeviceId, events: SignedEvent[]): void {
  const foreign = events.filter((e) => e.offlineContext?.deviceId !== deviceId);
  if (foreign.length > 0) {
    throw new QuarantineInputError(`${foreign.length} reported event(s) were not created on device ${deviceId}`);
  }
}

export async function quarantineHeldAndReported(
  em: EntityManager,
  deviceId: DeviceId,
  reported: SignedEvent[],
  at: Date,
): Promise<{ quarantined: number }> {
  checkReported(deviceId, reported);
  return em.transactional(async (tem) => {
    const held = await tem.execute<Array<{ id: string; event: SignedEvent }>>(
      "select id, event from conflicts where device_id = ? and status = 'open' order by sequence_number",
      [deviceId],
    );
    for (const conflict of held) {
      await insertOnce(
        tem,
        deviceId,
        conflict.event,
        conflict.event,
        `${QUARANTINE_REASONS.heldConflict} ${conflict.id}`,
        at,
      );
    }
    for (const event of reported) await insertOnce(tem, deviceId, event, event, QUARANTINE_REASONS.reported, at);
    const [{ count }] = await tem.execute<Array<{ count: number }>>(
      "select count(*)::int as count from quarantined_events where device_id = ? and status = 'held'",
      [deviceId],
    );
    return { quarantined: count };
  });
}

/** For the gateway: an upload from a revoked device is stored here instead of being applied. */
export async function quarantineLateSubmission(
  em: EntityManager,
  deviceId: DeviceId,
  event: SignedEvent,
  at: Date,
): Promise<boolean> {
  return (await insertOnce(em, deviceId, event, event, QUARANTINE_REASONS.late, at)) > 0;
}
