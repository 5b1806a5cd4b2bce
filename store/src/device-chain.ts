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
 * - the previous number did not end in the log as an accepted event (rule-rejected or held in a
 *   conflict): a device that lost its storage can restore its head only from its own events the
 *   pull shows, and those are the accepted ones.
 * After a number acknowledged LOST (a manager's audited decision, lost-sequences.ts) any link is
 * accepted on the next event: the server never saw the lost event, so it has nothing to compare.
 * Once a device has a head, a version-1 event from it is refused: no downgrade to the weaker rule.
 */
import { chainStartInput, previousEventHashOf, signingPayloadOf, type InventoryEvent } from '@pco/domain';
import type { PriorSubmission } from './batch-context';
import { sha256Hex } from './hashing';
import { type Em, queryOne } from './sql';

/** sha256 hex of the bytes a version-2 event is signed over; null for version 1 (not chained). */
export const signedHashOf = (event: InventoryEvent): string | null =>
  event.signatureVersion === 2 ? sha256Hex(signingPayloadOf(event)) : null;

export const chainStartHash = (deviceId: string, sequenceNumber: number): string =>
  sha256Hex(chainStartInput(deviceId, sequenceNumber));

type PreviousFate = 'accepted' | 'outside-log' | 'lost' | 'unknown';

/**
 * What became of the device's event `sequenceNumber`: accepted into the log, consumed without an
 * accepted event (rejected by a rule, held in a conflict), acknowledged lost, or nothing recorded.
 * `prior` holds this batch's own answers (written at the end of the transaction, not yet in the table).
 */
async function fateOf(
  em: Em,
  deviceId: string,
  sequenceNumber: number,
  prior: ReadonlyMap<number, PriorSubmission>,
): Promise<PreviousFate> {
  const inBatch = prior.get(sequenceNumber);
  const row = inBatch
    ? { content_hash: inBatch.contentHash, outcome: inBatch.answer.status }
    : await queryOne<{ content_hash: string; outcome: string }>(
        em,
        'select content_hash, outcome from device_submissions where device_id = $1 and sequence_number = $2',
        [deviceId, sequenceNumber],
      );
  if (!row) return 'unknown';
  if (row.content_hash === 'lost') return 'lost';
  return row.outcome === 'accepted' ? 'accepted' : 'outside-log';
}

/**
 * Why `event` (in sequence, signature verified) does not continue the device's chain, or null.
 * `head` is the chain head before it.
 */
export async function chainLinkProblem(
  em: Em,
  deviceId: string,
  head: string | null,
  event: InventoryEvent,
  seq: number,
  prior: ReadonlyMap<number, PriorSubmission>,
): Promise<string | null> {
  if (event.signatureVersion !== 2) {
    return head === null ? null : 'this device signs with signatureVersion 2; an event under the old rule is refused';
  }
  const link = previousEventHashOf(event);
  if (head !== null && link === head) return null;
  const isStart = link === chainStartHash(deviceId, seq);
  if (head === null && isStart) return null;
  const previous = await fateOf(em, deviceId, seq - 1, prior);
  // An acknowledged loss: the server never saw that event, so no link to it can be checked; the chain resumes here.
  if (previous === 'lost') return null;
  if (head === null)
    return `event ${seq} must start the device's chain: the server holds no earlier version-2 event of it`;
  if (isStart) {
    if (previous === 'outside-log') return null;
    return `event ${seq} starts a new chain, but the server holds the device's event ${seq - 1}: it must link to it`;
  }
  return `offlineContext.previousEventHash is not the hash of the device's event ${seq - 1}`;
}
