/**
 * Small hand-written checks for untrusted JSON. Each returns an error message or null,
 * prefixed with the field path so the client can tell which field was wrong.
 */
import type { UnitOfMeasure } from './types';

export const MAX_ID_LENGTH = 100;
export const MAX_TEXT_LENGTH = 500;
export const MAX_HASH_LENGTH = 200;
/** Bigger than any real stock quantity; keeps arithmetic exact enough. */
export const MAX_QUANTITY_VALUE = 1_000_000_000;

export const UNITS_OF_MEASURE: readonly UnitOfMeasure[] = ['each', 'oz', 'fl_oz', 'lb', 'gal', 'ml', 'l', 'g', 'kg'];

export type Check = string | null;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/** Ids: 1..100 chars, no whitespace, no control chars, no '|' (the signing payload separator). */
const ID_PATTERN = /^[^\s|\u0000-\u001f\u007f]+$/;

export function checkId(value: unknown, path: string): Check {
  if (typeof value !== 'string') return `${path} must be a string`;
  if (value.length === 0 || value.length > MAX_ID_LENGTH) return `${path} must be 1..${MAX_ID_LENGTH} characters`;
  if (!ID_PATTERN.test(value)) return `${path} must not contain whitespace, control characters or '|'`;
  return null;
}

export const checkNullableId = (value: unknown, path: string): Check => (value === null ? null : checkId(value, path));

/**
 * NUL and unpaired UTF-16 surrogates: valid in a JS string, refused by PostgreSQL's jsonb. Let
 * through, they would fail the whole transaction on every retry and stick the device's queue.
 */
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isStorableText = (value: string): boolean => !UNSTORABLE_TEXT.test(value);

export function checkText(value: unknown, path: string, opts: { required?: boolean } = {}): Check {
  if (value === undefined && !opts.required) return null;
  if (typeof value !== 'string') return `${path} must be a string`;
  if (opts.required && value.trim().length === 0) return `${path} must not be empty`;
  if (value.length > MAX_TEXT_LENGTH) return `${path} must be at most ${MAX_TEXT_LENGTH} characters`;
  if (!isStorableText(value)) return `${path} must not contain NUL characters or unpaired surrogates`;
  return null;
}

export const checkOptionalId = (value: unknown, path: string): Check =>
  value === undefined ? null : checkId(value, path);

/** ISO-8601 UTC as Date.prototype.toISOString writes it (fraction optional, 'Z' required). */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const digits = (text: string, start: number, length: number): number => Number(text.slice(start, start + length));

/**
 * The range checks a Date round trip would make (it refuses 2026-02-30 and hour 25, which
 * Date.parse would roll over), without building Dates: this runs four times per synced event.
 * Years below 100 stay refused, as Date.UTC would map them to 19xx.
 */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_UTC.test(value)) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= monthDays && digits(value, 11, 2) <= 23 && digits(value, 14, 2) <= 59 && digits(value, 17, 2) <= 59;
}

export const checkTimestamp = (value: unknown, path: string): Check =>
  isIsoTimestamp(value) ? null : `${path} must be an ISO-8601 UTC timestamp like 2026-01-10T08:00:00.000Z`;

export function checkKnownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): Check {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  return unknown.length === 0 ? null : `${path} has unknown field(s): ${unknown.slice(0, 5).join(', ')}`;
}

export const firstProblem = (checks: readonly Check[]): Check => checks.find((check) => check !== null) ?? null;

/** Standard base64 (not url-safe) of exactly `bytes` bytes. */
export function checkBase64(value: unknown, path: string, bytes: number): Check {
  const length = 4 * Math.ceil(bytes / 3);
  if (typeof value !== 'string' || value.length !== length || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    return `${path} must be base64 of ${bytes} bytes (${length} characters)`;
  }
  return null;
}
