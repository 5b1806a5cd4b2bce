/**
 * Signature checks of one device batch, ONE Ed25519 verification per linked run instead of one per event.
 *
 * A version-2 event signs its whole content, including offlineContext.previousEventHash, the
 * sha256 of the previous event's signed bytes. So in a run of consecutive events each linking to
 * the one before it, a valid signature on the LAST event attests every event of the run: changing
 * any earlier event changes its hash, which breaks the next link. Links are cheap (a sha256 each);
 * the verify is what costs (~180 µs of CPU). Each event keeps its own signature in the log, and the
 * background check (workflows: verifyEventLog) verifies every one of them later.
 *
 * In array order, the first version-2 event that does not follow the one before it is the first
 * bad event: SEQUENCE_GAP when its number skips (a removed event: the same code the store gives
 * a gap), CHAIN_BROKEN when its number does not grow by one or its link is neither the previous
 * event's hash nor a chain start (reordered, inserted, replayed or relinked). It and everything
 * after it in the batch are refused here and never reach the store. The first
 * event's link to the device's stored head is checked by the store, under the device's row lock.
 * When a run's last signature fails, each event of the run is verified to name the first bad one.
 * Version-1 events (old rule, not chained) are verified one by one, as before.
 */
import {
  chainStartInput,
  previousEventHashOf,
  signingPayloadOf,
  type EventAnswer,
  type SignedEvent,
} from '@pco/domain';
import { hash } from 'node:crypto';
import type { SignatureCheck, SignatureVerifier } from '../crypto/signature-verifier';

const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

export interface BatchVerdicts {
  /** Per event (same order): the signature verdict that applies to it. */
  signatureValid: boolean[];
  /** Per event: sha256 of its signed bytes (version 2) or null. */
  signedHashes: Array<string | null>;
  /** The first event that does not follow the one before it in the batch, or null; events from it on are refused. */
  broken: BrokenLink | null;
  /** How many Ed25519 verifications were made. */
  verified: number;
}

const seqOf = (event: SignedEvent): number => event.offlineContext?.sequenceNumber ?? 0;

export interface BrokenLink {
  index: number;
  code: 'SEQUENCE_GAP' | 'CHAIN_BROKEN';
  reason: string;
}

/** The first version-2 event that does not follow the event before it, or null. */
function firstBrokenLink(
  events: readonly SignedEvent[],
  hashes: ReadonlyArray<string | null>,
  deviceId: string,
): BrokenLink | null {
  for (let i = 1; i < events.length; i++) {
    const event = events[i];
    if (event.signatureVersion !== 2) continue;
    const expected = seqOf(events[i - 1]) + 1;
    if (seqOf(event) > expected) {
      return {
        index: i,
        code: 'SEQUENCE_GAP',
        reason: `expected sequence ${expected} after the event before it in the batch, got ${seqOf(event)}`,
      };
    }
    const link = previousEventHashOf(event);
    if (seqOf(event) === expected && link === hashes[i - 1]) continue;
    // A chain start is judged by the store (it knows whether the previous number reached the log).
    if (seqOf(event) === expected && link === sha256Hex(chainStartInput(deviceId, seqOf(event)))) continue;
    const reason =
      seqOf(event) !== expected
        ? `sequence ${seqOf(event)} does not follow ${expected - 1}, the event before it in the batch`
        : 'offlineContext.previousEventHash is not the hash of the event before it in the batch';
    return { index: i, code: 'CHAIN_BROKEN', reason };
  }
  return null;
}

/** [start, end] index ranges: linked version-2 runs, and each version-1 event alone. */
function runsOf(
  events: readonly SignedEvent[],
  hashes: ReadonlyArray<string | null>,
  count: number,
): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const continues =
      i > 0 && hashes[i] !== null && hashes[i - 1] !== null && previousEventHashOf(events[i]) === hashes[i - 1];
    if (continues) runs[runs.length - 1][1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

export async function verifyBatch(
  events: readonly SignedEvent[],
  deviceId: string,
  publicKey: string,
  verifier: SignatureVerifier,
): Promise<BatchVerdicts> {
  const payloads = events.map(signingPayloadOf);
  const signedHashes = events.map((e, i) => (e.signatureVersion === 2 ? sha256Hex(payloads[i]) : null));
  const broken = firstBrokenLink(events, signedHashes, deviceId);
  const runs = runsOf(events, signedHashes, broken?.index ?? events.length);
  const check = (i: number): SignatureCheck => ({ publicKey, payload: payloads[i], signature: events[i].signature });
  const lastVerdicts = await verifier.verifyAll(runs.map(([, end]) => check(end)));
  let verified = runs.length;
  const signatureValid: boolean[] = new Array(events.length).fill(false);
  for (let r = 0; r < runs.length; r++) {
    const [start, end] = runs[r];
    if (lastVerdicts[r]) {
      for (let i = start; i <= end; i++) signatureValid[i] = true;
      continue;
    }
    if (start === end) continue;
    // The run's last signature failed: verify each to find the first bad one (rare: tampering or a bug).
    const each = await verifier.verifyAll(Array.from({ length: end - start + 1 }, (_, k) => check(start + k)));
    verified += each.length;
    each.forEach((valid, k) => (signatureValid[start + k] = valid));
  }
  // The event must also name the key the device registered.
  for (let i = 0; i < events.length; i++) if (events[i].devicePublicKey !== publicKey) signatureValid[i] = false;
  return { signatureValid, signedHashes, broken, verified };
}

type Rejected = Extract<EventAnswer, { status: 'rejected' }>;

/** Answers for the events from the first broken link on: that one names its fault, the rest name it. */
export function brokenChainAnswers(events: readonly SignedEvent[], broken: BrokenLink): Rejected[] {
  const first = events[broken.index];
  const firstName = `event ${first.eventId} (sequence ${seqOf(first)})`;
  return events.slice(broken.index).map((event, k) => ({
    status: 'rejected',
    eventId: event.eventId,
    sequenceNumber: seqOf(event),
    code: k === 0 ? broken.code : 'CHAIN_BROKEN',
    reason: k === 0 ? `${firstName}: ${broken.reason}` : `not processed: the batch's chain breaks at ${firstName}`,
  }));
}
