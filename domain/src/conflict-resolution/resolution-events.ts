/**
 * Builders for the two conflict-resolution events, so their locations always follow the
 * semantics in stock-effects.ts (only tracked sides set).
 */
import { checkPartialQuantity } from '../quantity';
import { trackedMovement } from '../stock-effects';
import {
  type ConflictCompensated,
  type ConflictId,
  type ConflictResolutionApplied,
  type EventBase,
  type EventId,
  type InventoryEvent,
  type PersonId,
  type Quantity,
  type Result,
  type Timestamp,
  err,
  ok,
} from '../types';

export interface ResolutionEventArgs {
  eventId: EventId;
  conflictId: ConflictId;
  performedBy: PersonId;
  now: Timestamp;
  /** Defaults to the original quantity; a partial amount must be > 0, <= it and within its unit's scale. */
  quantity?: Quantity;
}

function pickQuantity(original: InventoryEvent, quantity: Quantity | undefined): Result<Quantity> {
  const chosen = quantity ?? original.quantity;
  const problem = checkPartialQuantity(chosen, original.quantity);
  return problem ? err(problem.code, problem.message) : ok({ value: chosen.value, unit: chosen.unit });
}

/** Both resolution events copy the original's product and the tracked sides of its movement, with a checked quantity. */
function resolutionEvent<TType extends string, TData>(
  original: InventoryEvent,
  args: ResolutionEventArgs,
  eventType: TType,
  data: TData,
): Result<EventBase<TType, TData>> {
  const quantity = pickQuantity(original, args.quantity);
  if (!quantity.ok) return quantity;
  const movement = trackedMovement(original);
  return ok({
    eventId: args.eventId,
    eventType,
    product: original.product,
    quantity: quantity.value,
    fromLocation: movement.loses,
    toLocation: movement.gains,
    performedBy: args.performedBy,
    occurredAt: args.now,
    data,
  });
}

/** The inverse of an accepted movement (or part of it). A count has no inverse: VALIDATION_ERROR. */
export function compensationFor(
  original: InventoryEvent,
  args: ResolutionEventArgs & { reason: string },
): Result<ConflictCompensated> {
  const movement = trackedMovement(original);
  if (movement.loses === null && movement.gains === null)
    return err('VALIDATION_ERROR', `${original.eventType} moves no stock to compensate`);
  return resolutionEvent(original, args, 'ConflictCompensated', {
    conflictId: args.conflictId,
    compensatesEventId: original.eventId,
    reason: args.reason,
  });
}

/** Applies a conflicted (never applied) event, whole or in part. Request events move no stock. */
export function resolutionAppliedFor(
  original: InventoryEvent,
  args: ResolutionEventArgs & { resolution: string },
): Result<ConflictResolutionApplied> {
  if (original.eventType === 'InventoryCounted')
    return err('VALIDATION_ERROR', 'a count is re-recorded as a new count, not applied by resolution');
  return resolutionEvent(original, args, 'ConflictResolutionApplied', {
    conflictId: args.conflictId,
    originalEventId: original.eventId,
    resolution: args.resolution,
  });
}
