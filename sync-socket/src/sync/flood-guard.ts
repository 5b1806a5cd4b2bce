/**
 * A device that keeps sending after it was told RATE_LIMITED is cut off for a while. Refusing is
 * cheap, but Socket.IO has already parsed each refused message, and a flood of large uploads
 * (thousands of ~70 kB batches a second) spends the event loop every other device waits on:
 * bench:fairness measured the other devices' p50 at 3–5× quiet under an upload flood that was only
 * refused. Cut off, its socket is closed and, during the cool-down, its handshakes are refused
 * with RATE_LIMITED before any database work or signature check (auth/device-auth.ts), so the
 * reconnect loop a misbehaving client may turn into costs almost nothing. A well-behaved client
 * backs off after a refusal and never gets near the threshold.
 */
export interface FloodGuardOptions {
  /** Refusals of one device within `windowMs` that cut it off. */
  refusalsToCutOff: number;
  windowMs: number;
  coolDownMs: number;
  maxDevices?: number;
}

export class FloodGuard {
  private readonly refusals = new Map<string, { count: number; since: number }>();
  private readonly cutOffUntil = new Map<string, number>();

  constructor(private readonly options: FloodGuardOptions) {}

  /** Counts one refusal; true when this one crosses the threshold (the caller cuts the device off). */
  refused(deviceId: string, nowMs: number): boolean {
    const seen = this.refusals.get(deviceId);
    const current = seen && nowMs - seen.since < this.options.windowMs ? seen : { count: 0, since: nowMs };
    current.count += 1;
    if (!seen) this.bound(this.refusals);
    this.refusals.set(deviceId, current);
    if (current.count < this.options.refusalsToCutOff) return false;
    this.refusals.delete(deviceId);
    this.bound(this.cutOffUntil);
    this.cutOffUntil.set(deviceId, nowMs + this.options.coolDownMs);
    return true;
  }

  /** Milliseconds left of the device's cool-down; 0 when it may connect. */
  coolingDownFor(deviceId: string, nowMs: number): number {
    const until = this.cutOffUntil.get(deviceId);
    if (until === undefined) return 0;
    if (until <= nowMs) {
      this.cutOffUntil.delete(deviceId);
      return 0;
    }
    return until - nowMs;
  }

  /** Memory stays bounded whatever the number of device ids seen: the oldest entry goes first. */
  private bound(map: Map<string, unknown>): void {
    if (map.size >= (this.options.maxDevices ?? 100_000)) map.delete(map.keys().next().value as string);
  }
}
