/**
 * Issue 7, defect 4: fractional counts were accepted and the projection could carry float noise.
 * These tests go through the public entry points (validation, decide's builders, the fold), so
 * they say what a client sees, whatever the helpers inside look like.
 */
import type { InventoryEvent, Quantity, UnitOfMeasure } from '../src';
import { compensationFor } from '../src/conflict-resolution/resolution-events';
import { countVariance, foldEvents, onHandOf } from '../src/projection';
import { validateEventShape } from '../src/validation';
import { T0, each, event, manager, site, vehicle } from './fixtures';

const issueOf = (quantity: unknown) => ({
  eventId: 'evt-q',
  eventType: 'ProductIssued',
  product: 'prod-x',
  quantity,
  fromLocation: 'loc-van-1',
  toLocation: null,
  performedBy: 'p-tech',
  occurredAt: T0,
  data: {},
});
const countOf = (quantity: unknown) => ({
  ...issueOf(quantity),
  eventType: 'InventoryCounted',
  fromLocation: null,
  toLocation: 'loc-van-1',
});

describe('quantity precision: count units are whole, measured units keep their fixed decimals', () => {
  test.each([
    ['1.5 each (half a glove)', { value: 1.5, unit: 'each' }, 'whole number'],
    ['0.30000000000000004 each', { value: 0.30000000000000004, unit: 'each' }, 'whole number'],
    ['0.30000000000000004 oz (float noise)', { value: 0.30000000000000004, unit: 'oz' }, 'at most 2 decimals'],
    ['2.255 fl_oz', { value: 2.255, unit: 'fl_oz' }, 'at most 2 decimals'],
    ['1.0005 lb', { value: 1.0005, unit: 'lb' }, 'at most 3 decimals'],
    ['12.25 ml', { value: 12.25, unit: 'ml' }, 'at most 1 decimal'],
    ['0.0000001 gal', { value: 1e-7, unit: 'gal' }, 'at most 3 decimals'],
  ])(
    'Given an issue of %s, When validated, Then VALIDATION_ERROR names quantity.value and the unit',
    (_name, quantity, phrase) => {
      const result = validateEventShape(issueOf(quantity));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('VALIDATION_ERROR');
      expect(result.error.message).toContain('quantity.value');
      expect(result.error.message).toContain(phrase);
      expect(result.error.message).toContain(quantity.unit);
    },
  );

  test('Given a count of 2.5 each, When validated, Then it is refused like any other fractional count', () => {
    const result = validateEventShape(countOf({ value: 2.5, unit: 'each' }));
    expect(!result.ok && result.error.code).toBe('VALIDATION_ERROR');
  });

  test.each([
    ['2.25 gal', { value: 2.25, unit: 'gal' }],
    ['1.005 lb (three decimals)', { value: 1.005, unit: 'lb' }],
    ['0.3 oz', { value: 0.3, unit: 'oz' }],
    ['12.5 ml', { value: 12.5, unit: 'ml' }],
    ['1000000000 each', { value: 1_000_000_000, unit: 'each' }],
  ])('Given an issue of %s, When validated, Then it is accepted unchanged', (_name, quantity) => {
    const result = validateEventShape(issueOf(quantity));
    expect(result.ok && result.value.quantity).toEqual(quantity);
  });

  test('Given a count that found nothing (0 each), When validated, Then it is accepted', () => {
    expect(validateEventShape(countOf({ value: 0, unit: 'each' })).ok).toBe(true);
  });

  test('Given a negative amount, When validated, Then the range check still answers INVALID_QUANTITY', () => {
    const result = validateEventShape(issueOf({ value: -1.5, unit: 'each' }));
    expect(!result.ok && result.error.code).toBe('INVALID_QUANTITY');
  });

  test('Given an accepted issue of 3 each, When a resolution compensates 1.5 of it, Then VALIDATION_ERROR and no event', () => {
    const issue = event({
      eventType: 'ProductIssued',
      product: 'prod-x',
      quantity: each(3),
      fromLocation: vehicle.id,
      toLocation: site.id,
    });
    const result = compensationFor(issue, {
      eventId: 'e',
      conflictId: 'cf',
      performedBy: manager.id,
      now: T0,
      reason: 'r',
      quantity: each(1.5),
    });
    expect(!result.ok && result.error.code).toBe('VALIDATION_ERROR');
  });
});

/** mulberry32: a tiny seeded PRNG, so a failure replays exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALES: Array<[UnitOfMeasure, number]> = [
  ['each', 0],
  ['ml', 1],
  ['fl_oz', 2],
  ['gal', 3],
];

/** A random amount with exactly the unit's decimals, written as a decimal string first (as a user types it). */
function randomAmount(random: () => number, scale: number, max: number): { value: number; minor: number } {
  const minor = 1 + Math.floor(random() * max * 10 ** scale);
  return { value: Number((minor / 10 ** scale).toFixed(scale)), minor };
}

describe('property: summing many decimal movements never drifts', () => {
  test.each(SCALES)(
    'Given 2000 random receipts and issues in %s (scale %d), When folded, Then on-hand equals the exact integer sum',
    (unit, scale) => {
      for (const seed of [1, 7, 42]) {
        const random = seeded(seed);
        let exactMinor = 0;
        const events: InventoryEvent[] = [];
        for (let i = 0; i < 2000; i += 1) {
          const amount = randomAmount(random, scale, i % 10 === 0 ? 1_000_000 : 50);
          const quantity: Quantity = { value: amount.value, unit };
          const gains = random() < 0.55;
          exactMinor += gains ? amount.minor : -amount.minor;
          events.push(
            gains
              ? event({
                  eventType: 'ProductReturned',
                  product: 'p',
                  quantity,
                  fromLocation: null,
                  toLocation: vehicle.id,
                })
              : event({
                  eventType: 'ProductIssued',
                  product: 'p',
                  quantity,
                  fromLocation: vehicle.id,
                  toLocation: null,
                }),
          );
        }
        const onHand = onHandOf(foldEvents(events), vehicle.id, 'p');
        // The decimal the user would read, as the nearest double: what a JSON client and numeric see.
        expect(onHand).toBe(Number((exactMinor / 10 ** scale).toFixed(scale)));
        expect(validateEventShape(issueOf({ value: Math.abs(onHand) || 1, unit })).ok).toBe(true);
      }
    },
  );

  test('Given 0.1 + 0.2 fl_oz returned, When folded, Then on-hand is 0.3 and not 0.30000000000000004', () => {
    const back = (value: number) =>
      event({
        eventType: 'ProductReturned',
        product: 'p',
        quantity: { value, unit: 'fl_oz' },
        fromLocation: null,
        toLocation: vehicle.id,
      });
    expect(onHandOf(foldEvents([back(0.1), back(0.2)]), vehicle.id, 'p')).toBe(0.3);
  });

  test('Given 14521.4 gal on hand, When 0.7 gal is counted, Then the variance is exactly -14520.7', () => {
    const start = foldEvents([
      event({
        eventType: 'ProductReturned',
        product: 'p',
        quantity: { value: 14521.4, unit: 'gal' },
        fromLocation: null,
        toLocation: vehicle.id,
      }),
    ]);
    const counted = event({
      eventType: 'InventoryCounted',
      product: 'p',
      quantity: { value: 0.7, unit: 'gal' },
      fromLocation: null,
      toLocation: vehicle.id,
    });
    expect(countVariance(start, counted)).toBe(-14520.7);
  });

  test('Given movements near the largest allowed size, When folded, Then the sum is still exact', () => {
    const big = (value: number) =>
      event({
        eventType: 'ProductReturned',
        product: 'p',
        quantity: { value, unit: 'lb' },
        fromLocation: null,
        toLocation: vehicle.id,
      });
    const events = Array.from({ length: 30 }, (_, i) => big(999_999_999.999 - i));
    const expectedMinor = Array.from({ length: 30 }, (_, i) => 999_999_999_999 - i * 1000).reduce((a, b) => a + b, 0);
    expect(onHandOf(foldEvents(events), vehicle.id, 'p')).toBe(expectedMinor / 1000);
  });
});
