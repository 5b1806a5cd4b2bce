/**
 * On-hand projection per (location, product), folded from the event log.
 *
 * Events are facts that already happened, so evolve never refuses: on-hand may go negative
 * (a later count or adjustment corrects it). Refusals belong to decide / the gateway.
 * Values are decimals in the product's unit; every step is integer arithmetic (quantity.ts), so
 * 0.1 + 0.2 is 0.3 and a long fold never drifts.
 */
import { addQuantities, normaliseQuantity, subtractQuantities } from './quantity';
import type { InventoryEvent, LocationId, ProductId } from './types';
import { stockEffects } from './stock-effects';

/** Immutable map keyed by onHandKey(location, product). evolve returns a new map when it changes. */
export type OnHand = ReadonlyMap<string, number>;

const KEY_SEPARATOR = '::';
export const onHandKey = (location: LocationId, product: ProductId): string => `${location}${KEY_SEPARATOR}${product}`;
export function parseOnHandKey(key: string): { location: LocationId; product: ProductId } {
  const at = key.indexOf(KEY_SEPARATOR);
  return { location: key.slice(0, at), product: key.slice(at + KEY_SEPARATOR.length) };
}

export const emptyOnHand = (): OnHand => new Map();

export const onHandOf = (state: OnHand, location: LocationId, product: ProductId): number =>
  state.get(onHandKey(location, product)) ?? 0;

function applyEffects(target: Map<string, number>, event: InventoryEvent): void {
  for (const effect of stockEffects(event)) {
    const key = onHandKey(effect.location, effect.product);
    const next =
      effect.kind === 'set' ? normaliseQuantity(effect.value) : addQuantities(target.get(key) ?? 0, effect.delta);
    target.set(key, next);
  }
}

/** One event applied to the projection. Returns the same map when the event moves no stock. */
export function evolve(state: OnHand, event: InventoryEvent): OnHand {
  if (stockEffects(event).length === 0) return state;
  const next = new Map(state);
  applyEffects(next, event);
  return next;
}

/** Fold a whole log (one mutable map inside, so rebuilding a large log stays linear). */
export function foldEvents(events: Iterable<InventoryEvent>, initial: OnHand = emptyOnHand()): OnHand {
  const state = new Map(initial);
  for (const event of events) applyEffects(state, event);
  return state;
}

/**
 * For an InventoryCounted event: counted − on-hand before the count (negative = shrinkage).
 * Returns null for any other event type.
 */
export function countVariance(state: OnHand, event: InventoryEvent): number | null {
  if (event.eventType !== 'InventoryCounted' || event.toLocation === null) return null;
  return subtractQuantities(event.quantity.value, onHandOf(state, event.toLocation, event.product));
}
