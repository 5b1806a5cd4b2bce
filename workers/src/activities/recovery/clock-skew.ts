/**
 * Clock-skew activities: flag device events whose timestamps are implausible (domain
 * `assessTimestamps` via the pure `flagTimestamps`), and review a flag, optionally appending a
 * correction event (InventoryAdjusted, reason 'clock-skew correction') through the store's
 * validated server-event path. The log itself is never rewritten.
 */
import type { InventoryAdjusted } from '@pco/domain';
import {
  appendServerEvent,
  flagTimestampPage,
  markTimestampFlagReviewed,
  timestampFlagStatus,
  type StoreOrm,
} from '@pco/store';
import { CLOCK_SKEW_CORRECTION_REASON, flagTimestamps } from '@pco/workflows';
import type { ClockSkewActivities, FlagPageResult } from '@pco/workflows';
import type { OperationsDeps } from '../revocation/ports';

export function flagPage(
  orm: StoreOrm,
  input: { afterPosition: number; limit: number; futureToleranceMs?: number },
  now: Date,
): Promise<FlagPageResult> {
  return flagTimestampPage(orm, input, now, (row) =>
    flagTimestamps({ ...row, futureToleranceMs: input.futureToleranceMs }),
  );
}

export function createClockSkewActivities(deps: OperationsDeps): ClockSkewActivities {
  return { flagImplausibleTimestamps: (input) => flagPage(deps.orm, input, deps.now()) };
}

export type ClockSkewCorrection = Omit<InventoryAdjusted, 'eventType' | 'data' | 'offlineContext'>;

export class FlagReviewError extends Error {
  constructor(
    readonly code: 'UNKNOWN_FLAG' | 'ALREADY_REVIEWED' | 'CORRECTION_REFUSED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Closes a flag. With a correction, first appends it (validated; a refused correction leaves the
 * flag open and throws with the domain's code in the message), then records its event id.
 */
export async function reviewTimestampFlag(
  orm: StoreOrm,
  input: { flagId: string; reviewedBy: string; correction?: ClockSkewCorrection },
  now: Date,
): Promise<{ correctionEventId: string | null }> {
  const status = await timestampFlagStatus(orm, input.flagId);
  if (status === null) throw new FlagReviewError('UNKNOWN_FLAG', `timestamp flag ${input.flagId} does not exist`);
  if (status !== 'open')
    throw new FlagReviewError('ALREADY_REVIEWED', `timestamp flag ${input.flagId} was already reviewed`);
  let correctionEventId: string | null = null;
  if (input.correction) {
    const event: InventoryAdjusted = {
      ...input.correction,
      eventType: 'InventoryAdjusted',
      data: { reason: CLOCK_SKEW_CORRECTION_REASON },
    };
    const appended = await appendServerEvent(orm, event, now);
    if (!appended.ok)
      throw new FlagReviewError('CORRECTION_REFUSED', `${appended.error.code}: ${appended.error.message}`);
    correctionEventId = event.eventId;
  }
  await markTimestampFlagReviewed(orm, { flagId: input.flagId, reviewedBy: input.reviewedBy, correctionEventId }, now);
  return { correctionEventId };
}
