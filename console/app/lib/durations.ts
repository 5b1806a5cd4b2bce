/** Temporal Duration values ("24h", "7 days", 5000) → milliseconds, for showing escalation deadlines. Pure. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationToMs(value: string | number | undefined | null, fallback: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const text = String(value ?? fallback)
    .trim()
    .toLowerCase();
  const match = /^(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)?$/.exec(
    text,
  );
  if (!match) return durationToMs(fallback, '0');
  const unit = match[2] ?? 'ms';
  const key = unit.startsWith('ms') || unit.startsWith('milli') ? 'ms' : unit[0];
  return Math.round(Number(match[1]) * UNIT_MS[key]);
}
