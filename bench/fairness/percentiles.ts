/** p50/p95 of round-trip samples (nearest rank), rounded to 0.1 ms. */
export interface Percentiles {
  samples: number;
  p50: number;
  p95: number;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { samples: sorted.length, p50: round1(at(50)), p95: round1(at(95)) };
}
