import {
  QUANTITY_STEP_DECIMALS,
  UNIT_SCALES,
  addQuantities,
  ceilToUnitScale,
  checkPartialQuantity,
  fitsUnitScale,
  floorToUnitScale,
  isCountUnit,
  subtractQuantities,
} from '../src/quantity';
import { UNITS_OF_MEASURE } from '../src/validation-kit';

describe('quantity.ts: the unit scales and exact arithmetic', () => {
  test('Every unit of measure has a scale; each is the count unit; no scale exceeds the arithmetic step', () => {
    expect(Object.keys(UNIT_SCALES).sort()).toEqual([...UNITS_OF_MEASURE].sort());
    expect(UNITS_OF_MEASURE.filter(isCountUnit)).toEqual(['each']);
    expect(QUANTITY_STEP_DECIMALS).toBe(3);
  });

  test.each([
    [2.25, 'gal', true],
    [2.25, 'oz', true],
    [2.25, 'ml', false],
    [2, 'each', true],
    [1.5, 'each', false],
    [0.1 + 0.2, 'oz', false],
    [0.3, 'oz', true],
    [Number.NaN, 'each', false],
    [Number.POSITIVE_INFINITY, 'lb', false],
  ] as const)('fitsUnitScale(%p, %s) is %p', (value, unit, fits) => expect(fitsUnitScale(value, unit)).toBe(fits));

  test('Given decimals that float arithmetic gets wrong, When added or subtracted here, Then the result is the exact decimal', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the problem, for the record
    expect(addQuantities(0.1, 0.2)).toBe(0.3);
    expect(subtractQuantities(0.3, 0.1)).toBe(0.2);
    expect(subtractQuantities(14521.4, 14521.1)).toBe(0.3);
    expect(Array.from({ length: 1000 }, () => 0.001).reduce(addQuantities, 0)).toBe(1);
  });

  test('Given a balance that returns to nothing, Then it reads 0, not -0', () => {
    expect(Object.is(subtractQuantities(0.3, 0.3), 0)).toBe(true);
    expect(Object.is(addQuantities(-0.7, 0.7), 0)).toBe(true);
  });

  test('Given an on-hand left fractional by an old event, When floored to the unit, Then only whole counts are offered', () => {
    expect(floorToUnitScale(2.5, 'each')).toBe(2);
    expect(floorToUnitScale(2.999, 'each')).toBe(2);
    expect(floorToUnitScale(0.29, 'oz')).toBe(0.29);
    expect(floorToUnitScale(1.1, 'fl_oz')).toBe(1.1);
    expect(floorToUnitScale(12.34, 'ml')).toBe(12.3);
    expect(ceilToUnitScale(0.5, 'each')).toBe(1);
    expect(ceilToUnitScale(2, 'each')).toBe(2);
    expect(ceilToUnitScale(0.201, 'oz')).toBe(0.21);
  });

  test('Given a partial amount, Then unit, range and scale are checked in that order', () => {
    const whole = { value: 5, unit: 'each' as const };
    expect(checkPartialQuantity({ value: 1, unit: 'lb' }, whole)).toEqual({
      code: 'UNIT_MISMATCH',
      message: 'quantity must be in each',
    });
    expect(checkPartialQuantity({ value: 6, unit: 'each' }, whole)?.code).toBe('INVALID_QUANTITY');
    expect(checkPartialQuantity({ value: 1.5, unit: 'each' }, whole, 'merge quantity')).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'merge quantity must be a whole number for each (a count unit), got 1.5',
    });
    expect(checkPartialQuantity({ value: 2, unit: 'each' }, whole)).toBeNull();
  });
});
