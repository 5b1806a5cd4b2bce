/** Projection of requests: their status, who decided and when, and whether stock already moved. */
import type { InventoryEvent, LocationId, PersonId, ProductId, Quantity, RequestId, Timestamp } from './types';

export type RequestStatus = 'pending' | 'approved' | 'denied' | 'cancelled' | 'fulfilled';

export interface RequestView {
  id: RequestId;
  status: RequestStatus;
  product: ProductId;
  quantity: Quantity;
  fromLocation: LocationId | null;
  toLocation: LocationId | null;
  requestedBy: PersonId;
  createdAt: Timestamp;
  /** Claimed time of the decision now in force (approve / deny / cancel). */
  decidedAt?: Timestamp;
  decidedBy?: PersonId;
  /** A transfer referencing the request happened: it can no longer be cancelled. */
  moved: boolean;
}

export type Requests = ReadonlyMap<RequestId, RequestView>;

/** "When it happened" as the actor claims it: offline claim first, else occurredAt. */
export const claimedTime = (event: InventoryEvent): Timestamp =>
  event.offlineContext?.claimedOccurredAt ?? event.occurredAt;

const decided = (view: RequestView, status: RequestStatus, event: InventoryEvent): RequestView => ({
  ...view,
  status,
  decidedAt: claimedTime(event),
  decidedBy: event.performedBy,
});

function nextView(current: RequestView | undefined, event: InventoryEvent): RequestView | undefined {
  switch (event.eventType) {
    case 'RequestCreated':
      return {
        id: event.data.requestId,
        status: 'pending',
        product: event.product,
        quantity: event.quantity,
        fromLocation: event.fromLocation,
        toLocation: event.toLocation,
        requestedBy: event.performedBy,
        createdAt: claimedTime(event),
        moved: false,
      };
    case 'RequestApproved':
      return current && decided(current, 'approved', event);
    case 'RequestDenied':
      return current && decided(current, 'denied', event);
    case 'RequestCancelled':
      return current && decided(current, 'cancelled', event);
    case 'ProductTransferred':
      return current && { ...current, status: 'fulfilled', moved: true };
    default:
      return current;
  }
}

const requestIdOf = (event: InventoryEvent): RequestId | undefined =>
  'requestId' in event.data ? (event.data as { requestId?: RequestId }).requestId : undefined;

/** Applies whatever was appended: the gateway decided races before appending (resolveRequestRace). */
export function evolveRequests(state: Requests, event: InventoryEvent): Requests {
  const id = requestIdOf(event);
  if (id === undefined) return state;
  const next = nextView(state.get(id), event);
  if (next === undefined || next === state.get(id)) return state;
  return new Map(state).set(id, next);
}

export const foldRequests = (events: Iterable<InventoryEvent>): Requests => {
  let state: Requests = new Map();
  for (const event of events) state = evolveRequests(state, event);
  return state;
};
