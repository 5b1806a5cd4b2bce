/**
 * Spec "Event Tampering Prevention": what a device signs. Two rules, picked by the event's own
 * `signatureVersion`, so every verifier (gateway, background check, verify-log, console) calls
 * signingPayloadOf and events recorded under the old rule keep verifying:
 *
 * - version 1 (no `signatureVersion`): the spec's field list, pipe-joined, in its order, then the
 *   SHA-256 of attached photos (`|att:<sha256>,…`, only when there are any). eventId, deviceId,
 *   the rest of data and the device's timestamps are NOT signed (they rest on the server's chain).
 * - version 2 (`signatureVersion: 2`): the canonical JSON of the whole event except the signature
 *   envelope and the two fields the device rewrites while retrying (offlineContext.syncStatus,
 *   syncedAt) — i.e. canonicalEventContent, the same bytes the server hashes for replay checks.
 *   Any field a later version adds (photo attachment hashes…) is signed without a change here.
 *   A v2 event also carries offlineContext.previousEventHash: the hex sha256 of the previous
 *   event's v2 payload from the same device, so one signature attests the events before it.
 *
 * Hashing needs crypto, which the domain does not import: the domain gives the bytes to hash
 * (signingPayloadOf, chainStartInput); the device (WebCrypto) and the server (node:crypto) hash them.
 */
import { attachmentSigningSuffix } from './attachments';
import { canonicalEventContent } from './sequence';
import type { InventoryEvent, Quantity, SignatureVersion } from './types';

/** The version new events are signed with. */
export const CURRENT_SIGNATURE_VERSION: SignatureVersion = 2;

/** signedFields of a version-2 event: everything but the envelope (see the header). */
export const SIGNED_FIELDS_V2 = ['*'] as const;

export const CANONICAL_SIGNED_FIELDS = [
  'eventType',
  'product',
  'quantity',
  'fromLocation',
  'toLocation',
  'performedBy',
  'occurredAt',
  'offlineContext.sequenceNumber',
] as const;

export type SignedFieldName = (typeof CANONICAL_SIGNED_FIELDS)[number];

const isQuantity = (value: unknown): value is Quantity =>
  typeof value === 'object' && value !== null && 'value' in value && 'unit' in value;

/**
 * Rendering of one field: null/undefined ⇒ '', quantity ⇒ `${value} ${unit}`, numbers via String(),
 * strings as they are. Validation forbids '|' in ids, so the joined payload is unambiguous.
 */
export function renderSignedValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isQuantity(value)) return `${String(value.value)} ${value.unit}`;
  if (typeof value === 'number') return String(value);
  return String(value);
}

function fieldValue(event: InventoryEvent, field: SignedFieldName): unknown {
  if (field === 'offlineContext.sequenceNumber') return event.offlineContext?.sequenceNumber;
  return event[field];
}

/**
 * The exact string a device signs: each canonical field's rendering, joined by '|', then the
 * attachment hashes when the event has any (`|att:<sha256>,…`; nothing otherwise, so every
 * signature made before attachments existed still verifies).
 */
export const canonicalSigningPayload = (event: InventoryEvent): string =>
  CANONICAL_SIGNED_FIELDS.map((field) => renderSignedValue(fieldValue(event, field))).join('|') +
  attachmentSigningSuffix(event.data);

/** UTF-8 bytes of a payload; TextEncoder is global in browsers, Node and the Temporal sandbox. */
export const utf8Bytes = (payload: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(payload);

/** The bytes (as a string) a device signs for this event, by the rule its signatureVersion names. */
export const signingPayloadOf = (event: InventoryEvent): string =>
  event.signatureVersion === 2 ? canonicalEventContent(event) : canonicalSigningPayload(event);

/** signedFields that go with an event's signature version. */
export const signedFieldsOf = (event: InventoryEvent): readonly string[] =>
  event.signatureVersion === 2 ? SIGNED_FIELDS_V2 : CANONICAL_SIGNED_FIELDS;

/**
 * What a device hashes (sha256, hex) for the previousEventHash of an event that STARTS a chain:
 * its first version-2 event, or the first one after acknowledged lost sequence numbers or a
 * storage-loss reset. Bound to the device and the sequence number of the event that carries it,
 * so a chain start cannot be moved to another place or another device. The server accepts a start
 * only where it cannot know the previous hash (see store/src/device-chain.ts).
 */
export const chainStartInput = (deviceId: string, sequenceNumber: number): string =>
  `pco-device-chain-start|${deviceId}|${sequenceNumber}`;

/** previousEventHash of an event, '' when it carries none (version 1). */
export const previousEventHashOf = (event: InventoryEvent): string => event.offlineContext?.previousEventHash ?? '';
