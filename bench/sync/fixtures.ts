/**
 * Benchmark fixtures on top of the demo seed: one technician, one vehicle and one registered
 * device (own key pair) per simulated phone, with stock entered through the store's server-event
 * path (ProductReceived into the warehouse, then ProductTransferred to each vehicle, by the admin).
 */
import {
  appendServerEvent,
  insertLocation,
  insertPerson,
  readChainHead,
  registerDevice,
  type Em,
  type StoreOrm,
} from '@pco/store';
import { DEMO, seedDemoData } from '@pco/store/demo';
import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@pco/domain';
import { generateDeviceKeys, type DeviceKeys } from '@pco/sync-socket/test-support';

export interface BenchDevice {
  deviceId: string;
  personId: string;
  vehicleId: string;
  keys: DeviceKeys;
}

/** Gloves are counted in `each`: one unit per issued event. */
export const BENCH_PRODUCT = { id: DEMO.products.gloves, unit: 'each' as const };

const idsOf = (group: string, n: number) => ({
  personId: `bench-tech-${group}-${n}`,
  vehicleId: `bench-vehicle-${group}-${n}`,
  deviceId: `bench-device-${group}-${n}`,
});

async function insertDevices(orm: StoreOrm, group: string, count: number, now: Date): Promise<BenchDevice[]> {
  const devices = Array.from({ length: count }, (_, i) => ({ ...idsOf(group, i + 1), keys: generateDeviceKeys() }));
  await orm.em.fork().transactional(async (tem) => {
    const em = tem as Em;
    for (const d of devices) {
      await insertPerson(em, {
        id: d.personId,
        name: `Bench tech ${group}${d.personId}`,
        email: `${d.personId}@bench.example`,
        role: 'technician',
      });
      await insertLocation(em, {
        id: d.vehicleId,
        name: `Bench truck ${d.vehicleId}`,
        kind: 'vehicle',
        status: 'active',
        assignedPersonIds: [d.personId],
      });
      await registerDevice(em, {
        deviceId: d.deviceId,
        userId: d.personId,
        name: `Bench phone ${d.deviceId}`,
        publicKey: d.keys.publicKey,
        now,
      });
    }
  });
  return devices;
}

async function appendOrThrow(orm: StoreOrm, event: InventoryEvent, now: Date): Promise<void> {
  const appended = await appendServerEvent(orm, event, now);
  if (!appended.ok) throw new Error(`bench stock event refused: ${appended.error.code} ${appended.error.message}`);
}

async function stockVehicles(orm: StoreOrm, devices: BenchDevice[], perVehicle: number, now: Date): Promise<void> {
  const base = { performedBy: DEMO.persons.admin, occurredAt: now.toISOString(), product: BENCH_PRODUCT.id };
  const quantity = (value: number) => ({ value, unit: BENCH_PRODUCT.unit });
  await appendOrThrow(
    orm,
    {
      ...base,
      eventId: randomUUID(),
      eventType: 'ProductReceived',
      quantity: quantity(perVehicle * devices.length),
      fromLocation: null,
      toLocation: DEMO.locations.warehouse,
      data: { supplier: 'Benchmark supplier' },
    },
    now,
  );
  for (const d of devices) {
    await appendOrThrow(
      orm,
      {
        ...base,
        eventId: randomUUID(),
        eventType: 'ProductTransferred',
        quantity: quantity(perVehicle),
        fromLocation: DEMO.locations.warehouse,
        toLocation: d.vehicleId,
        data: {},
      },
      now,
    );
  }
}

export interface BenchFixtures {
  groups: Record<string, BenchDevice[]>;
  /** Chain head after seeding: every backlog event names it as the device's last known server state. */
  knownStateHash: string;
}

/** groups: name → device count. */
export async function seedBenchFixtures(
  orm: StoreOrm,
  groups: Record<string, number>,
  stockPerVehicle: number,
): Promise<BenchFixtures> {
  const now = new Date();
  await seedDemoData(orm, now);
  const out: Record<string, BenchDevice[]> = {};
  for (const [group, count] of Object.entries(groups)) out[group] = await insertDevices(orm, group, count, now);
  await stockVehicles(orm, Object.values(out).flat(), stockPerVehicle, now);
  const head = await readChainHead(orm.em.fork() as Em);
  return { groups: out, knownStateHash: head.hash };
}
