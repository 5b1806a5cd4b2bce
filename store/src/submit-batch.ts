/**
 * THE server-side acceptance path for device events. One transaction per batch: the device row
 * is locked FOR UPDATE, then the chain head (so conflict detection reads a stable on_hand), and
 * events are processed strictly in sequence order. Answers come back in input order.
 * If anything throws, the transaction rolls back and no answers exist: the client retries.
 *
 * Sequence numbers (ARCHITECTURE invariant 4): accepted, conflicted and rule-rejected events
 * consume their number (device_submissions row + last_accepted_seq); invalid signatures, gaps,
 * replays and unprocessed events do not, and store nothing.
 */
import type { EventAnswer, RecordedEvent, SignedEvent } from '@pco/domain';
import { eventIdOf, insertSubmissions, loadBatchReferences, loadPriorSubmissions, loadTakenEventIds, lockDevice, sequenceOf } from './batch-context';
import type { RecordedConflict } from './conflicts';
import { KnownState } from './known-state';
import { LogWriter } from './log-writer';
import { contentHashOfRaw } from './hashing';
import type { StoreOrm } from './orm';
import { processInSequence, type BatchRun } from './submit-event';
import { type Em, run } from './sql';

export interface SubmitBatchInput {
  deviceId: string;
  events: SignedEvent[];
  /** signatureValid[i] is the gateway's Ed25519 verdict for events[i]. */
  signatureValid: boolean[];
  now: Date;
}

export interface SubmitBatchResult {
  answers: EventAnswer[];
  accepted: RecordedEvent[];
  conflicts: RecordedConflict[];
}

const notLooked = (raw: unknown, code: 'UNKNOWN_DEVICE' | 'DEVICE_REVOKED' | 'DEVICE_SUSPENDED', reason: string): EventAnswer => ({
  status: 'rejected', eventId: eventIdOf(raw), sequenceNumber: sequenceOf(raw) || 0, code, reason,
});

/** (location, product) pairs the batch may touch, so on_hand is read in one query. */
function stockPairsOf(events: readonly unknown[]): Array<{ location: string; product: string }> {
  const pairs: Array<{ location: string; product: string }> = [];
  for (const raw of events) {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof e.product !== 'string') continue;
    for (const location of [e.fromLocation, e.toLocation]) if (typeof location === 'string') pairs.push({ location, product: e.product });
  }
  return pairs;
}

/** Indices of the batch in processing order: by sequence number, malformed ones last. */
function sequenceOrder(events: readonly unknown[]): number[] {
  const key = (i: number): number => (Number.isFinite(sequenceOf(events[i])) ? sequenceOf(events[i]) : Number.MAX_SAFE_INTEGER);
  return events.map((_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
}

async function runBatch(em: Em, input: SubmitBatchInput): Promise<SubmitBatchResult> {
  const device = await lockDevice(em, input.deviceId);
  if (!device || device.status !== 'active') {
    const [code, reason] = !device
      ? (['UNKNOWN_DEVICE', 'device is not registered'] as const)
      : device.status === 'revoked' ? (['DEVICE_REVOKED', 'device is revoked'] as const) : (['DEVICE_SUSPENDED', 'device is suspended'] as const);
    return { answers: input.events.map((raw) => notLooked(raw, code, reason)), accepted: [], conflicts: [] };
  }
  const writer = await LogWriter.open(em);
  const batch: BatchRun = {
    em, device, now: input.now, lastSeq: device.lastAcceptedSeq, heldBy: device.heldByConflictId,
    refs: await loadBatchReferences(em, input.events, device.userId),
    prior: await loadPriorSubmissions(em, device.id, input.events.map(sequenceOf)),
    accepted: [], conflicts: [], writer, known: new KnownState(em, writer),
    takenEventIds: await loadTakenEventIds(em, input.events), submissions: [],
  };
  await writer.preload(stockPairsOf(input.events));
  const answers: EventAnswer[] = new Array(input.events.length);
  for (const i of sequenceOrder(input.events)) {
    const raw = input.events[i];
    const contentHash = contentHashOfRaw(raw);
    answers[i] = await processInSequence(batch, raw, contentHash, input.signatureValid[i] === true);
  }
  await writer.flush();
  await insertSubmissions(em, device.id, batch.submissions, input.now);
  if (batch.lastSeq !== device.lastAcceptedSeq) {
    await run(em, 'update devices set last_accepted_seq = $2, last_sync_at = $3, held_by_conflict_id = $4 where id = $1', [
      device.id, batch.lastSeq, input.now, batch.heldBy,
    ]);
  }
  return { answers, accepted: batch.accepted, conflicts: batch.conflicts };
}

export async function submitBatch(orm: StoreOrm, input: SubmitBatchInput): Promise<SubmitBatchResult> {
  if (input.signatureValid.length !== input.events.length) throw new Error('signatureValid must have one entry per event');
  return orm.em.fork().transactional((em) => runBatch(em as Em, input));
}
