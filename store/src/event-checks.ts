/**
 * The rejecting checks an in-sequence device event goes through, all domain rules:
 * shape → identity (device, performer) → references (incl. LOCATION_INACTIVE) → authorise
 * (incl. NOT_ALLOWED_OFFLINE) → request state. A failure here CONSUMES the sequence number.
 */
import {
  authorise,
  checkReferences,
  err,
  ok,
  resolveRequestRace,
  validateSignedEventShape,
  type InventoryEvent,
  type Person,
  type RaceOutcome,
  type RequestView,
  type Result,
  type SignedEvent,
} from '@pco/domain';
import type { BatchReferences } from './batch-context';
import { getRequest } from './requests';
import type { Em } from './sql';

export interface CheckedEvent {
  event: SignedEvent;
  /** Set when a request decision superseded another (REQUEST_STATE_RACE, recorded not held). */
  race?: Extract<RaceOutcome, { outcome: 'supersede' }>;
}

const requestIdOf = (event: InventoryEvent): string | undefined =>
  'requestId' in event.data ? (event.data as { requestId?: string }).requestId : undefined;

function checkRequestState(event: InventoryEvent, request: RequestView | null): Result<CheckedEvent['race']> {
  switch (event.eventType) {
    case 'RequestCreated':
      return request ? err('VALIDATION_ERROR', `request id ${request.id} is already used`) : ok(undefined);
    case 'RequestDenied':
      if (!request) return err('UNKNOWN_REQUEST', `unknown request ${event.data.requestId}`);
      return request.status === 'pending'
        ? ok(undefined)
        : err('REQUEST_NOT_PENDING', `the request is already ${request.status}`);
    case 'RequestApproved':
    case 'RequestCancelled': {
      if (!request) return err('UNKNOWN_REQUEST', `unknown request ${event.data.requestId}`);
      const race = resolveRequestRace(request, event);
      if (race.outcome === 'reject') return err(race.code, race.message);
      return ok(race.outcome === 'supersede' ? race : undefined);
    }
    default:
      return ok(undefined);
  }
}

/** `shapeValidated`: `raw` is already validateSignedEventShape's output, so the shape check is skipped. */
export async function checkDeviceEvent(
  em: Em,
  raw: unknown,
  device: { id: string; userId: string },
  refs: BatchReferences,
  shapeValidated = false,
): Promise<Result<CheckedEvent>> {
  const shaped = shapeValidated ? ok(raw as SignedEvent) : validateSignedEventShape(raw);
  if (!shaped.ok) return shaped;
  const event = shaped.value;
  if (event.offlineContext?.deviceId !== device.id)
    return err('FORBIDDEN', 'offlineContext.deviceId must be the sending device');
  if (event.performedBy !== device.userId) return err('FORBIDDEN', "performedBy must be the device's user");
  const references = checkReferences(event, refs);
  if (!references.ok) return references;
  const requestId = requestIdOf(event);
  const request = requestId === undefined ? null : await getRequest(em, requestId, { forUpdate: true });
  const person = refs.persons.get(device.userId) as Person;
  const allowed = authorise(person, event, refs.locations, { requestedBy: request?.requestedBy });
  if (!allowed.ok) return allowed;
  const race = checkRequestState(event, request);
  if (!race.ok) return race;
  return ok(race.value ? { event, race: race.value } : { event });
}
