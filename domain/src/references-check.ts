/**
 * Checks an event against reference data: ids exist, units match, destinations are active.
 *
 * LOCATION_INACTIVE (spec conflict type 3) — refused directions: stock going INTO an inactive
 * location (transfer to, return to, issue to a customer site, receipt to) and requests asking for
 * stock at one. Nobody should place stock where it is no longer tracked or visited.
 * Allowed: stock LEAVING an inactive location (emptying a decommissioned vehicle must stay
 * possible), counts there (a closing count is evidence), adjustments (a manager recording reality),
 * and the conflict-resolution / dispute events (they restore or record facts).
 */
import { type Lookup, lookup } from './reference';
import { type InventoryEvent, type Location, type Person, type Product, type Result, err, ok } from './types';

export interface ReferenceData {
  products: Lookup<Product>;
  locations: Lookup<Location>;
  persons: Lookup<Person>;
}

/** The location an event sends stock INTO that must be active, or null when none is checked. */
export function inboundLocationChecked(event: InventoryEvent): string | null {
  switch (event.eventType) {
    case 'ProductTransferred':
    case 'ProductReturned':
    case 'ProductIssued':
    case 'ProductReceived':
    case 'RequestCreated':
      return event.toLocation;
    default:
      return null;
  }
}

export function checkLocationActive(event: InventoryEvent, locations: Lookup<Location>): Result<void> {
  const inbound = inboundLocationChecked(event);
  if (inbound === null) return ok(undefined);
  const location = lookup(locations, inbound);
  if (location && location.status === 'inactive') {
    return err(
      'LOCATION_INACTIVE',
      `${location.name} (${location.id}) is inactive and no longer accepts stock; choose another destination`,
    );
  }
  return ok(undefined);
}

export function checkReferences(event: InventoryEvent, refs: ReferenceData): Result<void> {
  const product = lookup(refs.products, event.product);
  if (!product) return err('UNKNOWN_PRODUCT', `unknown product ${event.product}`);
  for (const locationId of [event.fromLocation, event.toLocation]) {
    if (locationId !== null && !lookup(refs.locations, locationId))
      return err('UNKNOWN_LOCATION', `unknown location ${locationId}`);
  }
  if (!lookup(refs.persons, event.performedBy)) return err('UNKNOWN_PERSON', `unknown person ${event.performedBy}`);
  if (event.quantity.unit !== product.unit) {
    return err('UNIT_MISMATCH', `${product.name} is measured in ${product.unit}, got ${event.quantity.unit}`);
  }
  return checkLocationActive(event, refs.locations);
}
