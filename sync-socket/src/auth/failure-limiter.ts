/**
 * Counts failures per key (client address, enrolment code) in a sliding window and blocks a key
 * once it has `maxFailures` within `windowMs`. Only failures count, so a technician who types
 * their code right the first time never meets it. In memory, per gateway: a deployment of N
 * gateways allows at most N × maxFailures guesses per window, against a 100-bit code space.
 */
export class FailureLimiter {
  /** key → failure times (ms), oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  blocked(key: string, nowMs: number): boolean {
    return this.recent(key, nowMs).length >= this.maxFailures;
  }

  fail(key: string, nowMs: number): void {
    const times = this.recent(key, nowMs);
    if (!this.failures.has(key) && this.failures.size >= this.maxKeys)
      this.failures.delete(this.failures.keys().next().value as string);
    times.push(nowMs);
    this.failures.set(key, times);
  }

  private recent(key: string, nowMs: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => nowMs - t < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}
