/**
 * Remembers answered handshake challenges until they expire, so a captured handshake cannot be
 * replayed while its challenge is still valid (after that the challenge itself is refused).
 * Bounded: when full of unexpired entries it refuses new ones rather than forgetting one that
 * could be replayed.
 */
export type NonceOutcome = 'fresh' | 'reused' | 'full';

export class NonceCache {
  /** key → expiry (ms). Insertion order ≈ expiry order because challenges share one lifetime. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Records the nonce until expiresAtMs if new. */
  remember(deviceId: string, nonce: string, nowMs: number, expiresAtMs: number): NonceOutcome {
    this.evictExpired(nowMs);
    const key = `${deviceId}|${nonce}`;
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > nowMs) return 'reused';
    if (this.seen.size >= this.max) return 'full';
    this.seen.set(key, expiresAtMs);
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
