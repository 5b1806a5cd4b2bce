/**
 * Runs database work of many devices with a bound on how much runs at once, taking waiting work
 * by device, least recently served first: a device with many requests queued gets one turn per
 * round, like every other device, instead of occupying every database connection (one device's
 * pull loop raised other devices' upload round trip from about 12 ms to about 870 ms before this).
 */
type Job = () => void;

export class FairScheduler {
  private readonly waiting = new Map<string, Job[]>();
  /** Turn number of each device's last start, kept while it has work waiting or running. */
  private readonly lastServed = new Map<string, number>();
  private readonly runningBy = new Map<string, number>();
  private running = 0;
  private turn = 0;

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error('FairScheduler needs a concurrency of at least 1');
  }

  run<T>(deviceId: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = () =>
        void task()
          .then(resolve, reject)
          .finally(() => this.finished(deviceId));
      const queue = this.waiting.get(deviceId);
      if (queue) queue.push(job);
      else this.waiting.set(deviceId, [job]);
      this.startNext();
    });
  }

  get queued(): number {
    let n = 0;
    for (const jobs of this.waiting.values()) n += jobs.length;
    return n;
  }

  private startNext(): void {
    while (this.running < this.concurrency && this.waiting.size > 0) {
      const deviceId = this.leastRecentlyServed();
      const jobs = this.waiting.get(deviceId) as Job[];
      const job = jobs.shift() as Job;
      if (jobs.length === 0) this.waiting.delete(deviceId);
      this.running += 1;
      this.runningBy.set(deviceId, (this.runningBy.get(deviceId) ?? 0) + 1);
      this.lastServed.set(deviceId, ++this.turn);
      job();
    }
  }

  /** Among devices with work waiting; one never served (or idle since) counts as served at turn 0. */
  private leastRecentlyServed(): string {
    let best = '';
    let bestTurn = Infinity;
    for (const deviceId of this.waiting.keys()) {
      const turn = this.lastServed.get(deviceId) ?? 0;
      if (turn < bestTurn) [best, bestTurn] = [deviceId, turn];
    }
    return best;
  }

  private finished(deviceId: string): void {
    this.running -= 1;
    const left = (this.runningBy.get(deviceId) ?? 1) - 1;
    if (left > 0) this.runningBy.set(deviceId, left);
    else this.runningBy.delete(deviceId);
    // Forget a device with nothing left, so the maps only hold devices with work.
    if (left <= 0 && !this.waiting.has(deviceId)) this.lastServed.delete(deviceId);
    this.startNext();
  }
}
