/**
 * How many messages of one kind a device has being handled, across all its sockets (a reconnect
 * does not open a second lane). A device over its allowance is refused at once with RATE_LIMITED
 * rather than queued: the field client sends one request at a time, so only a misbehaving or
 * flooding device ever waits here, and its backlog must not hold memory or database time.
 */
import { GatewayError } from '../errors';

export class InFlightLimit {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly what: string,
    private readonly perDevice: number,
  ) {}

  async run<T>(deviceId: string, task: () => Promise<T>): Promise<T> {
    const current = this.counts.get(deviceId) ?? 0;
    if (current >= this.perDevice) {
      throw new GatewayError(
        'RATE_LIMITED',
        `At most ${this.perDevice} ${this.what} of a device at a time; retry when the last one is answered`,
      );
    }
    this.counts.set(deviceId, current + 1);
    try {
      return await task();
    } finally {
      const left = (this.counts.get(deviceId) ?? 1) - 1;
      if (left === 0) this.counts.delete(deviceId);
      else this.counts.set(deviceId, left);
    }
  }

  get devices(): number {
    return this.counts.size;
  }
}
