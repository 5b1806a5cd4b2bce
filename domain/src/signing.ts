/**
 * Spec "Event Tampering Prevention": what a device signs.
 *
 * The spec's field list is kept deliberately, in its order. Fields outside it (eventId, deviceId,
 * data, timestamps of the device) are not in the signature; they are bound instead by the
 * authenticated socket session (the device proved its key at handshake) and by the
 * (deviceId, sequenceNumber) key, which the server records once and never reuses. One addition:
 * the SHA-256 of attached photos (data.attachments) is appended, because the photo is evidence.
 */
import { attachmentSigningSuffix } from './attachments';
import type { InventoryEvent, Quantity } from './types';

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
  CANONICAL_SIGNED_FIELDS.map((field) => renderSignedValue(fieldValue(event, field))).join('|') + attachmentSigningSuffix(event.data);

/** UTF-8 bytes of a payload; TextEncoder is global in browsers, Node and the Temporal sandbox. */
export const utf8Bytes = (payload: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(payload);
