/**
 * A report period from the form's `from` and `to` dates (YYYY-MM-DD, both inclusive, UTC days);
 * read as [from 00:00, day after `to` 00:00). Missing dates default to the last 30 days up to
 * today. Pure: `today` is passed in.
 */
import type { FieldErrors } from './forms';

export interface PeriodChoice {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_PERIOD_DAYS = 366;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

function parseDay(text: string): Date | null {
  if (!DATE.test(text)) return null;
  const d = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || isoDay(d) !== text ? null : d;
}

export function readPeriod(
  params: URLSearchParams,
  today: Date,
): { period: PeriodChoice; errors: FieldErrors<'from' | 'to'> } {
  const defaultTo = isoDay(today);
  const defaultFrom = isoDay(new Date(today.getTime() - 29 * DAY_MS));
  const fromText = (params.get('from') ?? '').trim() || defaultFrom;
  const toText = (params.get('to') ?? '').trim() || defaultTo;
  const errors: FieldErrors<'from' | 'to'> = {};
  const from = parseDay(fromText);
  const to = parseDay(toText);
  if (!from) errors.from = 'Enter the first day as a date (YYYY-MM-DD).';
  if (!to) errors.to = 'Enter the last day as a date (YYYY-MM-DD).';
  if (from && to && to < from) errors.to = 'The last day must be on or after the first day.';
  if (from && to && to >= from && (to.getTime() - from.getTime()) / DAY_MS >= MAX_PERIOD_DAYS)
    errors.to = `At most ${MAX_PERIOD_DAYS} days at once.`;
  if (Object.keys(errors).length > 0 || !from || !to) {
    const f = parseDay(defaultFrom)!;
    const t = parseDay(defaultTo)!;
    return { errors, period: { from: defaultFrom, to: defaultTo, start: f, end: new Date(t.getTime() + DAY_MS) } };
  }
  return { errors, period: { from: fromText, to: toText, start: from, end: new Date(to.getTime() + DAY_MS) } };
}

/**
 * "As of" moment for the inventory page: a datetime-local value (read as UTC) or empty for now.
 * A moment in the future is refused (the log cannot say what will be on hand).
 */
export function readMoment(text: string, now: Date): { at?: Date; error?: string } {
  const value = text.trim();
  if (value === '') return {};
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value))
    return { error: 'Enter a date and time (YYYY-MM-DDTHH:MM, UTC).' };
  const at = new Date(`${value}${value.length === 16 ? ':00' : ''}.000Z`);
  if (Number.isNaN(at.getTime())) return { error: 'Enter a real date and time.' };
  if (at.getTime() > now.getTime()) return { error: 'Choose a moment in the past: the log cannot tell the future.' };
  return { at };
}
