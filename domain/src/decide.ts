/**
 * decide(command, state, ctx): the one place a command becomes an event. Pure: time and ids come in
 * through ctx. Order of checks: shape (INVALID_QUANTITY, VALIDATION_ERROR) → request exists and is
 * pending → references (UNKNOWN_*, UNIT_MISMATCH, LOCATION_INACTIVE) → authorisation
 * (NOT_ALLOWED_OFFLINE, FORBIDDEN) → stock (INSUFFICIENT_INVENTORY).
 */
import { authorise } from './authorise';
import type { Command } from './commands';
import { buildEvent, requestIdOfCommand } from './command-events';
import { onHandOf } from './projection';
import type { OnHand } from './projection';
import { type Lookup, lookup } from './reference';
import { checkReferences } from './references-check';
import type { RequestView } from './requests';
import {
  type EventId,
  type InventoryEvent,
  type Location,
  type OfflineContext,
  type Person,
  type Product,
  type Result,
  type Timestamp,
  err,
  ok,
} from './types';
import { validateEventShape } from './validation';

export interface DecideState {
  onHand: OnHand;
  products: Lookup<Product>;
  locations: Lookup<Location>;
  persons: Lookup<Person>;
  requests: Lookup<RequestView>;
}

export interface DecideContext {
  eventId: EventId;
  now: Timestamp;
  /** Present when decided on a device: the event gets offlineContext with syncStatus 'pending'. */
  offline?: Omit<OfflineContext, 'syncStatus' | 'syncedAt'>;
}

function checkRequest(command: Command, requests: Lookup<RequestView>): Result<RequestView | undefined> {
  const requestId = requestIdOfCommand(command);
  if (requestId === undefined) return ok(undefined);
  const request = lookup(requests, requestId);
  if (!request) return err('UNKNOWN_REQUEST', `unknown request ${requestId}`);
  if (request.status !== 'pending')
    return err('REQUEST_NOT_PENDING', `request ${requestId} is already ${request.status}`);
  return ok(request);
}

function checkStock(event: InventoryEvent, onHand: OnHand): Result<void> {
  if ((event.eventType !== 'ProductIssued' && event.eventType !== 'ProductTransferred') || event.fromLocation === null)
    return ok(undefined);
  const available = onHandOf(onHand, event.fromLocation, event.product);
  if (available >= event.quantity.value) return ok(undefined);
  return err(
    'INSUFFICIENT_INVENTORY',
    `only ${available} ${event.quantity.unit} of ${event.product} on hand at ${event.fromLocation}, asked for ${event.quantity.value}`,
  );
}

export function decide(command: Command, state: DecideState, ctx: DecideContext): Result<InventoryEvent> {
  const request = checkRequest(command, state.requests);
  if (!request.ok) return request;
  const shaped = validateEventShape(buildEvent(command, request.value, ctx));
  if (!shaped.ok) return shaped;
  const event = shaped.value;
  const references = checkReferences(event, state);
  if (!references.ok) return references;
  const actor = lookup(state.persons, command.performedBy) as Person;
  const allowed = authorise(actor, event, state.locations, {
    offline: ctx.offline !== undefined,
    requestedBy: request.value?.requestedBy,
  });
  if (!allowed.ok) return allowed;
  const stock = checkStock(event, state.onHand);
  return stock.ok ? ok(event) : stock;
}
