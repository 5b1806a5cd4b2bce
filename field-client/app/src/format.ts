/** Small display helpers shared by the screens. */
import type { Location, Product, Quantity } from '@pco/domain';

export function age(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export const unitLabel = (unit: string): string => unit.replace('_', ' ');
export const qty = (q: Quantity): string => `${q.value} ${unitLabel(q.unit)}`;

export const nameOf = (list: ReadonlyArray<Product | Location>, id: string | null | undefined): string =>
  (id && list.find((x) => x.id === id)?.name) || id || '—';

/** A datetime-local value (local time, minutes) for "now". */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
