/**
 * Remembers handshake nonces for as long as a timestamp carrying them could still be accepted
 * (twice the clock skew), so a captured handshake cannot be replayed. Bounded: when full of
 * unexpired nonces it refuses new ones rather than forgetting one that could be replayed.
 */
export type NonceOutcome = 'fresh' | 'reused' | 'full';

export class NonceCache {
  /** key → expiry (ms). Insertion order ≈ expiry order because the window is constant. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number, private readonly max: number) {}

  /** Records the nonce if new. */
  remember(deviceId: string, nonce: string, nowMs: number): NonceOutcome {
    this.evictExpired(nowMs);
    const key = `${deviceId}|${nonce}`;
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > nowMs) return 'reused';
    if (this.seen.size >= this.max) return 'full';
    this.seen.set(key, nowMs + this.windowMs);
    return 'fresh';
  }

  get size(): number {
    return this.seen.size;
  }

  private evictExpired(nowMs: number): void {
    for (const [key, expiry] of this.seen) {
      if (expiry > nowMs) break;
      this.seen.delete(key);
    }
  }
}
