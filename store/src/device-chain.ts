/**
 * Each device's own hash chain (signature version 2), checked in sequence order inside the write
 * transaction, against the head kept on the device row (devices.chain_head_hash).
 *
 * An event links to the hash of the signed bytes of the device's previous sequenced event (the
 * one that consumed the number before it: accepted, conflicted or rule-rejected — each is part of
 * what the device did). A CHAIN START (sha256 of chainStartInput(deviceId, seq)) is accepted only
 * where the server cannot expect a link:
 * - the device has no head yet (its first version-2 event: a new device, or one whose earlier
 *   events were signed under the old rule);
 * - the previous number did not end in the log as an accepted event (acknowledged lost after a
 *   storage loss, rule-rejected, or held in a conflict): a device that lost its storage can
 *   restore its head only from its own events the pull shows, and those are the accepted ones.
 * Once a device has a head, a version-1 event from it is refused: no downgrade to the weaker rule.
 */
import { chainStartInput, previousEventHashOf, signingPayloadOf, type InventoryEvent } from '@pco/domain';
import type { PriorSubmission } from './batch-context';
import { sha256Hex } from './hashing';
import { type Em, queryOne } from './sql';

/** sha256 hex of the bytes a version-2 event is signed over; null for version 1 (not chained). */
export const signedHashOf = (event: InventoryEvent): string | null =>
  event.signatureVersion === 2 ? sha256Hex(signingPayloadOf(event)) : null;

export const chainStartHash = (deviceId: string, sequenceNumber: number): string => sha256Hex(chainStartInput(deviceId, sequenceNumber));

/**
 * True when (device, seq) consumed its number without an accepted event in the log. `prior` holds
 * this batch's own answers (written at the end of the transaction, so not yet in the table).
 */
async function endedOutsideLog(em: Em, deviceId: string, sequenceNumber: number, prior: ReadonlyMap<number, PriorSubmission>): Promise<boolean> {
  const inBatch = prior.get(sequenceNumber);
  if (inBatch) return inBatch.answer.status !== 'accepted';
  const row = await queryOne<{ outcome: string }>(
    em, 'select outcome from device_submissions where device_id = $1 and sequence_number = $2', [deviceId, sequenceNumber],
  );
  return row !== null && row !== undefined && row.outcome !== 'accepted';
}

/**
 * Why `event` (in sequence, signature verified) does not continue the device's chain, or null.
 * `head` is the chain head before it.
 */
export async function chainLinkProblem(
  em: Em, deviceId: string, head: string | null, event: InventoryEvent, seq: number, prior: ReadonlyMap<number, PriorSubmission>,
): Promise<string | null> {
  if (event.signatureVersion !== 2) {
    return head === null ? null : 'this device signs with signatureVersion 2; an event under the old rule is refused';
  }
  const link = previousEventHashOf(event);
  if (head !== null && link === head) return null;
  if (link === chainStartHash(deviceId, seq)) {
    if (head === null || (await endedOutsideLog(em, deviceId, seq - 1, prior))) return null;
    return `event ${seq} starts a new chain, but the server holds the device's event ${seq - 1}: it must link to it`;
  }
  return `offlineContext.previousEventHash is not the hash of the device's event ${seq - 1}`;
}
