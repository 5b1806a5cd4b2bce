/** Token bucket per key (device): `ratePerSecond` refill, at most `burst` tokens (messages, or events of uploads). */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes `cost` tokens (one by default); false, taking none, when the key has fewer left. */
  take(key: string, nowMs: number, cost = 1): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, atMs: nowMs };
    const elapsedMs = Math.max(0, nowMs - bucket.atMs);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    bucket.atMs = nowMs;
    if (!this.buckets.has(key)) this.makeRoom(nowMs);
    this.buckets.set(key, bucket);
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  /** A full bucket carries no information: drop those first when the map is at its bound. */
  private makeRoom(nowMs: number): void {
    if (this.buckets.size < this.maxKeys) return;
    const fullAfterMs = (this.burst / this.ratePerSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (nowMs - bucket.atMs >= fullAfterMs) this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
