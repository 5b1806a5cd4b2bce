import type { InventoryEvent } from '../src';
import { compensationFor, resolutionAppliedFor } from '../src';
import { bait, each, event, manager, site, vehicle } from './fixtures';

const NOW = '2026-01-10T09:00:00.000Z';
const issue = event({
  eventType: 'ProductIssued',
  product: bait.id,
  quantity: each(5),
  fromLocation: vehicle.id,
  toLocation: site.id,
});
const count = event({
  eventType: 'InventoryCounted',
  product: bait.id,
  quantity: each(5),
  fromLocation: null,
  toLocation: vehicle.id,
});
const args = { eventId: 'e-new', conflictId: 'cf-1', performedBy: manager.id, now: NOW };

/** Both builders, so every quantity rule is checked on each. */
const builders = [
  [
    'compensationFor',
    (original: InventoryEvent, quantity?: { value: number; unit: 'each' | 'fl_oz' }) =>
      compensationFor(original, { ...args, reason: 'r', quantity }),
  ],
  [
    'resolutionAppliedFor',
    (original: InventoryEvent, quantity?: { value: number; unit: 'each' | 'fl_oz' }) =>
      resolutionAppliedFor(original, { ...args, resolution: 'merge', quantity }),
  ],
] as const;

describe('conflict-resolution event builders', () => {
  test('Given an accepted issue, When compensated, Then the event names only the tracked side (the projection reverses it), with the original quantity', () => {
    expect(compensationFor(issue, { ...args, reason: 'not used' })).toEqual({
      ok: true,
      value: {
        eventId: 'e-new',
        eventType: 'ConflictCompensated',
        product: bait.id,
        quantity: each(5),
        fromLocation: vehicle.id,
        toLocation: null,
        performedBy: manager.id,
        occurredAt: NOW,
        data: { conflictId: 'cf-1', compensatesEventId: issue.eventId, reason: 'not used' },
      },
    });
  });

  test('Given a conflicted issue, When applied in part, Then the event moves that part from the tracked side', () => {
    expect(resolutionAppliedFor(issue, { ...args, resolution: 'merge', quantity: each(2) })).toEqual({
      ok: true,
      value: {
        eventId: 'e-new',
        eventType: 'ConflictResolutionApplied',
        product: bait.id,
        quantity: each(2),
        fromLocation: vehicle.id,
        toLocation: null,
        performedBy: manager.id,
        occurredAt: NOW,
        data: { conflictId: 'cf-1', originalEventId: issue.eventId, resolution: 'merge' },
      },
    });
  });

  test('Given a count, When compensated or applied, Then VALIDATION_ERROR comes before any quantity check', () => {
    for (const [, build] of builders) {
      expect(build(count, each(0))).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    }
  });

  test.each(builders)('Given %s, When the quantity is in another unit, Then UNIT_MISMATCH', (_, build) => {
    expect(build(issue, { value: 1, unit: 'fl_oz' })).toEqual({
      ok: false,
      error: { code: 'UNIT_MISMATCH', message: 'quantity must be in each' },
    });
  });

  test.each(builders)(
    'Given %s, When the quantity is 0, above the original or not finite, Then INVALID_QUANTITY',
    (_, build) => {
      for (const value of [0, -1, 6, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(build(issue, each(value))).toEqual({
          ok: false,
          error: { code: 'INVALID_QUANTITY', message: 'quantity must be > 0 and <= 5' },
        });
      }
      expect(build(issue, each(5))).toMatchObject({ ok: true, value: { quantity: each(5) } });
    },
  );
});
