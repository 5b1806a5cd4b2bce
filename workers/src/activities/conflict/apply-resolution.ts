/**
 * The applyResolution activity: the workflow decided, this applies. The store runs the one
 * locked transaction (store/src/operations/conflicts/apply-resolution.ts); this file supplies the
 * domain's planner (with ids derived from the conflict) and the resolution record, and turns refusals every retry would meet into
 * non-retryable failures (a refused decision fails the update, not the worker).
 */
import { ApplicationFailure } from '@temporalio/common';
import { planResolution, ResolutionPlanError, sourceOf } from '@pco/domain';
import { applyConflictResolution, ConflictResolutionRefused } from '@pco/store';
import type { ApplyResolutionOutcome, ApplyResolutionRequest, ResolutionRecord } from '@pco/workflows';
import type { ConflictActivityDeps } from './deps';
import { resolutionIds } from './resolution-ids';

export async function applyResolution(
  deps: ConflictActivityDeps,
  request: ApplyResolutionRequest,
): Promise<ApplyResolutionOutcome> {
  const now = deps.now();
  try {
    return await applyConflictResolution<ResolutionRecord>(deps.orm, {
      conflictId: request.conflictId,
      decidedBy: request.decidedBy,
      approvedBy: request.approvedBy,
      now,
      disputeReason: request.decision.option === 'investigate' ? request.decision.reason : 'conflict investigation',
      async plan({ deviceId, original, details, onHandAt }) {
        const source = sourceOf(original);
        const availableNow = source === null ? Number.POSITIVE_INFINITY : await onHandAt(source, original.product);
        return planResolution({
          conflictId: request.conflictId,
          deviceId,
          original,
          details,
          decision: request.decision,
          decidedBy: request.decidedBy.personId,
          availableNow,
          now: now.toISOString(),
          ids: resolutionIds(request.conflictId),
        });
      },
      record: (plan) => ({
        option: request.decision.option,
        decidedBy: request.decidedBy,
        resolvedAt: now.toISOString(),
        appendedEventIds: plan.events.map((e) => e.eventId),
        appliedQuantity: plan.appliedQuantity,
        ...(request.approvedBy ? { approvedBy: request.approvedBy } : {}),
        ...(plan.disputeId ? { disputeId: plan.disputeId } : {}),
        ...(plan.backorderRequestId ? { backorderRequestId: plan.backorderRequestId } : {}),
      }),
    });
  } catch (error) {
    if (error instanceof ConflictResolutionRefused || error instanceof ResolutionPlanError) {
      throw ApplicationFailure.nonRetryable(error.message, error.code);
    }
    throw error;
  }
}
