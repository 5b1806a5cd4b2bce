/**
 * What each event type does to stock, as data. The projection, conflict detection and the store's
 * incremental projection update all read this one table, so they cannot disagree.
 *
 * Customer sites hold no tracked stock: an issue only lowers its fromLocation, a return only
 * raises its toLocation.
 *
 * Compensation semantics (decided here):
 * - ConflictCompensated is the inverse of the movement it compensates: its fromLocation GAINS the
 *   quantity back and its toLocation LOSES it. It carries the compensated movement's *tracked*
 *   sides (compensationFor() fills them), e.g. compensating an issue has toLocation null.
 * - ConflictResolutionApplied applies a conflicted (never-applied) movement: fromLocation loses,
 *   toLocation gains, again with only the tracked sides set (resolutionAppliedFor()).
 *   For a request event both sides are null: no stock moves.
 * - InventoryAdjusted: fromLocation loses (decrease) or toLocation gains (increase).
 * - Request* and DisputeOpened move no stock.
 */
import type { InventoryEvent, LocationId, ProductId } from './types';

export type StockEffect =
  | { kind: 'delta'; location: LocationId; product: ProductId; delta: number }
  | { kind: 'set'; location: LocationId; product: ProductId; value: number };

/** The tracked sides of a movement: which location loses and which gains. */
export interface TrackedMovement {
  loses: LocationId | null;
  gains: LocationId | null;
}

const NO_MOVEMENT: TrackedMovement = { loses: null, gains: null };

export function trackedMovement(event: InventoryEvent): TrackedMovement {
  switch (event.eventType) {
    case 'ProductIssued':
      return { loses: event.fromLocation, gains: null };
    case 'ProductReturned':
    case 'ProductReceived':
      return { loses: null, gains: event.toLocation };
    case 'ProductTransferred':
    case 'InventoryAdjusted':
    case 'ConflictResolutionApplied':
      return { loses: event.fromLocation, gains: event.toLocation };
    case 'ConflictCompensated':
      return { loses: event.toLocation, gains: event.fromLocation };
    case 'InventoryCounted':
    case 'RequestCreated':
    case 'RequestApproved':
    case 'RequestDenied':
    case 'RequestCancelled':
    case 'DisputeOpened':
      return NO_MOVEMENT;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event type ${(unhandled as InventoryEvent).eventType}`);
    }
  }
}

export function stockEffects(event: InventoryEvent): StockEffect[] {
  const { product } = event;
  if (event.eventType === 'InventoryCounted') {
    return event.toLocation === null
      ? []
      : [{ kind: 'set', location: event.toLocation, product, value: event.quantity.value }];
  }
  const { loses, gains } = trackedMovement(event);
  const amount = event.quantity.value;
  const effects: StockEffect[] = [];
  if (loses !== null) effects.push({ kind: 'delta', location: loses, product, delta: -amount });
  if (gains !== null) effects.push({ kind: 'delta', location: gains, product, delta: amount });
  return effects;
}

/** True when the event changes the on-hand of (location, product). */
export const touches = (event: InventoryEvent, location: LocationId, product: ProductId): boolean =>
  stockEffects(event).some((effect) => effect.location === location && effect.product === product);
