import type { InventoryEvent, SignedEvent } from '@pco/domain';
import { createLocalforageStorage } from '../src/storage/localforage-storage';
import type { PendingEvent, PendingStatus } from '../src/queue/pending-event';
import { generateDeviceKeys, type DeviceKeys } from '../src/security/device-keys';
import { signEvent } from '../src/security/signing';

let counter = 0;
/** A fresh localforage db (IndexedDB via fake-indexeddb) per call. */
export const freshStorage = (label = 'test') => createLocalforageStorage(`pco-${label}-${Date.now()}-${(counter += 1)}`);

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

export async function pendingOf(seq: number, status: PendingStatus = 'queued', extra: Partial<PendingEvent> = {}, event?: InventoryEvent): Promise<PendingEvent> {
  const signed: SignedEvent = await signEvent(event ?? issueEvent(seq), await testKeys());
  return { localId: signed.eventId, event: signed, status, attempts: 0, queuedAt: '2026-11-26T08:00:00.000Z', ...extra };
}
