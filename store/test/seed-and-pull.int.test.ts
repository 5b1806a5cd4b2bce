import { GENESIS_HASH, headHash, listDevices, onHandQuantity, pullEvents, query, type Em } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const { locations: L, products: P, devices: D } = DEMO;

const counts = (em: Em) =>
  query(
    em,
    `select (select count(*) from persons)::int as persons, (select count(*) from products)::int as products,
    (select count(*) from locations)::int as locations, (select count(*) from devices)::int as devices,
    (select count(*) from event_log)::int as events, (select count(*) from on_hand)::int as on_hand`,
  );

describe('demo seed and pull', () => {
  let db: FreshDatabase;
  let em: Em;
  beforeAll(async () => {
    db = await freshDatabase();
    em = db.orm.em.fork() as Em;
  });
  afterAll(() => db.drop());

  it('seeds once: a second run changes nothing', async () => {
    expect(await seedDemoData(db.orm, NOW)).toEqual({ seeded: true });
    const first = await counts(em);
    expect(await seedDemoData(db.orm, new Date(NOW.getTime() + 1000))).toEqual({ seeded: false });
    expect(await counts(em)).toEqual(first);
    expect(first).toEqual([{ persons: 5, products: 4, locations: 6, devices: 3, events: 13, on_hand: 13 }]);
    expect(await onHandQuantity(em, L.vehicle1, P.glueBoards)).toBe(100);
    expect(await onHandQuantity(em, L.warehouse, P.glueBoards)).toBe(350);
    expect((await listDevices(em)).map((d) => [d.id, d.status, d.lastAcceptedSeq])).toEqual([
      [D.tech1, 'active', 0],
      [D.tech2, 'active', 0],
      [D.tech3, 'active', 0],
    ]);
  });

  it('a technician pulls only events of their assigned locations, paged, with the chain hash at the cursor', async () => {
    const page1 = await pullEvents(db.orm, { deviceId: D.tech1, afterPosition: 0, limit: 2 });
    expect(page1.events.map((e) => e.event.toLocation)).toEqual([L.vehicle1, L.vehicle1]);
    expect(page1.hasMore).toBe(true);
    expect(page1.cursor).toBe(page1.events[1].position);
    expect(page1.stateHash).toBe(page1.events[1].hash);

    const page2 = await pullEvents(db.orm, { deviceId: D.tech1, afterPosition: page1.cursor, limit: 1000 });
    expect(page2.events.map((e) => e.event.toLocation)).toEqual([L.vehicle1, L.vehicle1]);
    expect(page2.hasMore).toBe(false);
    expect(page2.stateHash).toBe(await headHash(em));

    const empty = await pullEvents(db.orm, { deviceId: D.tech1, afterPosition: page2.cursor });
    expect(empty).toEqual({ events: [], cursor: page2.cursor, stateHash: page2.stateHash, hasMore: false });
  });

  it('from position 0 on an empty page the state hash is the genesis hash only when nothing was examined', async () => {
    const page = await pullEvents(db.orm, { deviceId: D.tech2, afterPosition: 0, limit: 1000 });
    expect(page.events.every((e) => [e.event.fromLocation, e.event.toLocation].includes(L.vehicle2))).toBe(true);
    expect(page.events).toHaveLength(2);
    expect(page.stateHash).not.toBe(GENESIS_HASH);
  });
});
