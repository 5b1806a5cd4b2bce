import {
  HIGH_VALUE_UNIT_CENTS,
  indexById,
  isHighValue,
  isPriorityProduct,
  lookup,
  ownLocations,
} from '../src/reference';
import { checkReferences } from '../src/references-check';
import type { InventoryEvent } from '../src/types';
import {
  bait,
  closedVan,
  each,
  event,
  locations,
  persons,
  products,
  site,
  tech,
  termiticide,
  vehicle,
  vehicle2,
  warehouse,
} from './fixtures';

describe('reference helpers', () => {
  test('high value from HIGH_VALUE_UNIT_CENTS per unit', () => {
    expect(HIGH_VALUE_UNIT_CENTS).toBe(5000);
    expect(isHighValue(termiticide)).toBe(true);
    expect(isHighValue(bait)).toBe(false);
    expect(isHighValue({ ...bait, unitValueCents: 5000 })).toBe(true);
    expect(isPriorityProduct({ ...bait, regulated: true })).toBe(true);
  });
  test('ownLocations are those assigned to the person', () => {
    expect(ownLocations(tech, locations).map((l) => l.id)).toEqual([vehicle.id, vehicle2.id, closedVan.id, site.id]);
  });
  test('lookup works over a Map, an array and a function', () => {
    expect(lookup(indexById(products), bait.id)).toBe(bait);
    expect(lookup(products, bait.id)).toBe(bait);
    expect(lookup((id: string) => (id === bait.id ? bait : undefined), bait.id)).toBe(bait);
    expect(lookup(products, 'none')).toBeUndefined();
  });
});

describe('checkReferences', () => {
  const refs = { products, locations, persons };
  const codeOf = (e: InventoryEvent) => {
    const r = checkReferences(e, refs);
    return r.ok ? 'OK' : r.error.code;
  };
  const transfer = (patch: Record<string, unknown> = {}) =>
    event({
      eventType: 'ProductTransferred',
      product: bait.id,
      quantity: each(1),
      fromLocation: vehicle.id,
      toLocation: vehicle2.id,
      data: {},
      ...patch,
    } as never) as InventoryEvent;

  test.each([
    ['all known', {}, 'OK'],
    ['unknown product', { product: 'x' }, 'UNKNOWN_PRODUCT'],
    ['unknown from', { fromLocation: 'x' }, 'UNKNOWN_LOCATION'],
    ['unknown to', { toLocation: 'x' }, 'UNKNOWN_LOCATION'],
    ['unknown person', { performedBy: 'x' }, 'UNKNOWN_PERSON'],
    ['unit mismatch', { quantity: { value: 1, unit: 'kg' } }, 'UNIT_MISMATCH'],
    ['into an inactive location', { toLocation: closedVan.id }, 'LOCATION_INACTIVE'],
    ['out of an inactive location', { fromLocation: closedVan.id }, 'OK'],
  ])('%s ⇒ %s', (_name, patch, code) => expect(codeOf(transfer(patch))).toBe(code));

  test('return or receipt into an inactive location is refused; a count or adjustment there is allowed', () => {
    expect(
      codeOf(
        event({
          eventType: 'ProductReturned',
          product: bait.id,
          quantity: each(1),
          fromLocation: null,
          toLocation: closedVan.id,
        }),
      ),
    ).toBe('LOCATION_INACTIVE');
    expect(
      codeOf(
        event({
          eventType: 'ProductReceived',
          product: bait.id,
          quantity: each(1),
          fromLocation: null,
          toLocation: closedVan.id,
          data: { supplier: 'A' },
        }),
      ),
    ).toBe('LOCATION_INACTIVE');
    expect(
      codeOf(
        event({
          eventType: 'InventoryCounted',
          product: bait.id,
          quantity: each(0),
          fromLocation: null,
          toLocation: closedVan.id,
        }),
      ),
    ).toBe('OK');
    expect(
      codeOf(
        event({
          eventType: 'InventoryAdjusted',
          product: bait.id,
          quantity: each(1),
          fromLocation: null,
          toLocation: closedVan.id,
          data: { reason: 'found' },
        }),
      ),
    ).toBe('OK');
    expect(
      codeOf(
        event({
          eventType: 'ProductIssued',
          product: bait.id,
          quantity: each(1),
          fromLocation: warehouse.id,
          toLocation: null,
        }),
      ),
    ).toBe('OK');
  });
});
