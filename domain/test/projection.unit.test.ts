import { countVariance, emptyOnHand, evolve, foldEvents, onHandKey, onHandOf, parseOnHandKey } from '../src/projection';
import { compensationFor, resolutionAppliedFor } from '../src';
import type { InventoryEvent } from '../src/types';
import { bait, each, event, site, stock, tech, vehicle, vehicle2, warehouse } from './fixtures';

const given = (...events: InventoryEvent[]) => foldEvents(events);

describe('on-hand projection: evolve for every event type', () => {
  test('ProductReceived: toLocation gains', () => {
    const state = evolve(emptyOnHand(), stock(warehouse.id, bait.id, 40));
    expect(onHandOf(state, warehouse.id, bait.id)).toBe(40);
  });

  test('ProductIssued: fromLocation loses, the customer site gains nothing', () => {
    const state = evolve(
      given(stock(vehicle.id, bait.id, 10)),
      event({
        eventType: 'ProductIssued',
        product: bait.id,
        quantity: each(3),
        fromLocation: vehicle.id,
        toLocation: site.id,
      }),
    );
    expect(onHandOf(state, vehicle.id, bait.id)).toBe(7);
    expect(onHandOf(state, site.id, bait.id)).toBe(0);
  });

  test('ProductReturned: toLocation gains, the customer site loses nothing', () => {
    const state = evolve(
      given(),
      event({
        eventType: 'ProductReturned',
        product: bait.id,
        quantity: each(2),
        fromLocation: site.id,
        toLocation: vehicle.id,
      }),
    );
    expect(onHandOf(state, vehicle.id, bait.id)).toBe(2);
    expect(state.has(onHandKey(site.id, bait.id))).toBe(false);
  });

  test('ProductTransferred: fromLocation loses, toLocation gains', () => {
    const state = evolve(
      given(stock(warehouse.id, bait.id, 10)),
      event({
        eventType: 'ProductTransferred',
        product: bait.id,
        quantity: each(4),
        fromLocation: warehouse.id,
        toLocation: vehicle.id,
      }),
    );
    expect([onHandOf(state, warehouse.id, bait.id), onHandOf(state, vehicle.id, bait.id)]).toEqual([6, 4]);
  });

  test('InventoryCounted: sets on-hand; countVariance is counted minus before (0 allowed)', () => {
    const before = given(stock(vehicle.id, bait.id, 10));
    const count = event({
      eventType: 'InventoryCounted',
      product: bait.id,
      quantity: each(7),
      fromLocation: null,
      toLocation: vehicle.id,
    });
    expect(countVariance(before, count)).toBe(-3);
    expect(onHandOf(evolve(before, count), vehicle.id, bait.id)).toBe(7);
    const zero = event({
      eventType: 'InventoryCounted',
      product: bait.id,
      quantity: each(0),
      fromLocation: null,
      toLocation: vehicle.id,
    });
    expect(onHandOf(evolve(before, zero), vehicle.id, bait.id)).toBe(0);
    expect(countVariance(before, stock(vehicle.id, bait.id, 1))).toBeNull();
  });

  test('InventoryAdjusted: decrease from fromLocation, increase to toLocation', () => {
    const base = given(stock(vehicle.id, bait.id, 10));
    const down = evolve(
      base,
      event({
        eventType: 'InventoryAdjusted',
        product: bait.id,
        quantity: each(2),
        fromLocation: vehicle.id,
        toLocation: null,
        data: { reason: 'damaged' },
      }),
    );
    const up = evolve(
      base,
      event({
        eventType: 'InventoryAdjusted',
        product: bait.id,
        quantity: each(5),
        fromLocation: null,
        toLocation: vehicle.id,
        data: { reason: 'found' },
      }),
    );
    expect([onHandOf(down, vehicle.id, bait.id), onHandOf(up, vehicle.id, bait.id)]).toEqual([8, 15]);
  });

  test.each(['RequestCreated', 'RequestApproved', 'RequestDenied', 'RequestCancelled'] as const)(
    '%s moves no stock',
    (eventType) => {
      const base = given(stock(vehicle.id, bait.id, 10));
      const next = evolve(
        base,
        event({
          eventType,
          product: bait.id,
          quantity: each(5),
          fromLocation: warehouse.id,
          toLocation: vehicle.id,
          data: { requestId: 'r1' },
        } as never),
      );
      expect(next).toBe(base);
    },
  );

  test('DisputeOpened moves no stock', () => {
    const base = given(stock(vehicle.id, bait.id, 10));
    expect(
      evolve(
        base,
        event({
          eventType: 'DisputeOpened',
          product: bait.id,
          quantity: each(10),
          fromLocation: vehicle.id,
          toLocation: null,
          data: { disputeId: 'd1', reason: 'device lost' },
        }),
      ),
    ).toBe(base);
  });

  test('ConflictCompensated is the inverse of the compensated transfer', () => {
    const transfer = event({
      eventType: 'ProductTransferred',
      product: bait.id,
      quantity: each(4),
      fromLocation: warehouse.id,
      toLocation: vehicle.id,
    });
    const afterTransfer = given(stock(warehouse.id, bait.id, 10), transfer);
    const undo = compensationFor(transfer, {
      eventId: 'c1',
      conflictId: 'cf1',
      performedBy: 'p-manager',
      now: '2026-01-10T09:00:00.000Z',
      reason: 'double count',
    });
    if (!undo.ok) throw new Error(undo.error.message);
    expect([undo.value.fromLocation, undo.value.toLocation]).toEqual([warehouse.id, vehicle.id]);
    const state = evolve(afterTransfer, undo.value);
    expect([onHandOf(state, warehouse.id, bait.id), onHandOf(state, vehicle.id, bait.id)]).toEqual([10, 0]);
  });

  test('ConflictCompensated of an issue puts the quantity back at the issuing location only', () => {
    const issue = event({
      eventType: 'ProductIssued',
      product: bait.id,
      quantity: each(3),
      fromLocation: vehicle.id,
      toLocation: site.id,
    });
    const undo = compensationFor(issue, {
      eventId: 'c2',
      conflictId: 'cf2',
      performedBy: 'p-manager',
      now: '2026-01-10T09:00:00.000Z',
      reason: 'not used',
      quantity: each(1),
    });
    if (!undo.ok) throw new Error(undo.error.message);
    expect(undo.value.toLocation).toBeNull();
    expect(onHandOf(evolve(given(stock(vehicle.id, bait.id, 10), issue), undo.value), vehicle.id, bait.id)).toBe(8);
  });

  test('ConflictResolutionApplied applies the conflicted movement (merge: part of it)', () => {
    const issue = event({
      eventType: 'ProductIssued',
      product: bait.id,
      quantity: each(35),
      fromLocation: vehicle.id,
      toLocation: null,
    });
    const applied = resolutionAppliedFor(issue, {
      eventId: 'a1',
      conflictId: 'cf3',
      performedBy: 'p-manager',
      now: '2026-01-10T09:00:00.000Z',
      resolution: 'merge',
      quantity: each(20),
    });
    if (!applied.ok) throw new Error(applied.error.message);
    expect(onHandOf(evolve(given(stock(vehicle.id, bait.id, 20)), applied.value), vehicle.id, bait.id)).toBe(0);
  });

  test('evolve never mutates the given state', () => {
    const base = given(stock(vehicle.id, bait.id, 10));
    evolve(base, stock(vehicle.id, bait.id, 5));
    expect(onHandOf(base, vehicle.id, bait.id)).toBe(10);
  });

  test('fractional quantities do not drift', () => {
    const oz = { value: 0.1, unit: 'fl_oz' as const };
    const state = foldEvents(
      [0, 1, 2].map(() =>
        event({ eventType: 'ProductReturned', product: 'p', quantity: oz, fromLocation: null, toLocation: vehicle.id }),
      ),
    );
    expect(onHandOf(state, vehicle.id, 'p')).toBe(0.3);
  });

  test('keys round-trip', () => {
    expect(parseOnHandKey(onHandKey(vehicle2.id, bait.id))).toEqual({ location: vehicle2.id, product: bait.id });
  });
});

describe('Scenario: technician works offline for 3 days', () => {
  test('Given 100 in the vehicle, When issuing 20, 30 and 25, Then 25 remain (reduced by 75)', () => {
    const issue = (value: number) =>
      event({
        eventType: 'ProductIssued',
        product: bait.id,
        quantity: each(value),
        fromLocation: vehicle.id,
        toLocation: null,
        performedBy: tech.id,
      });
    const state = foldEvents([stock(vehicle.id, bait.id, 100), issue(20), issue(30), issue(25)]);
    expect(onHandOf(state, vehicle.id, bait.id)).toBe(25);
  });
});
