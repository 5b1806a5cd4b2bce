/** Test support: events signed with the demo device keys, exactly as a field client makes them. */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import {
  canonicalSigningPayload,
  CANONICAL_SIGNED_FIELDS,
  type InventoryEvent,
  type SignedEvent,
  type UnitOfMeasure,
} from '@pco/domain';
import { DEMO, DEMO_DEVICE_KEYS } from '../demo';

type DemoTech = keyof typeof DEMO_DEVICE_KEYS;
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function signWithDemoKey(tech: DemoTech, event: InventoryEvent): SignedEvent {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(DEMO_DEVICE_KEYS[tech].privateKey, 'base64')]),
    format: 'der',
    type: 'pkcs8',
  });
  const signature = sign(null, Buffer.from(canonicalSigningPayload(event), 'utf8'), key).toString('base64');
  return {
    ...event,
    signature,
    signedFields: [...CANONICAL_SIGNED_FIELDS],
    devicePublicKey: DEMO_DEVICE_KEYS[tech].publicKey,
  } as SignedEvent;
}

export interface IssueSpec {
  tech: DemoTech;
  seq: number;
  from: string;
  product: string;
  value: number;
  unit: UnitOfMeasure;
  claimedAt: string;
  lastKnownHash: string;
  eventId?: string;
  /** Applied before signing (so the signature still verifies). */
  overrides?: Record<string, unknown>;
}

/** A ProductIssued made offline on a demo technician's device. */
export function offlineIssue(spec: IssueSpec): SignedEvent {
  const event: InventoryEvent = {
    eventId: spec.eventId ?? randomUUID(),
    eventType: 'ProductIssued',
    product: spec.product,
    quantity: { value: spec.value, unit: spec.unit },
    fromLocation: spec.from,
    toLocation: DEMO.locations.customerSite,
    performedBy: DEMO.persons[spec.tech],
    occurredAt: spec.claimedAt,
    offlineContext: {
      deviceId: DEMO.devices[spec.tech],
      sequenceNumber: spec.seq,
      deviceTimestamp: spec.claimedAt,
      claimedOccurredAt: spec.claimedAt,
      lastKnownServerStateHash: spec.lastKnownHash,
      localInventorySnapshotHash: 'snapshot',
      syncStatus: 'pending',
    },
    data: { jobReference: `job-${spec.seq}` },
  };
  return signWithDemoKey(spec.tech, { ...event, ...spec.overrides } as InventoryEvent);
}

export const allValid = (events: readonly unknown[]): boolean[] => events.map(() => true);
