/**
 * Who may record which event. Technicians act on their own locations only; managers and admins
 * act anywhere. Online-only actions are refused for events made on a device (offline).
 */
import { checkOfflineCapability } from './capabilities';
import { type Lookup, isOwnLocation, isSupervisor, lookup } from './reference';
import { type InventoryEvent, type Location, type Person, type PersonId, type Result, err, ok } from './types';

/** Came through a device queue. The server cannot prove such an event was made online. */
export const isOfflineEvent = (event: InventoryEvent): boolean => event.offlineContext !== undefined;

export interface AuthoriseOptions {
  /** For RequestCancelled: who created the request (a technician may cancel only their own). */
  requestedBy?: PersonId;
  /** Overrides isOfflineEvent(event), e.g. the field client deciding while it knows it is offline. */
  offline?: boolean;
}

const forbidden = (message: string): Result<never> => err('FORBIDDEN', message);

function technicianMay(
  person: Person,
  event: InventoryEvent,
  locations: Lookup<Location>,
  opts: AuthoriseOptions,
): Result<void> {
  const own = (id: string | null): boolean => id !== null && isOwnLocation(person, lookup(locations, id));
  switch (event.eventType) {
    case 'ProductIssued':
      return own(event.fromLocation) ? ok(undefined) : forbidden('a technician issues only from their own locations');
    case 'ProductReturned':
    case 'InventoryCounted':
    case 'RequestCreated':
      return own(event.toLocation)
        ? ok(undefined)
        : forbidden(`a technician records ${event.eventType} only at their own locations`);
    case 'ProductTransferred':
      return own(event.fromLocation) && own(event.toLocation)
        ? ok(undefined)
        : forbidden('a technician transfers only between two of their own locations');
    case 'RequestCancelled':
      return opts.requestedBy === undefined || opts.requestedBy === person.id
        ? ok(undefined)
        : forbidden('a technician cancels only their own requests');
    case 'ProductReceived':
    case 'InventoryAdjusted':
    case 'RequestApproved':
    case 'RequestDenied':
    case 'ConflictCompensated':
    case 'ConflictResolutionApplied':
    case 'DisputeOpened':
      return forbidden(`${event.eventType} needs a manager or admin`);
    default: {
      const unhandled: never = event;
      return forbidden(`unknown event type ${(unhandled as InventoryEvent).eventType}`);
    }
  }
}

/**
 * Ok when `person` (the authenticated user) may record `event`. The event must be performed by
 * that same person: nobody records in someone else's name.
 */
export function authorise(
  person: Person,
  event: InventoryEvent,
  locations: Lookup<Location>,
  opts: AuthoriseOptions = {},
): Result<void> {
  if (event.performedBy !== person.id) return forbidden('performedBy must be the authenticated user');
  const capability = checkOfflineCapability(event.eventType, opts.offline ?? isOfflineEvent(event));
  if (!capability.ok) return capability;
  return isSupervisor(person) ? ok(undefined) : technicianMay(person, event, locations, opts);
}
