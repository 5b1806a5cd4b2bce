/**
 * What each decision writes to the log, computed from the conflicted event and the stock that is
 * available now. Pure, with time and ids passed in: the workers' applyResolution activity derives
 * the ids (stable per conflict, so a retry names the same rows) and the store reads the stock
 * under lock and appends the result (store/src/operations/conflicts/apply-resolution.ts).
 *
 * - accept_server: nothing (the server's state stands; the device drops its event).
 * - retry:         the original event, whole, if it fits now (ConflictResolutionApplied).
 * - modify:        the original event with the technician's smaller quantity, if it fits now.
 * - merge:         what is available (or the manager's quantity) + optional backorder request.
 * - accept_local:  InventoryAdjusted (increase) by the shortfall, then the whole original event.
 * - investigate:   DisputeOpened (moves no stock); the disputes row is written beside it.
 */
import { ceilToUnitScale, floorToUnitScale, subtractQuantities } from '../quantity';
import { trackedMovement } from '../stock-effects';
import type {
  ConflictDetails,
  DisputeOpened,
  InventoryAdjusted,
  InventoryEvent,
  Quantity,
  RequestCreated,
  Result,
} from '../types';
import type { ConflictDecision } from './decisions';
import { resolutionAppliedFor } from './resolution-events';

/** The ids a plan may use, one per purpose; the caller derives them from the conflict id. */
export interface ResolutionIds {
  applied: string;
  adjustment: string;
  backorderRequest: string;
  backorderEvent: string;
  dispute: string;
  disputeEvent: string;
}

/** The purposes of ResolutionIds, for callers that derive one id per purpose. */
export const RESOLUTION_ID_PURPOSES = {
  applied: 'applied',
  adjustment: 'adjustment',
  backorderRequest: 'backorder',
  backorderEvent: 'backorder-event',
  dispute: 'dispute',
  disputeEvent: 'dispute-event',
} as const satisfies Record<keyof ResolutionIds, string>;

export interface ResolutionPlanInput {
  conflictId: string;
  deviceId: string | null;
  original: InventoryEvent;
  details: ConflictDetails;
  decision: ConflictDecision;
  decidedBy: string;
  /** On hand now at the location the original event draws from; Infinity when it draws nothing. */
  availableNow: number;
  now: string;
  ids: ResolutionIds;
}

export type ResolutionPlan =
  | {
      kind: 'append';
      events: InventoryEvent[];
      appliedQuantity: number;
      disputeId?: string;
      backorderRequestId?: string;
    }
  | { kind: 'still_conflicted'; available: number; message: string };

/** Where the original event takes stock from (null when it takes none). */
export const sourceOf = (event: InventoryEvent): string | null => trackedMovement(event).loses;

const unwrap = <T>(result: Result<T>): T => {
  if (!result.ok) throw new ResolutionPlanError(result.error.code, result.error.message);
  return result.value;
};

export class ResolutionPlanError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResolutionPlanError';
  }
}

export function planResolution(input: ResolutionPlanInput): ResolutionPlan {
  const { decision } = input;
  switch (decision.option) {
    case 'accept_server':
      return { kind: 'append', events: [], appliedQuantity: 0 };
    case 'retry':
      return applyIfFits(input, input.original.quantity, 'retry');
    case 'modify':
      return applyIfFits(input, decision.quantity, 'modify');
    case 'merge':
      return planMerge(input, decision.quantity, decision.backorderRemainder === true);
    case 'accept_local':
      return planAcceptLocal(input, decision.reason);
    case 'investigate':
      return planInvestigate(input, decision.reason);
    case 'escalate':
      throw new ResolutionPlanError('VALIDATION_ERROR', 'escalate is not a resolution');
    default: {
      const unknown: never = decision;
      throw new ResolutionPlanError('VALIDATION_ERROR', `unknown option ${(unknown as { option: string }).option}`);
    }
  }
}

function applied(input: ResolutionPlanInput, quantity: Quantity, resolution: string): InventoryEvent {
  return unwrap(
    resolutionAppliedFor(input.original, {
      eventId: input.ids.applied,
      conflictId: input.conflictId,
      performedBy: input.decidedBy,
      now: input.now,
      quantity,
      resolution,
    }),
  );
}

function applyIfFits(input: ResolutionPlanInput, quantity: Quantity, resolution: string): ResolutionPlan {
  if (quantity.value > input.availableNow) {
    const available = Math.max(0, input.availableNow);
    return {
      kind: 'still_conflicted',
      available,
      message: `${resolution}: ${quantity.value} ${quantity.unit} requested, ${available} available now`,
    };
  }
  return { kind: 'append', events: [applied(input, quantity, resolution)], appliedQuantity: quantity.value };
}

function planMerge(input: ResolutionPlanInput, chosen: Quantity | undefined, backorder: boolean): ResolutionPlan {
  const { unit, value: requested } = input.original.quantity;
  // The suggestion must itself be a valid amount of the unit (whole for counts), hence the floor.
  const fits = Math.min(requested, input.details.available?.value ?? 0, input.availableNow);
  const suggested = chosen?.value ?? floorToUnitScale(fits, unit);
  if (suggested <= 0) {
    return {
      kind: 'still_conflicted',
      available: Math.max(0, input.availableNow),
      message: 'merge: nothing is available to apply',
    };
  }
  const plan = applyIfFits(input, { value: suggested, unit }, 'merge');
  const remainder = subtractQuantities(requested, suggested);
  if (plan.kind !== 'append' || !backorder || remainder <= 0) return plan;
  const requestId = input.ids.backorderRequest;
  const request: RequestCreated = {
    eventId: input.ids.backorderEvent,
    eventType: 'RequestCreated',
    product: input.original.product,
    quantity: { value: remainder, unit },
    fromLocation: null,
    toLocation: sourceOf(input.original) ?? input.original.toLocation,
    performedBy: input.decidedBy,
    occurredAt: input.now,
    data: { requestId, note: `Backorder of the remainder of conflict ${input.conflictId}` },
  };
  return { ...plan, events: [...plan.events, request], backorderRequestId: requestId };
}

function planAcceptLocal(input: ResolutionPlanInput, reason: string): ResolutionPlan {
  const source = sourceOf(input.original);
  const { unit, value } = input.original.quantity;
  // Whole items for a count even when an old fractional on-hand leaves half of one missing.
  const shortfall = ceilToUnitScale(subtractQuantities(value, input.availableNow), unit);
  const events: InventoryEvent[] = [];
  if (source !== null && shortfall > 0) {
    const adjustment: InventoryAdjusted = {
      eventId: input.ids.adjustment,
      eventType: 'InventoryAdjusted',
      product: input.original.product,
      quantity: { value: shortfall, unit },
      fromLocation: null,
      toLocation: source,
      performedBy: input.decidedBy,
      occurredAt: input.now,
      data: { reason, conflictId: input.conflictId },
    };
    events.push(adjustment);
  }
  events.push(applied(input, input.original.quantity, 'accept_local'));
  return { kind: 'append', events, appliedQuantity: input.original.quantity.value };
}

function planInvestigate(input: ResolutionPlanInput, reason: string): ResolutionPlan {
  const disputeId = input.ids.dispute;
  const dispute: DisputeOpened = {
    eventId: input.ids.disputeEvent,
    eventType: 'DisputeOpened',
    product: input.original.product,
    quantity: input.original.quantity,
    fromLocation: input.original.fromLocation,
    toLocation: input.original.toLocation,
    performedBy: input.decidedBy,
    occurredAt: input.now,
    data: { disputeId, reason, conflictId: input.conflictId, ...(input.deviceId ? { deviceId: input.deviceId } : {}) },
  };
  return { kind: 'append', events: [dispute], appliedQuantity: 0, disputeId };
}
