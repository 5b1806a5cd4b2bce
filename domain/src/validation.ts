/**
 * Schema checks for untrusted JSON (socket payloads, stored rows, queued client events).
 * Hand-written so the domain keeps zero dependencies. Unknown fields are refused, and the
 * returned value is a fresh object built from the checked fields only.
 */
import {
  type DomainError,
  type EventType,
  type InventoryEvent,
  type OfflineContext,
  type Quantity,
  type Result,
  err,
  ok,
} from './types';
import { checkUnitScale } from './quantity';
import { checkData, checkLocations, isKnownEventType } from './validation-data';
import {
  MAX_HASH_LENGTH,
  isStorableText,
  MAX_QUANTITY_VALUE,
  UNITS_OF_MEASURE,
  checkId,
  checkKnownKeys,
  checkNullableId,
  checkTimestamp,
  isPlainObject,
} from './validation-kit';

export const EVENT_FIELDS = [
  'eventId',
  'eventType',
  'product',
  'quantity',
  'fromLocation',
  'toLocation',
  'performedBy',
  'occurredAt',
  'offlineContext',
  'data',
] as const;

const OFFLINE_CONTEXT_FIELDS = [
  'deviceId',
  'sequenceNumber',
  'deviceTimestamp',
  'claimedOccurredAt',
  'lastKnownServerStateHash',
  'localInventorySnapshotHash',
  'syncedAt',
  'syncStatus',
];
const SYNC_STATUSES = ['pending', 'synced', 'conflicted', 'failed'];

const invalid = (message: string): Result<never, DomainError> => err('VALIDATION_ERROR', message);

/**
 * INVALID_QUANTITY for a number out of range; VALIDATION_ERROR for a bad shape, unit, or more
 * decimals than the unit allows (the rule lives in quantity.ts).
 */
export function validateQuantity(input: unknown, eventType: EventType): Result<Quantity> {
  if (!isPlainObject(input)) return invalid('quantity must be an object { value, unit }');
  const keys = checkKnownKeys(input, ['value', 'unit'], 'quantity');
  if (keys) return invalid(keys);
  const { value, unit } = input;
  if (typeof unit !== 'string' || !(UNITS_OF_MEASURE as readonly string[]).includes(unit)) {
    return invalid(`quantity.unit must be one of ${UNITS_OF_MEASURE.join(', ')}`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return err('INVALID_QUANTITY', 'quantity.value must be a finite number');
  // A count may find nothing left; every other event moves (or asks for) a positive amount.
  const zeroAllowed = eventType === 'InventoryCounted';
  if (value < 0 || (value === 0 && !zeroAllowed)) {
    return err(
      'INVALID_QUANTITY',
      `quantity.value must be ${zeroAllowed ? '>= 0' : '> 0'} for ${eventType}, got ${value}`,
    );
  }
  if (value > MAX_QUANTITY_VALUE)
    return err('INVALID_QUANTITY', `quantity.value must be at most ${MAX_QUANTITY_VALUE}`);
  const scale = checkUnitScale(value, unit as Quantity['unit']);
  if (scale) return invalid(scale);
  return ok({ value, unit: unit as Quantity['unit'] });
}

function checkHash(value: unknown, path: string, allowEmpty: boolean): string | null {
  if (typeof value !== 'string' || value.length > MAX_HASH_LENGTH)
    return `${path} must be a string of at most ${MAX_HASH_LENGTH} characters`;
  if (!allowEmpty && value.length === 0) return `${path} must not be empty`;
  if (!isStorableText(value)) return `${path} must not contain NUL characters or unpaired surrogates`;
  return null;
}

export function validateOfflineContext(input: unknown): Result<OfflineContext> {
  if (!isPlainObject(input)) return invalid('offlineContext must be an object');
  const c = input;
  const seq = c.sequenceNumber;
  // The first problem, in this order (`??` chains stop at the first; no array per event).
  const problem =
    checkKnownKeys(c, OFFLINE_CONTEXT_FIELDS, 'offlineContext') ??
    checkId(c.deviceId, 'offlineContext.deviceId') ??
    (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1
      ? null
      : 'offlineContext.sequenceNumber must be a positive integer') ??
    checkTimestamp(c.deviceTimestamp, 'offlineContext.deviceTimestamp') ??
    checkTimestamp(c.claimedOccurredAt, 'offlineContext.claimedOccurredAt') ??
    // "" means the device never synced.
    checkHash(c.lastKnownServerStateHash, 'offlineContext.lastKnownServerStateHash', true) ??
    checkHash(c.localInventorySnapshotHash, 'offlineContext.localInventorySnapshotHash', true) ??
    (c.syncedAt === undefined ? null : checkTimestamp(c.syncedAt, 'offlineContext.syncedAt')) ??
    (typeof c.syncStatus === 'string' && SYNC_STATUSES.includes(c.syncStatus)
      ? null
      : `offlineContext.syncStatus must be one of ${SYNC_STATUSES.join(', ')}`);
  if (problem) return invalid(problem);
  const context: OfflineContext = {
    deviceId: c.deviceId as string,
    sequenceNumber: seq as number,
    deviceTimestamp: c.deviceTimestamp as string,
    claimedOccurredAt: c.claimedOccurredAt as string,
    lastKnownServerStateHash: c.lastKnownServerStateHash as string,
    localInventorySnapshotHash: c.localInventorySnapshotHash as string,
    syncStatus: c.syncStatus as OfflineContext['syncStatus'],
  };
  if (c.syncedAt !== undefined) context.syncedAt = c.syncedAt as string;
  return ok(context);
}

/** Validates an untrusted value as an InventoryEvent. Codes: VALIDATION_ERROR, INVALID_QUANTITY. */
export function validateEventShape(input: unknown): Result<InventoryEvent> {
  if (!isPlainObject(input)) return invalid('event must be an object');
  return validateEventFields(input, EVENT_FIELDS);
}

/**
 * validateEventShape of a plain object whose keys may also include `allowedKeys` beyond the
 * event's (validateSignedEventShape passes the signature envelope's, instead of copying the
 * object without them). Those extra keys are neither checked nor copied.
 */
export function validateEventFields(
  e: Record<string, unknown>,
  allowedKeys: readonly string[],
): Result<InventoryEvent> {
  if (!isKnownEventType(e.eventType)) return invalid('eventType is missing or unknown');
  const eventType = e.eventType;
  const problem =
    checkKnownKeys(e, allowedKeys, 'event') ??
    checkId(e.eventId, 'eventId') ??
    checkId(e.product, 'product') ??
    checkNullableId(e.fromLocation, 'fromLocation') ??
    checkNullableId(e.toLocation, 'toLocation') ??
    checkId(e.performedBy, 'performedBy') ??
    checkTimestamp(e.occurredAt, 'occurredAt');
  if (problem) return invalid(problem);
  const from = e.fromLocation as string | null;
  const to = e.toLocation as string | null;
  const shapeProblem = checkLocations(eventType, from, to) ?? checkData(eventType, e.data);
  if (shapeProblem) return invalid(shapeProblem);
  const quantity = validateQuantity(e.quantity, eventType);
  if (!quantity.ok) return quantity;
  const event = {
    eventId: e.eventId as string,
    eventType,
    product: e.product as string,
    quantity: quantity.value,
    fromLocation: from,
    toLocation: to,
    performedBy: e.performedBy as string,
    occurredAt: e.occurredAt as string,
    data: { ...(e.data as Record<string, unknown>) },
  } as InventoryEvent;
  if (e.offlineContext !== undefined) {
    const context = validateOfflineContext(e.offlineContext);
    if (!context.ok) return context;
    if (context.value.claimedOccurredAt !== event.occurredAt) {
      return invalid('occurredAt must equal offlineContext.claimedOccurredAt for an event made on a device');
    }
    event.offlineContext = context.value;
  }
  return ok(event);
}
