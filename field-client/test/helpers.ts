import type { InventoryEvent, Location, Person, Product, SignedEvent } from '@pco/domain';
import { FieldClient } from '../src/client/field-client';
import { createLocalforageStorage } from '../src/storage/localforage-storage';
import type { PendingEvent, PendingStatus } from '../src/queue/pending-event';
import { generateDeviceKeys, type DeviceKeys } from '../src/security/device-keys';
import { signEvent } from '../src/security/signing';
import { emptyServerState, saveServerState } from '../src/view/server-state';

let counter = 0;
/** A fresh localforage db (IndexedDB via fake-indexeddb) per call. */
export const freshStorage = (label = 'test') =>
  createLocalforageStorage(`pco-${label}-${Date.now()}-${(counter += 1)}`);

export const DEVICE = 'device-1';
export const at = (iso: string) => () => new Date(iso);

export function issueEvent(seq: number, overrides: Partial<InventoryEvent> = {}): InventoryEvent {
  return {
    eventId: `evt-${seq}`,
    eventType: 'ProductIssued',
    product: 'prod-a',
    quantity: { value: 2, unit: 'each' },
    fromLocation: 'van-1',
    toLocation: null,
    performedBy: 'tech-1',
    occurredAt: '2026-11-26T08:00:00.000Z',
    data: {},
    offlineContext: {
      deviceId: DEVICE,
      sequenceNumber: seq,
      deviceTimestamp: '2026-11-26T08:00:00.000Z',
      claimedOccurredAt: '2026-11-26T08:00:00.000Z',
      lastKnownServerStateHash: '',
      localInventorySnapshotHash: 'x',
      syncStatus: 'pending',
    },
    ...overrides,
  } as InventoryEvent;
}

let sharedKeys: Promise<DeviceKeys> | null = null;
export const testKeys = () => (sharedKeys ??= generateDeviceKeys());

export async function pendingOf(
  seq: number,
  status: PendingStatus = 'queued',
  extra: Partial<PendingEvent> = {},
  event?: InventoryEvent,
): Promise<PendingEvent> {
  const signed: SignedEvent = await signEvent(event ?? issueEvent(seq), await testKeys());
  return {
    localId: signed.eventId,
    event: signed,
    status,
    attempts: 0,
    queuedAt: '2026-11-26T08:00:00.000Z',
    ...extra,
  };
}

const product: Product = {
  id: 'prod-a',
  name: 'Bait',
  unit: 'each',
  epaRegistrationNumber: null,
  regulated: false,
  unitValueCents: 100,
  active: true,
};
const van: Location = { id: 'van-1', name: 'Van 1', kind: 'vehicle', status: 'active', assignedPersonIds: ['tech-1'] };
const tech: Person = { id: 'tech-1', name: 'Tess', email: 't@example.com', role: 'technician' };
/** Nothing listens on port 1: connectivity checks fail fast with a real refused connection. */
const UNREACHABLE = 'http://127.0.0.1:1';

/** A new device of tech-1 whose server is unreachable; it last heard that van-1 holds 10 prod-a. Retries do not wait. */
export async function unreachableClient(now = '2026-11-26T08:00:00.000Z'): Promise<FieldClient> {
  counter += 1;
  const c = await FieldClient.create({
    baseUrl: UNREACHABLE,
    userId: 'tech-1',
    name: 'phone',
    deviceId: `dev-${Date.now()}-${counter}`,
    now: () => new Date(now),
    retry: { sleep: async () => undefined, random: () => 0 },
  });
  await c.setReferenceData({ products: [product], locations: [van], persons: [tech] });
  await saveServerState(c.storage, { ...emptyServerState(), onHand: new Map([['van-1::prod-a', 10]]) });
  return c;
}
