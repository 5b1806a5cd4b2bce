/**
 * Conflict type 1: insufficient inventory (two devices issue from the same stock offline).
 *
 * The server computes `availableAtKnownState` by folding the log up to the position whose hash
 * equals the event's offlineContext.lastKnownServerStateHash (an unknown or empty hash ⇒
 * position 0, i.e. availableAtKnownState = 0 and every event of the log is "since").
 * `eventsSinceKnownState` are the recorded events after that position, ascending.
 * Replaying them (the device's own earlier events included) gives what is available now.
 */
import { foldEvents, onHandKey, onHandOf } from './projection';
import { touches } from './stock-effects';
import type { ConflictDetails, InventoryEvent, RecordedEvent } from './types';

export interface InsufficientInventoryInput {
  event: InventoryEvent;
  availableAtKnownState: number;
  eventsSinceKnownState: readonly RecordedEvent[];
}

/** Applies to ProductIssued and ProductTransferred (their fromLocation); null for other types. */
export function detectInsufficientInventory(input: InsufficientInventoryInput): ConflictDetails | null {
  const { event } = input;
  if ((event.eventType !== 'ProductIssued' && event.eventType !== 'ProductTransferred') || event.fromLocation === null)
    return null;
  const location = event.fromLocation;
  const moving = input.eventsSinceKnownState.filter((recorded) => touches(recorded.event, location, event.product));
  const start = new Map([[onHandKey(location, event.product), input.availableAtKnownState]]);
  const available = onHandOf(
    foldEvents(
      moving.map((recorded) => recorded.event),
      start,
    ),
    location,
    event.product,
  );
  if (available >= event.quantity.value) return null;
  // A negative balance is shown as 0 available: that is what can actually be taken.
  const shown = Math.max(0, available);
  return {
    type: 'INSUFFICIENT_INVENTORY',
    requested: event.quantity,
    available: { value: shown, unit: event.quantity.unit },
    conflictingEvents: moving.map((recorded) => recorded.serverId),
    message: `Requested ${event.quantity.value} ${event.quantity.unit} of ${event.product} at ${location}, only ${shown} available after ${moving.length} event(s) since your last sync`,
  };
}
