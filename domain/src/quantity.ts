/**
 * The one home of the quantity rule. Every package validates, adds and subtracts quantities
 * through this module; none rounds on its own.
 *
 * Representation (decided, see the README "Quantities"):
 * - On the wire, in events and in PostgreSQL a quantity is a decimal number in its unit: a JSON
 *   number, a `numeric` column. Never a binary float with noise: 0.1 + 0.2 is stored as 0.3.
 * - Each unit has a scale: the number of decimals it allows. Count units are whole numbers
 *   (scale 0: half a glove does not exist); measured units resolve to about a gram or a
 *   millilitre, the precision of a field scale or a measuring cylinder.
 * - A value with more decimals than its unit allows (1.5 each, 0.30000000000000004 oz) is refused
 *   with VALIDATION_ERROR naming quantity.value; range errors (≤ 0, too large) stay INVALID_QUANTITY.
 * - Arithmetic is done in integers of the smallest step any unit has (a thousandth, since no scale
 *   exceeds 3) and converted back at once: each result is exactly the decimal a person would
 *   write, so a fold of millions of movements never accumulates float error. Integers stay exact
 *   up to 2^53 thousandths (about 9 × 10^12 units), far beyond MAX_QUANTITY_VALUE sums.
 */
import type { Quantity, UnitOfMeasure } from './types';

/** Decimals each unit allows. A new unit must be given a scale here (the Record type insists). */
export const UNIT_SCALES: Readonly<Record<UnitOfMeasure, number>> = {
  each: 0,
  ml: 1,
  g: 1,
  oz: 2,
  fl_oz: 2,
  lb: 3,
  gal: 3,
  l: 3,
  kg: 3,
};

export const unitScale = (unit: UnitOfMeasure): number => UNIT_SCALES[unit];

/** Units counted in whole items. */
export const isCountUnit = (unit: UnitOfMeasure): boolean => UNIT_SCALES[unit] === 0;

/** Decimals of the common arithmetic step: the largest scale of any unit. */
export const QUANTITY_STEP_DECIMALS = Math.max(...Object.values(UNIT_SCALES));
const STEPS_PER_UNIT = 10 ** QUANTITY_STEP_DECIMALS;

/**
 * True when `value` is exactly a decimal with at most the unit's decimals, i.e. the double that
 * parsing such a decimal gives (2.25 yes; 0.30000000000000004 no, it is not 0.3).
 */
export function fitsUnitScale(value: number, unit: UnitOfMeasure): boolean {
  const factor = 10 ** UNIT_SCALES[unit];
  return Number.isFinite(value) && Math.round(value * factor) / factor === value;
}

/** Error message (field path first) when `value` has more decimals than its unit allows; else null. */
export function checkUnitScale(value: number, unit: UnitOfMeasure, path = 'quantity.value'): string | null {
  if (fitsUnitScale(value, unit)) return null;
  const scale = UNIT_SCALES[unit];
  const allowed =
    scale === 0
      ? `a whole number for ${unit} (a count unit)`
      : `at most ${scale} decimal${scale === 1 ? '' : 's'} for ${unit}`;
  return `${path} must be ${allowed}, got ${value}`;
}

export interface QuantityProblem {
  code: 'UNIT_MISMATCH' | 'VALIDATION_ERROR' | 'INVALID_QUANTITY';
  message: string;
}

/**
 * A partial amount of `whole` (a conflict resolution's modify/merge, a partial compensation):
 * same unit, within the unit's scale, > 0 and <= whole. Returns the problem, or null.
 */
export function checkPartialQuantity(part: Quantity, whole: Quantity, path = 'quantity'): QuantityProblem | null {
  if (part.unit !== whole.unit) return { code: 'UNIT_MISMATCH', message: `${path} must be in ${whole.unit}` };
  if (typeof part.value !== 'number' || !Number.isFinite(part.value) || part.value <= 0 || part.value > whole.value) {
    return { code: 'INVALID_QUANTITY', message: `${path} must be > 0 and <= ${whole.value}` };
  }
  const scale = checkUnitScale(part.value, part.unit, path);
  return scale === null ? null : { code: 'VALIDATION_ERROR', message: scale };
}

/** Integer thousandths. Exact for every value that fits its unit's scale. */
const toSteps = (value: number): number => Math.round(value * STEPS_PER_UNIT);
/** `+ 0` turns -0 into 0, so a balance that returns to nothing reads 0. */
const fromSteps = (steps: number): number => steps / STEPS_PER_UNIT + 0;

export const addQuantities = (a: number, b: number): number => fromSteps(toSteps(a) + toSteps(b));
export const subtractQuantities = (a: number, b: number): number => fromSteps(toSteps(a) - toSteps(b));

/**
 * The largest amount of `value` that fits the unit's scale (2.5 each → 2): what can be offered
 * from an on-hand that a pre-rule event left fractional.
 */
export function floorToUnitScale(value: number, unit: UnitOfMeasure): number {
  const stepsPerScaleUnit = 10 ** (QUANTITY_STEP_DECIMALS - UNIT_SCALES[unit]);
  return fromSteps(Math.floor(toSteps(value) / stepsPerScaleUnit) * stepsPerScaleUnit);
}

/** The smallest amount >= `value` that fits the unit's scale (0.5 each → 1): a shortfall to make up. */
export function ceilToUnitScale(value: number, unit: UnitOfMeasure): number {
  const stepsPerScaleUnit = 10 ** (QUANTITY_STEP_DECIMALS - UNIT_SCALES[unit]);
  return fromSteps(Math.ceil(toSteps(value) / stepsPerScaleUnit) * stepsPerScaleUnit);
}

/** A value read from outside (e.g. a numeric column) brought to the arithmetic step. */
export const normaliseQuantity = (value: number): number => fromSteps(toSteps(value));
