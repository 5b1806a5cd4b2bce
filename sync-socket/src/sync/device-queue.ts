/**
 * One batch at a time per device, in arrival order, across all of that device's sockets (a
 * reconnect does not start a second lane): sequence checks assume batches arrive in order.
 */
export class DeviceQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(deviceId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(deviceId) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(deviceId, tail);
    // Forget an idle device so the map only holds devices with work in flight.
    void tail.then(() => {
      if (this.tails.get(deviceId) === tail) this.tails.delete(deviceId);
    });
    return result;
  }

  get activeDevices(): number {
    return this.tails.size;
  }
}
