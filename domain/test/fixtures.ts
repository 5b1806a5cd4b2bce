/** Shared Given data for the domain's unit tests. */
import type { DecideContext, DecideState } from '../src/decide';
import { emptyOnHand, foldEvents } from '../src/projection';
import type { InventoryEvent, Location, OfflineContext, Person, Product, RecordedEvent } from '../src/types';

export const bait: Product = {
  id: 'prod-bait',
  name: 'Bait station',
  unit: 'each',
  epaRegistrationNumber: null,
  regulated: false,
  unitValueCents: 1200,
  active: true,
};
export const termiticide: Product = {
  id: 'prod-termiticide',
  name: 'Termiticide',
  unit: 'fl_oz',
  epaRegistrationNumber: '432-1331',
  regulated: true,
  unitValueCents: 9000,
  active: true,
};
export const products = [bait, termiticide];

export const tech: Person = { id: 'p-tech', name: 'Tina Tech', email: 'tina@example.com', role: 'technician' };
export const tech2: Person = { id: 'p-tech2', name: 'Tom Tech', email: 'tom@example.com', role: 'technician' };
export const manager: Person = { id: 'p-manager', name: 'Mia Manager', email: 'mia@example.com', role: 'manager' };
export const admin: Person = { id: 'p-admin', name: 'Adam Admin', email: 'adam@example.com', role: 'admin' };
export const persons = [tech, tech2, manager, admin];

const location = (
  id: string,
  kind: Location['kind'],
  assigned: string[],
  status: Location['status'] = 'active',
): Location => ({ id, name: id, kind, status, assignedPersonIds: assigned });
export const warehouse = location('loc-warehouse', 'warehouse', [manager.id]);
export const vehicle = location('loc-van-1', 'vehicle', [tech.id, tech2.id]);
export const vehicle2 = location('loc-van-2', 'vehicle', [tech.id]);
export const otherVan = location('loc-van-9', 'vehicle', [tech2.id]);
export const closedVan = location('loc-van-old', 'vehicle', [tech.id], 'inactive');
export const site = location('loc-site-7', 'customer_site', [tech.id]);
export const locations = [warehouse, vehicle, vehicle2, otherVan, closedVan, site];

export const T0 = '2026-01-10T08:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

let counter = 0;
export const nextId = (prefix = 'evt'): string => `${prefix}-${++counter}`;

type EventFields<E extends InventoryEvent> = Omit<E, 'eventId' | 'performedBy' | 'occurredAt' | 'data'> & {
  eventId?: string;
  performedBy?: string;
  occurredAt?: string;
  data?: E['data'];
};

/** An event with sensible defaults for the fields a test does not care about. */
export function event<E extends InventoryEvent>(fields: EventFields<E>): E {
  return { eventId: nextId(), performedBy: tech.id, occurredAt: T0, data: {}, ...fields } as unknown as E;
}

export const each = (value: number) => ({ value, unit: 'each' as const });

export function offline(seq: number, overrides: Partial<OfflineContext> = {}): OfflineContext {
  return {
    deviceId: 'dev-1',
    sequenceNumber: seq,
    deviceTimestamp: T0,
    claimedOccurredAt: T0,
    lastKnownServerStateHash: 'h0',
    localInventorySnapshotHash: 's0',
    syncStatus: 'pending',
    ...overrides,
  };
}

export const stock = (loc: string, product: string, value: number): InventoryEvent =>
  event({
    eventType: 'ProductReceived',
    product,
    quantity: { value, unit: product === bait.id ? 'each' : 'fl_oz' },
    fromLocation: null,
    toLocation: loc,
    data: { supplier: 'Acme' },
  });

export function recorded(events: InventoryEvent[], startPosition = 1): RecordedEvent[] {
  return events.map((e, i) => ({
    event: e,
    serverId: String(startPosition + i),
    position: startPosition + i,
    recordedAt: T0,
    hash: `h${startPosition + i}`,
  }));
}

export function givenState(events: InventoryEvent[] = [], requests: DecideState['requests'] = new Map()): DecideState {
  return { onHand: foldEvents(events, emptyOnHand()), products, locations, persons, requests };
}

export const onlineCtx = (): DecideContext => ({ eventId: nextId(), now: T0 });
export const offlineCtx = (seq = 1): DecideContext => {
  const { syncStatus: _s, ...context } = offline(seq);
  return { eventId: nextId(), now: T0, offline: context };
};
