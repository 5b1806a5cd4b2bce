/**
 * Demo seed: runs only when the persons table is empty (idempotent), in ONE transaction so a
 * failed seed leaves nothing behind. Opening stock enters through the normal server-event path:
 * ProductReceived into the warehouse, then ProductTransferred to the vehicles, both by the admin.
 */
import type { InventoryEvent } from '@pco/domain';
import { registerDevice } from '../src/devices';
import type { StoreOrm } from '../src/orm';
import { insertLocation, insertPerson, insertProduct } from '../src/reference-data';
import { appendServerEventIn } from '../src/server-events';
import { type Em, queryOne, run } from '../src/sql';
import { DEMO, DEMO_DEVICES, DEMO_LOCATIONS, DEMO_OPENING_STOCK, DEMO_PERSONS, DEMO_PRODUCTS } from './demo-data';
import { DEMO_DEVICE_KEYS } from './demo-device-keys';

/** Deterministic event ids: the same seed always writes the same events. */
const seedEventId = (n: number): string => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function openingStockEvents(now: Date): InventoryEvent[] {
  const occurredAt = now.toISOString();
  const base = { performedBy: DEMO.persons.admin, occurredAt };
  const events: InventoryEvent[] = [];
  for (const stock of DEMO_OPENING_STOCK) {
    const quantity = (value: number) => ({ value, unit: stock.unit });
    events.push({
      ...base,
      eventId: seedEventId(events.length + 1),
      eventType: 'ProductReceived',
      product: stock.product,
      quantity: quantity(stock.warehouse),
      fromLocation: null,
      toLocation: DEMO.locations.warehouse,
      data: { supplier: 'Opening balance', reference: 'demo-seed' },
    });
    for (const [vehicle, amount] of Object.entries(stock.vehicles)) {
      events.push({
        ...base,
        eventId: seedEventId(events.length + 1),
        eventType: 'ProductTransferred',
        product: stock.product,
        quantity: quantity(amount as number),
        fromLocation: DEMO.locations.warehouse,
        toLocation: DEMO.locations[vehicle as keyof typeof stock.vehicles],
        data: {},
      });
    }
  }
  return events;
}

async function seedIn(em: Em, now: Date): Promise<boolean> {
  // Serialises concurrent seeds: the second one waits, then finds persons non-empty.
  await run(em, 'lock table persons in exclusive mode');
  if (await queryOne(em, 'select 1 from persons limit 1')) return false;
  for (const person of DEMO_PERSONS) await insertPerson(em, person);
  for (const product of DEMO_PRODUCTS) await insertProduct(em, product);
  for (const location of DEMO_LOCATIONS) await insertLocation(em, location);
  for (const d of DEMO_DEVICES) {
    await registerDevice(em, {
      deviceId: d.id,
      userId: d.userId,
      name: d.name,
      publicKey: DEMO_DEVICE_KEYS[d.key].publicKey,
      now,
    });
  }
  for (const event of openingStockEvents(now)) {
    const appended = await appendServerEventIn(em, event, now);
    if (!appended.ok)
      throw new Error(`demo seed event ${event.eventId} refused: ${appended.error.code} ${appended.error.message}`);
  }
  return true;
}

export async function seedDemoData(orm: StoreOrm, now: Date): Promise<{ seeded: boolean }> {
  const seeded = await orm.em.fork().transactional((tem) => seedIn(tem as Em, now));
  return { seeded };
}
