/**
 * The campaign's phones: one technician, one truck (stocked through the store's server-event
 * path) and one REAL field-client engine per simulated device (localforage over fake-indexeddb,
 * WebCrypto Ed25519 keys, registered over HTTP with a manager's enrolment code, syncing over
 * Socket.IO through the load balancer), each behind its own cuttable TCP link and its own clock.
 */
import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@pco/domain';
import { FieldClient } from '@pco/field-client';
import {
  appendServerEvent,
  insertLocation,
  insertPerson,
  issueEnrolmentCode,
  type Em,
  type StoreOrm,
} from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { NetworkLink } from './network-link';

export const CHAOS_PRODUCT = { id: DEMO.products.gloves, unit: 'each' as const };
/** More than a device can issue one unit at a time in a campaign: only the deliberate over-issue conflicts. */
export const STOCK_PER_TRUCK = 100_000;

/** The device's clock: real time plus an offset the harness can jump. */
export class DeviceClock {
  offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
}

export interface ChaosDevice {
  index: number;
  personId: string;
  truckId: string;
  deviceId: string;
  client: FieldClient;
  link: NetworkLink;
  clock: DeviceClock;
  /** Every event this device recorded (its eventId), in order. */
  created: string[];
}

const idsOf = (run: string, i: number) => ({ personId: `chaos-${run}-tech-${i}`, truckId: `chaos-${run}-truck-${i}` });

export async function seedFleet(orm: StoreOrm, run: string, count: number): Promise<void> {
  const now = new Date();
  await orm.em.fork().transactional(async (tem) => {
    const em = tem as Em;
    for (let i = 1; i <= count; i++) {
      const { personId, truckId } = idsOf(run, i);
      await insertPerson(em, {
        id: personId,
        name: `Chaos tech ${i}`,
        email: `${personId}@chaos.example`,
        role: 'technician',
      });
      await insertLocation(em, {
        id: truckId,
        name: `Chaos truck ${i}`,
        kind: 'vehicle',
        status: 'active',
        assignedPersonIds: [personId],
      });
    }
  });
  const base = { performedBy: DEMO.persons.admin, occurredAt: now.toISOString(), product: CHAOS_PRODUCT.id };
  const quantity = (value: number) => ({ value, unit: CHAOS_PRODUCT.unit });
  const append = async (event: InventoryEvent) => {
    const appended = await appendServerEvent(orm, event, now);
    if (!appended.ok) throw new Error(`stock event refused: ${appended.error.code} ${appended.error.message}`);
  };
  await append({
    ...base,
    eventId: randomUUID(),
    eventType: 'ProductReceived',
    quantity: quantity(STOCK_PER_TRUCK * count),
    fromLocation: null,
    toLocation: DEMO.locations.warehouse,
    data: { supplier: 'Chaos supplier' },
  });
  for (let i = 1; i <= count; i++) {
    await append({
      ...base,
      eventId: randomUUID(),
      eventType: 'ProductTransferred',
      quantity: quantity(STOCK_PER_TRUCK),
      fromLocation: DEMO.locations.warehouse,
      toLocation: idsOf(run, i).truckId,
      data: {},
    });
  }
}

/** Registers device `i` through the load balancer and runs its first sync (reference data, stock). */
export async function enrolDevice(
  orm: StoreOrm,
  run: string,
  i: number,
  loadBalancer: string | (() => string),
): Promise<ChaosDevice> {
  const { personId, truckId } = idsOf(run, i);
  const link = await NetworkLink.to(loadBalancer);
  const clock = new DeviceClock();
  const client = await FieldClient.create({
    baseUrl: link.url,
    userId: personId,
    name: `Chaos phone ${i}`,
    storageName: `chaos-${run}-${i}`,
    now: clock.now,
    // Real waits, capped: a fault should cost seconds, not the exponential tail.
    retry: { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2_000))), random: Math.random },
  });
  const issued = await issueEnrolmentCode(orm, { personId, issuedBy: DEMO.persons.manager, now: new Date() });
  if (!issued.ok) throw new Error(`enrolment code refused: ${issued.error.code}`);
  const { deviceId } = await client.register(issued.value.code);
  await client.sync();
  return { index: i, personId, truckId, deviceId, client, link, clock, created: [] };
}

/** The office moves `units` from a truck back to the warehouse (a server-side event, as the console records them). */
export async function takeFromTruck(orm: StoreOrm, truckId: string, units: number): Promise<void> {
  const now = new Date();
  const appended = await appendServerEvent(
    orm,
    {
      eventId: randomUUID(),
      eventType: 'ProductTransferred',
      performedBy: DEMO.persons.admin,
      occurredAt: now.toISOString(),
      product: CHAOS_PRODUCT.id,
      quantity: { value: units, unit: CHAOS_PRODUCT.unit },
      fromLocation: truckId,
      toLocation: DEMO.locations.warehouse,
      data: {},
    },
    now,
  );
  if (!appended.ok) throw new Error(`office transfer refused: ${appended.error.code} ${appended.error.message}`);
}
