/**
 * Spec "Server Validation" of sequence numbers, extended for lost acknowledgements.
 *
 * A device retries an event when it never saw the answer. If the server already recorded that
 * (device, sequence) with IDENTICAL content, the retry gets the original answer back
 * ('replay-identical'): a lost ack must never turn a good event into a failure. Different content
 * under a used number is a duplicate or a replay attack: DUPLICATE_OR_REPLAY.
 */
import { canonicalJson } from './canonical-json';
import { type InventoryEvent, type Result, err, ok } from './types';

export interface SequenceInput<T> {
  /** Highest sequence number accepted (or rejected: a rejected event still consumes its number); 0 if none. */
  lastAcceptedSeq: number;
  incomingSeq: number;
  /** What the server recorded under (device, incomingSeq), when it has it. */
  existing?: { contentHash: string; result: T };
  /** Hash of canonicalEventContent(incoming event). */
  incomingContentHash: string;
}

export type SequenceVerdict<T> = { kind: 'next' } | { kind: 'replay-identical'; result: T };

export function validateSequence<T>(input: SequenceInput<T>): Result<SequenceVerdict<T>> {
  const { lastAcceptedSeq, incomingSeq, existing } = input;
  if (!Number.isSafeInteger(incomingSeq) || incomingSeq < 1) {
    return err('VALIDATION_ERROR', `sequence number must be a positive integer, got ${incomingSeq}`);
  }
  if (incomingSeq <= lastAcceptedSeq) {
    if (existing && existing.contentHash === input.incomingContentHash) return ok({ kind: 'replay-identical', result: existing.result });
    return err('DUPLICATE_OR_REPLAY', `Expected sequence > ${lastAcceptedSeq}, got ${incomingSeq} with different content`);
  }
  if (incomingSeq !== lastAcceptedSeq + 1) {
    return err('SEQUENCE_GAP', `Expected sequence ${lastAcceptedSeq + 1}, got ${incomingSeq}`);
  }
  return ok({ kind: 'next' });
}

/** Fields that may differ between two sends of the same event and must not change its identity. */
const TRANSIENT_OFFLINE_FIELDS = ['syncStatus', 'syncedAt'] as const;
const SIGNATURE_FIELDS = ['signature', 'signedFields', 'devicePublicKey'] as const;

/**
 * Stable JSON of what the event says, for replay comparison: keys sorted; without
 * offlineContext.syncStatus / syncedAt (the device updates them while retrying) and without the
 * signature envelope (verified separately; Ed25519 is deterministic anyway).
 */
export function canonicalEventContent(event: InventoryEvent): string {
  const copy: Record<string, unknown> = { ...event };
  for (const field of SIGNATURE_FIELDS) delete copy[field];
  if (event.offlineContext) {
    const context: Record<string, unknown> = { ...event.offlineContext };
    for (const field of TRANSIENT_OFFLINE_FIELDS) delete context[field];
    copy.offlineContext = context;
  }
  return canonicalJson(copy);
}
