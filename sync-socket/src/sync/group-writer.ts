/**
 * The gateway's single writer (group commit). Device batches that are verified and waiting when
 * the writer is free are drained together and committed in ONE store transaction; each device's
 * promise settles only after that commit. While a group is being written, the next batches are
 * verified (on the worker threads) and queue up here, so verification overlaps the write.
 *
 * Why: appends serialise on the chain-head lock; one transaction per device batch made concurrent
 * devices queue behind each other, each paying its own lock, queries and commit (fsync).
 *
 * Rules kept: a device appears at most once per group (its next batch waits for the next group,
 * though the per-device queue already sends one at a time); groups are taken in arrival order;
 * a group holds at most `maxGroupEvents` events (always at least one batch).
 */
import type { SubmitBatchInput, SubmitBatchResult, GroupOutcome } from '@pco/store';

export const DEFAULT_MAX_GROUP_EVENTS = 5_000;

export type SubmitGroup = (inputs: SubmitBatchInput[]) => Promise<GroupOutcome[]>;

interface Waiting {
  input: SubmitBatchInput;
  resolve(result: SubmitBatchResult): void;
  reject(error: unknown): void;
}

export interface GroupStats {
  groups: number;
  batches: number;
  largestGroupBatches: number;
}

export class GroupWriter {
  private waiting: Waiting[] = [];
  private draining = false;
  readonly stats: GroupStats = { groups: 0, batches: 0, largestGroupBatches: 0 };

  constructor(
    private readonly submitGroup: SubmitGroup,
    private readonly maxGroupEvents = DEFAULT_MAX_GROUP_EVENTS,
  ) {}

  submit(input: SubmitBatchInput): Promise<SubmitBatchResult> {
    return new Promise<SubmitBatchResult>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      // Next turn of the event loop: batches arriving in the same turn join the first group.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) await this.writeGroup(this.takeGroup());
    } finally {
      this.draining = false;
    }
  }

  private async writeGroup(group: Waiting[]): Promise<void> {
    this.stats.groups += 1;
    this.stats.batches += group.length;
    this.stats.largestGroupBatches = Math.max(this.stats.largestGroupBatches, group.length);
    let outcomes: GroupOutcome[];
    try {
      outcomes = await this.submitGroup(group.map((w) => w.input));
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    group.forEach((w, i) => {
      const outcome = outcomes[i];
      if (!outcome) w.reject(new Error('store answered a different number of batches'));
      else if (outcome.ok) w.resolve(outcome.result);
      else w.reject(outcome.error);
    });
  }

  /** The oldest waiting batches, one per device, within the event bound. */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const left: Waiting[] = [];
    const devices = new Set<string>();
    let events = 0;
    for (const w of this.waiting) {
      const fits = group.length === 0 || events + w.input.events.length <= this.maxGroupEvents;
      // A device seen once (taken or left waiting) is skipped after that: its batches keep their order.
      if (fits && !devices.has(w.input.deviceId)) {
        group.push(w);
        events += w.input.events.length;
      } else {
        left.push(w);
      }
      devices.add(w.input.deviceId);
    }
    this.waiting = left;
    return group;
  }
}
