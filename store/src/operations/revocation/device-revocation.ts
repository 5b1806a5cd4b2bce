/**
 * The revocation workflow's own rows: the device marked revoked (once; a re-run returns the first
 * revocation) and one manager review item per revoked device.
 */
import type { StoreOrm } from '../../orm';
import { forkEm } from '../../sql';

export class DeviceNotFoundError extends Error {
  readonly code = 'UNKNOWN_DEVICE';
}

export interface MarkRevokedResult {
  userId: string;
  revokedAt: string;
  alreadyRevoked: boolean;
}

interface DeviceRow {
  user_id: string;
  status: string;
  revoked_at: Date | null;
}

export async function markDeviceRevoked(
  orm: StoreOrm,
  input: { deviceId: string; reason: string; now: Date },
): Promise<MarkRevokedResult> {
  return forkEm(orm).transactional(async (em) => {
    // Row lock: a concurrent upload of the device (which locks it too) sees either before or after.
    const [row] = await em.execute<DeviceRow[]>(
      'select user_id, status, revoked_at from devices where id = ? for update',
      [input.deviceId],
    );
    if (!row) throw new DeviceNotFoundError(`device ${input.deviceId} is not registered`);
    if (row.status === 'revoked' && row.revoked_at) {
      return { userId: row.user_id, revokedAt: new Date(row.revoked_at).toISOString(), alreadyRevoked: true };
    }
    const revokedAt = input.now.toISOString();
    await em.execute(
      "update devices set status = 'revoked', revoked_at = ?::timestamptz, revoked_reason = ? where id = ?",
      [revokedAt, input.reason, input.deviceId],
    );
    return { userId: row.user_id, revokedAt, alreadyRevoked: false };
  });
}

export interface RevocationReviewInput {
  deviceId: string;
  userId: string;
  reason: string;
  revokedBy: string;
  disputeIds: string[];
  quarantined: number;
  now: Date;
}

/** One review item per revoked device (unique kind + subject): a re-run finds the same item. */
export async function queueRevocationReview(
  orm: StoreOrm,
  input: RevocationReviewInput,
): Promise<{ reviewItemId: string }> {
  const reviewItemId = `review-device-revocation-${input.deviceId}`;
  const details = {
    userId: input.userId,
    reason: input.reason,
    revokedBy: input.revokedBy,
    quarantined: input.quarantined,
    disputeIds: input.disputeIds,
  };
  await forkEm(orm).execute(
    `insert into review_queue (id, kind, subject_id, title, details, created_at)
     values (?, 'device_revocation', ?, ?, ?::jsonb, ?::timestamptz) on conflict (kind, subject_id) do nothing`,
    [
      reviewItemId,
      input.deviceId,
      `Device ${input.deviceId} revoked: ${input.reason}`,
      JSON.stringify(details),
      input.now.toISOString(),
    ],
  );
  return { reviewItemId };
}
