/**
 * Spec "Server Validation" of sequence numbers, extended for lost acknowledgements.
 *
 * A device retries an event when it never saw the answer. If the server already recorded that
 * (device, sequence) with IDENTICAL content, the retry gets the original answer back
 * ('replay-identical'): a lost ack must never turn a good event into a failure. Different content
 * under a used number is a duplicate or a replay attack: DUPLICATE_OR_REPLAY.
 */
import { canonicalJson, canonicalMembers, memberPrefix } from './canonical-json';
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
    if (existing && existing.contentHash === input.incomingContentHash)
      return ok({ kind: 'replay-identical', result: existing.result });
    return err(
      'DUPLICATE_OR_REPLAY',
      `Expected sequence > ${lastAcceptedSeq}, got ${incomingSeq} with different content`,
    );
  }
  if (incomingSeq !== lastAcceptedSeq + 1) {
    return err('SEQUENCE_GAP', `Expected sequence ${lastAcceptedSeq + 1}, got ${incomingSeq}`);
  }
  return ok({ kind: 'next' });
}

/** Fields that may differ between two sends of the same event and must not change its identity. */
const TRANSIENT_OFFLINE_FIELDS: ReadonlySet<string> = new Set(['syncStatus', 'syncedAt']);
const SIGNATURE_FIELDS: ReadonlySet<string> = new Set(['signature', 'signedFields', 'devicePublicKey']);

/**
 * Stable JSON of what the event says, for replay comparison: keys sorted; without
 * offlineContext.syncStatus / syncedAt (the device updates them while retrying) and without the
 * signature envelope (verified separately; Ed25519 is deterministic anyway).
 * Built in one pass without copying the event (runs for every synced event); the result is the
 * canonicalJson of the event with those fields removed.
 */
export function canonicalEventContent(event: InventoryEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    if (SIGNATURE_FIELDS.has(key)) continue;
    const member = record[key];
    if (member === undefined) continue;
    const json =
      key === 'offlineContext' && member
        ? canonicalMembers(member as Record<string, unknown>, TRANSIENT_OFFLINE_FIELDS)
        : canonicalJson(member);
    out += `${first ? '' : ','}${memberPrefix(key)}${json}`;
    first = false;
  }
  return `${out}}`;
}
