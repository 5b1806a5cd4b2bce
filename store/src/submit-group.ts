/**
 * Group commit: several devices' batches in ONE transaction (one chain-head lock, one commit,
 * one fsync), answered only after that commit. If the combined transaction fails, nothing of it
 * is stored and every batch is retried in its own transaction, so one device whose batch makes
 * the database fail cannot fail the other devices' events.
 */
import type { StoreOrm } from './orm';
import type { Em } from './sql';
import { runGroup, submitBatch, type SubmitBatchInput, type SubmitBatchResult } from './submit-batch';

export type GroupOutcome = { ok: true; result: SubmitBatchResult } | { ok: false; error: unknown };

export interface SubmitGroupOptions {
  /** Told when the combined transaction failed and the group fell back to one transaction per device. */
  onFallback?: (error: unknown, deviceIds: string[]) => void;
}

/** One outcome per input, same order. Each device appears at most once. */
export async function submitGroup(
  orm: StoreOrm,
  inputs: readonly SubmitBatchInput[],
  options: SubmitGroupOptions = {},
): Promise<GroupOutcome[]> {
  if (inputs.length === 0) return [];
  try {
    const results = await orm.em.fork().transactional((em) => runGroup(em as Em, inputs));
    return results.map((result) => ({ ok: true, result }));
  } catch (error) {
    if (inputs.length === 1) return [{ ok: false, error }];
    options.onFallback?.(
      error,
      inputs.map((i) => i.deviceId),
    );
    const outcomes: GroupOutcome[] = [];
    // In arrival order, one after another: the same order the combined transaction used.
    for (const input of inputs) {
      try {
        outcomes.push({ ok: true, result: await submitBatch(orm, input) });
      } catch (perDeviceError) {
        outcomes.push({ ok: false, error: perDeviceError });
      }
    }
    return outcomes;
  }
}
