/**
 * What each decision writes to the log, computed from the conflicted event and the stock that is
 * available now. Pure: apply-resolution.ts reads the stock under lock and appends the result.
 *
 * - accept_server: nothing (the server's state stands; the device drops its event).
 * - retry:         the original event, whole, if it fits now (ConflictResolutionApplied).
 * - modify:        the original event with the technician's smaller quantity, if it fits now.
 * - merge:         what is available (or the manager's quantity) + optional backorder request.
 * - accept_local:  InventoryAdjusted (increase) by the shortfall, then the whole original event.
 * - investigate:   DisputeOpened (moves no stock); the disputes row is written beside it.
 */
import { createHash } from 'node:crypto';
import {
  resolutionAppliedFor, trackedMovement, roundQuantity,
  type ConflictDetails, type DisputeOpened, type InventoryAdjusted, type InventoryEvent, type Quantity, type RequestCreated, type Result,
} from '@pco/domain';
import type { ConflictDecision } from '@pco/workflows';

export interface PlanInput {
  conflictId: string;
  deviceId: string | null;
  original: InventoryEvent;
  details: ConflictDetails;
  decision: ConflictDecision;
  decidedBy: string;
  /** On hand now at the location the original event draws from; Infinity when it draws nothing. */
  availableNow: number;
  now: string;
}

export type ResolutionPlan =
  | { kind: 'append'; events: InventoryEvent[]; appliedQuantity: number; disputeId?: string; backorderRequestId?: string }
  | { kind: 'still_conflicted'; available: number; message: string };

/** A UUID derived from the conflict and a purpose, so a re-run of the same resolution names the same rows. */
export function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256').update(`pco-conflict:${parts.join(':')}`).digest('hex').slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Where the original event takes stock from (null when it takes none). */
export const sourceOf = (event: InventoryEvent): string | null => trackedMovement(event).loses;

const unwrap = <T>(result: Result<T>): T => {
  if (!result.ok) throw new ResolutionPlanError(result.error.code, result.error.message);
  return result.value;
};

export class ResolutionPlanError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ResolutionPlanError';
  }
}

export function planResolution(input: PlanInput): ResolutionPlan {
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

function applied(input: PlanInput, quantity: Quantity, resolution: string): InventoryEvent {
  return unwrap(resolutionAppliedFor(input.original, {
    eventId: derivedUuid(input.conflictId, 'applied'), conflictId: input.conflictId, performedBy: input.decidedBy,
    now: input.now, quantity, resolution,
  }));
}

function applyIfFits(input: PlanInput, quantity: Quantity, resolution: string): ResolutionPlan {
  if (quantity.value > input.availableNow) {
    const available = roundQuantity(Math.max(0, input.availableNow));
    return {
      kind: 'still_conflicted', available,
      message: `${resolution}: ${quantity.value} ${quantity.unit} requested, ${available} available now`,
    };
  }
  return { kind: 'append', events: [applied(input, quantity, resolution)], appliedQuantity: quantity.value };
}

function planMerge(input: PlanInput, chosen: Quantity | undefined, backorder: boolean): ResolutionPlan {
  const { unit, value: requested } = input.original.quantity;
  const suggested = chosen?.value ?? Math.min(requested, input.details.available?.value ?? 0, input.availableNow);
  if (suggested <= 0) {
    return { kind: 'still_conflicted', available: Math.max(0, input.availableNow), message: 'merge: nothing is available to apply' };
  }
  const plan = applyIfFits(input, { value: suggested, unit }, 'merge');
  const remainder = roundQuantity(requested - suggested);
  if (plan.kind !== 'append' || !backorder || remainder <= 0) return plan;
  const requestId = derivedUuid(input.conflictId, 'backorder');
  const request: RequestCreated = {
    eventId: derivedUuid(input.conflictId, 'backorder-event'), eventType: 'RequestCreated', product: input.original.product,
    quantity: { value: remainder, unit }, fromLocation: null, toLocation: sourceOf(input.original) ?? input.original.toLocation,
    performedBy: input.decidedBy, occurredAt: input.now,
    data: { requestId, note: `Backorder of the remainder of conflict ${input.conflictId}` },
  };
  return { ...plan, events: [...plan.events, request], backorderRequestId: requestId };
}

function planAcceptLocal(input: PlanInput, reason: string): ResolutionPlan {
  const source = sourceOf(input.original);
  const shortfall = roundQuantity(input.original.quantity.value - input.availableNow);
  const events: InventoryEvent[] = [];
  if (source !== null && shortfall > 0) {
    const adjustment: InventoryAdjusted = {
      eventId: derivedUuid(input.conflictId, 'adjustment'), eventType: 'InventoryAdjusted', product: input.original.product,
      quantity: { value: shortfall, unit: input.original.quantity.unit }, fromLocation: null, toLocation: source,
      performedBy: input.decidedBy, occurredAt: input.now, data: { reason, conflictId: input.conflictId },
    };
    events.push(adjustment);
  }
  events.push(applied(input, input.original.quantity, 'accept_local'));
  return { kind: 'append', events, appliedQuantity: input.original.quantity.value };
}

function planInvestigate(input: PlanInput, reason: string): ResolutionPlan {
  const disputeId = derivedUuid(input.conflictId, 'dispute');
  const dispute: DisputeOpened = {
    eventId: derivedUuid(input.conflictId, 'dispute-event'), eventType: 'DisputeOpened', product: input.original.product,
    quantity: input.original.quantity, fromLocation: input.original.fromLocation, toLocation: input.original.toLocation,
    performedBy: input.decidedBy, occurredAt: input.now,
    data: { disputeId, reason, conflictId: input.conflictId, ...(input.deviceId ? { deviceId: input.deviceId } : {}) },
  };
  return { kind: 'append', events: [dispute], appliedQuantity: 0, disputeId };
}
