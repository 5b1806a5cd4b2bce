/** Per-event-type checks: the `data` payload and which locations must be set. */
import type { EventType } from './types';
import {
  Check,
  checkId,
  checkKnownKeys,
  checkOptionalId,
  checkText,
  firstProblem,
  isPlainObject,
} from './validation-kit';

const optionalText = (key: string) => (d: Record<string, unknown>) => checkText(d[key], `data.${key}`);
const requiredText = (key: string) => (d: Record<string, unknown>) =>
  checkText(d[key], `data.${key}`, { required: true });
const requiredId = (key: string) => (d: Record<string, unknown>) => checkId(d[key], `data.${key}`);
const optionalId = (key: string) => (d: Record<string, unknown>) => checkOptionalId(d[key], `data.${key}`);

interface DataSpec {
  keys: string[];
  rules: Array<(d: Record<string, unknown>) => Check>;
}

const DATA_SPECS: Record<EventType, DataSpec> = {
  ProductIssued: { keys: ['jobReference'], rules: [optionalText('jobReference')] },
  ProductReturned: { keys: ['reason'], rules: [optionalText('reason')] },
  ProductTransferred: { keys: ['requestId'], rules: [optionalId('requestId')] },
  InventoryCounted: { keys: ['note'], rules: [optionalText('note')] },
  ProductReceived: { keys: ['supplier', 'reference'], rules: [requiredText('supplier'), optionalText('reference')] },
  InventoryAdjusted: { keys: ['reason', 'conflictId'], rules: [requiredText('reason'), optionalId('conflictId')] },
  RequestCreated: { keys: ['requestId', 'note'], rules: [requiredId('requestId'), optionalText('note')] },
  RequestApproved: { keys: ['requestId'], rules: [requiredId('requestId')] },
  RequestDenied: { keys: ['requestId', 'reason'], rules: [requiredId('requestId'), optionalText('reason')] },
  RequestCancelled: { keys: ['requestId', 'reason'], rules: [requiredId('requestId'), optionalText('reason')] },
  ConflictCompensated: {
    keys: ['conflictId', 'compensatesEventId', 'reason'],
    rules: [requiredId('conflictId'), requiredId('compensatesEventId'), requiredText('reason')],
  },
  ConflictResolutionApplied: {
    keys: ['conflictId', 'originalEventId', 'resolution'],
    rules: [requiredId('conflictId'), requiredId('originalEventId'), requiredText('resolution')],
  },
  DisputeOpened: {
    keys: ['disputeId', 'reason', 'conflictId', 'deviceId'],
    rules: [requiredId('disputeId'), requiredText('reason'), optionalId('conflictId'), optionalId('deviceId')],
  },
};

export const KNOWN_EVENT_TYPES = Object.keys(DATA_SPECS) as EventType[];
export const isKnownEventType = (value: unknown): value is EventType =>
  typeof value === 'string' && (KNOWN_EVENT_TYPES as string[]).includes(value);

/** First problem of the data payload: unknown keys, then each rule in order (checks are pure). */
export function checkData(eventType: EventType, data: unknown): Check {
  if (!isPlainObject(data)) return 'data must be an object';
  const spec = DATA_SPECS[eventType];
  const keys = checkKnownKeys(data, spec.keys, 'data');
  if (keys !== null) return keys;
  for (const rule of spec.rules) {
    const problem = rule(data);
    if (problem !== null) return problem;
  }
  return null;
}

type Side = 'required' | 'null' | 'optional';
/** Which of fromLocation / toLocation each type needs (see the semantics comment in types.ts). */
const LOCATION_RULES: Record<EventType, { from: Side; to: Side }> = {
  ProductIssued: { from: 'required', to: 'optional' },
  ProductReturned: { from: 'optional', to: 'required' },
  ProductTransferred: { from: 'required', to: 'required' },
  InventoryCounted: { from: 'null', to: 'required' },
  ProductReceived: { from: 'null', to: 'required' },
  InventoryAdjusted: { from: 'optional', to: 'optional' },
  RequestCreated: { from: 'optional', to: 'required' },
  RequestApproved: { from: 'optional', to: 'optional' },
  RequestDenied: { from: 'optional', to: 'optional' },
  RequestCancelled: { from: 'optional', to: 'optional' },
  ConflictCompensated: { from: 'optional', to: 'optional' },
  ConflictResolutionApplied: { from: 'optional', to: 'optional' },
  DisputeOpened: { from: 'optional', to: 'optional' },
};

function checkSide(side: Side, value: string | null, path: string, eventType: EventType): Check {
  if (side === 'required' && value === null) return `${path} is required for ${eventType}`;
  if (side === 'null' && value !== null) return `${path} must be null for ${eventType}`;
  return null;
}

export function checkLocations(eventType: EventType, from: string | null, to: string | null): Check {
  const rule = LOCATION_RULES[eventType];
  const sides = firstProblem([
    checkSide(rule.from, from, 'fromLocation', eventType),
    checkSide(rule.to, to, 'toLocation', eventType),
  ]);
  if (sides) return sides;
  if (eventType === 'ProductTransferred' && from === to)
    return 'fromLocation and toLocation must differ for a transfer';
  if (eventType === 'InventoryAdjusted' && (from === null) === (to === null)) {
    return 'InventoryAdjusted needs exactly one of fromLocation (decrease) or toLocation (increase)';
  }
  return null;
}
