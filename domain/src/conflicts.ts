/** The spec's three conflict types, in one place for importers. */
import { checkLocationActive } from './references-check';
import type { Lookup } from './reference';
import type { ConflictDetails, InventoryEvent, Location } from './types';

export { detectInsufficientInventory, type InsufficientInventoryInput } from './insufficient-inventory';
export { resolveRequestRace, approvalWins, type RaceOutcome, type RaceRequestState } from './request-race';

/**
 * Conflict type 3: stock sent into a location made inactive meanwhile. The spec rejects the event
 * ("Tech must choose new destination", event marked failed with reason): the gateway answers
 * `rejected` with code LOCATION_INACTIVE; this ConflictDetails is the reason to show.
 */
export function detectLocationInactive(event: InventoryEvent, locations: Lookup<Location>): ConflictDetails | null {
  const check = checkLocationActive(event, locations);
  if (check.ok) return null;
  return { type: 'LOCATION_INACTIVE', requested: event.quantity, conflictingEvents: [], message: check.error.message };
}
