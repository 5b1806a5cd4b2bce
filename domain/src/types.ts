/**
 * The shared vocabulary of PCO Inventory. Pure types: no I/O, no clock, no Node built-ins,
 * so this module runs in the browser, in Node and inside the Temporal workflow sandbox.
 *
 * Identifiers are plain strings (UUIDs or stable seed ids); timestamps are ISO-8601 UTC strings
 * because they cross JSON boundaries (socket, PostgreSQL jsonb, Temporal payloads) unchanged.
 */

export type ProductId = string;
export type LocationId = string;
export type PersonId = string;
export type DeviceId = string;
/** Client-generated UUID of an event (the spec's PendingEvent.localId travels as eventId). */
export type EventId = string;
export type RequestId = string;
export type ConflictId = string;
/** ISO-8601 UTC, e.g. "2026-11-26T08:00:00.000Z". */
export type Timestamp = string;

/** Units of measure. A quantity's unit must equal its product's unit: no silent conversion. */
export type UnitOfMeasure = 'each' | 'oz' | 'fl_oz' | 'lb' | 'gal' | 'ml' | 'l' | 'g' | 'kg';

export interface Quantity {
  value: number;
  unit: UnitOfMeasure;
}

// ─── Reference data ──────────────────────────────────────────────────────────

export interface Product {
  id: ProductId;
  name: string;
  unit: UnitOfMeasure;
  /** EPA registration number for pesticides; null for unregulated products. */
  epaRegistrationNumber: string | null;
  regulated: boolean;
  /** Value of one unit in cents, so "high-value" is computable (see HIGH_VALUE_UNIT_CENTS). */
  unitValueCents: number;
  active: boolean;
}

export type LocationKind = 'warehouse' | 'vehicle' | 'customer_site';
export type LocationStatus = 'active' | 'inactive';

export interface Location {
  id: LocationId;
  name: string;
  kind: LocationKind;
  status: LocationStatus;
  /** People assigned to it: for a technician these are their "own locations". */
  assignedPersonIds: PersonId[];
}

export type Role = 'technician' | 'manager' | 'admin';

export interface Person {
  id: PersonId;
  name: string;
  email: string;
  role: Role;
}

export type DeviceStatus = 'active' | 'suspended' | 'revoked';

export interface Device {
  id: DeviceId;
  userId: PersonId;
  name: string;
  registeredAt: Timestamp;
  lastSyncAt: Timestamp | null;
  status: DeviceStatus;
  /** Ed25519 public key, base64 of the raw 32 bytes. */
  publicKey: string;
  revokedAt?: Timestamp;
  revokedReason?: string;
}

// ─── Events ──────────────────────────────────────────────────────────────────

export type OfflineSyncStatus = 'pending' | 'synced' | 'conflicted' | 'failed';

/** Provenance of an event created on a device (spec: "Offline Context"). */
export interface OfflineContext {
  deviceId: DeviceId;
  /** Monotonic, gap-free, per device, starting at 1. */
  sequenceNumber: number;
  /** Device clock at creation. */
  deviceTimestamp: Timestamp;
  /** User-provided "when did this happen". */
  claimedOccurredAt: Timestamp;
  /** Hash-chain head of the server log the device last saw ("" when it never synced). */
  lastKnownServerStateHash: string;
  localInventorySnapshotHash: string;
  syncedAt?: Timestamp;
  syncStatus: OfflineSyncStatus;
}

/**
 * Fields every inventory event carries. Location semantics per event type:
 * - ProductIssued:        fromLocation loses stock (used at a job); toLocation is the job's
 *                         customer site or null. Customer sites hold no tracked stock.
 * - ProductReturned:      toLocation gains stock; fromLocation is the customer site or null.
 * - ProductTransferred:   fromLocation loses, toLocation gains.
 * - InventoryCounted:     toLocation is the counted location; quantity is the counted amount,
 *                         which becomes the on-hand; the variance is recorded.
 * - ProductReceived:      toLocation (a warehouse) gains; fromLocation null.
 * - InventoryAdjusted:    fromLocation loses (decrease) or toLocation gains (increase); exactly one set.
 * - Request*:             toLocation is where the stock is wanted; fromLocation the source if known.
 */
export interface EventBase<TType extends string, TData> {
  eventId: EventId;
  eventType: TType;
  product: ProductId;
  quantity: Quantity;
  fromLocation: LocationId | null;
  toLocation: LocationId | null;
  performedBy: PersonId;
  /** When it happened. For offline events this equals offlineContext.claimedOccurredAt. */
  occurredAt: Timestamp;
  offlineContext?: OfflineContext;
  data: TData;
}

export type ProductIssued = EventBase<'ProductIssued', { jobReference?: string }>;
export type ProductReturned = EventBase<'ProductReturned', { reason?: string }>;
/** requestId (optional, added by the domain): the transfer fulfils that approved request. */
export type ProductTransferred = EventBase<'ProductTransferred', { requestId?: RequestId }>;
export type InventoryCounted = EventBase<'InventoryCounted', { note?: string }>;
export type ProductReceived = EventBase<'ProductReceived', { supplier: string; reference?: string }>;
export type InventoryAdjusted = EventBase<'InventoryAdjusted', { reason: string; conflictId?: ConflictId }>;
export type RequestCreated = EventBase<'RequestCreated', { requestId: RequestId; note?: string }>;
export type RequestApproved = EventBase<'RequestApproved', { requestId: RequestId }>;
export type RequestDenied = EventBase<'RequestDenied', { requestId: RequestId; reason?: string }>;
export type RequestCancelled = EventBase<'RequestCancelled', { requestId: RequestId; reason?: string }>;
/** Appended by conflict resolution to undo (part of) an accepted event's effect. */
export type ConflictCompensated = EventBase<
  'ConflictCompensated',
  { conflictId: ConflictId; compensatesEventId: EventId; reason: string }
>;
/** Appended by conflict resolution when a conflicted event is applied (whole, retried or merged). */
export type ConflictResolutionApplied = EventBase<
  'ConflictResolutionApplied',
  { conflictId: ConflictId; originalEventId: EventId; resolution: string }
>;
export type DisputeOpened = EventBase<
  'DisputeOpened',
  { disputeId: string; reason: string; conflictId?: ConflictId; deviceId?: DeviceId }
>;

export type InventoryEvent =
  | ProductIssued
  | ProductReturned
  | ProductTransferred
  | InventoryCounted
  | ProductReceived
  | InventoryAdjusted
  | RequestCreated
  | RequestApproved
  | RequestDenied
  | RequestCancelled
  | ConflictCompensated
  | ConflictResolutionApplied
  | DisputeOpened;

export type EventType = InventoryEvent['eventType'];

/** Spec: "Event Tampering Prevention". */
export type SignedEvent = InventoryEvent & {
  /** Ed25519 signature, base64, over canonicalSigningPayload(event). */
  signature: string;
  signedFields: readonly string[];
  /** Base64 raw 32-byte Ed25519 public key. */
  devicePublicKey: string;
};

/** An event as the server recorded it. */
export interface RecordedEvent {
  event: InventoryEvent;
  /** Server id (bigint as decimal string) = global position in the log. */
  serverId: string;
  position: number;
  recordedAt: Timestamp;
  /** Hash-chain value after this event: sha256(previousHash + canonical event JSON). */
  hash: string;
}

// ─── Conflicts and errors ────────────────────────────────────────────────────

export type ConflictType = 'INSUFFICIENT_INVENTORY' | 'REQUEST_STATE_RACE' | 'LOCATION_INACTIVE';

export interface ConflictDetails {
  type: ConflictType;
  requested?: Quantity;
  available?: Quantity;
  /** Server ids of events accepted since the device's last known state that caused the conflict. */
  conflictingEvents: string[];
  message: string;
}

/** Every error code that may leave the server or the domain. Whitelisted: nothing else goes out. */
export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_LOCATION'
  | 'UNKNOWN_PERSON'
  | 'UNKNOWN_REQUEST'
  | 'INVALID_QUANTITY'
  | 'UNIT_MISMATCH'
  | 'SEQUENCE_GAP'
  | 'DUPLICATE_OR_REPLAY'
  | 'INSUFFICIENT_INVENTORY'
  | 'LOCATION_INACTIVE'
  | 'REQUEST_ALREADY_MOVED'
  | 'REQUEST_NOT_PENDING'
  | 'NOT_ALLOWED_OFFLINE'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'INVALID_SIGNATURE'
  | 'UNKNOWN_DEVICE'
  | 'DEVICE_SUSPENDED'
  | 'DEVICE_REVOKED'
  | 'CONFLICT_PENDING'
  /** A sequence number a manager acknowledged as lost on the device (corrupted storage). */
  | 'SEQUENCE_LOST'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  /** Device registration without an enrolment code. */
  | 'ENROLMENT_CODE_REQUIRED'
  /** No enrolment code matches (mistyped, made up, or issued for someone else than the body names). */
  | 'ENROLMENT_CODE_INVALID'
  | 'ENROLMENT_CODE_EXPIRED'
  /** The code already registered a device: codes are single use. */
  | 'ENROLMENT_CODE_USED'
  | 'INTERNAL_ERROR';

export interface DomainError {
  code: ErrorCode;
  message: string;
}

export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Result<never, DomainError> => ({
  ok: false,
  error: { code, message },
});
