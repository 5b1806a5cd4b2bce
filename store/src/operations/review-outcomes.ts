/**
 * Closing a review item from the console with a recorded outcome (who, when, the manager's
 * words), in ONE transaction with its console_audit row. The row is locked and must still be
 * open: two managers closing the same item at once get one success and one refusal.
 *
 * SQL: one conditional UPDATE per source table (still open ⇒ closed) is the lock and the check at once.
 */
import { err, ok, type Result } from '@pco/domain';
import { inTransaction, run, type Em } from '../sql';
import { getReviewItem, type ReviewKind } from '../read/review-items';
import { recordConsoleAudit } from './console-audit';

export interface CloseReviewInput {
  kind: ReviewKind;
  id: string;
  outcome: string;
  actorId: string;
  now: Date;
}

/** One UPDATE per source; each only touches a row that is still open. */
const CLOSE: Record<ReviewKind, string> = {
  quarantined_event: `update quarantined_events set status = 'reviewed', reviewed_at = $2, reviewed_by = $3, decision = $4
    where id::text = $1 and status = 'held'`,
  clock_skew: `update timestamp_flags set status = 'reviewed', reviewed_at = $2, reviewed_by = $3, outcome = $4
    where id::text = $1 and status = 'open'`,
  review_item: `update review_queue set status = 'done', resolved_at = $2, resolved_by = $3, outcome = $4
    where id = $1 and status = 'open'`,
  dispute: `update disputes set status = 'closed', closed_at = $2,
      resolution = jsonb_build_object('closedBy', $3::text, 'outcome', $4::text, 'closedAt', $2::timestamptz)
    where id = $1 and status = 'open'`,
};

export async function closeReviewItem(em: Em, input: CloseReviewInput): Promise<Result<void>> {
  if (input.outcome.trim() === '') return err('VALIDATION_ERROR', 'an outcome is required');
  return inTransaction(em, async (tem) => {
    const item = await getReviewItem(tem, input.kind, input.id);
    if (!item) return err('VALIDATION_ERROR', `there is no ${input.kind.replace('_', ' ')} ${input.id}`);
    const changed = await run(tem, CLOSE[input.kind], [input.id, input.now, input.actorId, input.outcome]);
    if (changed === 0) return err('VALIDATION_ERROR', 'this item was already closed');
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'review.close',
      target: `${input.kind}:${input.id}`,
      details: { outcome: input.outcome },
      at: input.now,
    });
    return ok(undefined);
  });
}
