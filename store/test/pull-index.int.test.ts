/**
 * A pull reads the events of the device's locations through (location, position) indexes: its
 * work is bounded by the page, not by the log. Measured in rows PostgreSQL read from event_log
 * (pg_stat_user_tables, on a one-connection pool so the pull and the counters share a backend).
 * Before, the only location indexes led with (location, product): a page of 10 from a busy truck
 * fetched every one of its later rows, then sorted them.
 */
import { createOrm, pullEvents, query, queryOne, type Em, type StoreOrm } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';

const NEW_ROWS = 5_000;
const PAGE = 10;

/** Rows into the technician's truck, written straight into the log (their chain is not what this test reads). */
async function fillWithOtherLocations(em: Em): Promise<void> {
  await query(
    em,
    `
    insert into event_log (position, event_id, event_type, product_id, from_location, to_location, payload, content_hash, occurred_at, recorded_at, prev_hash, hash)
    select (select position from chain_head where id = 1) + n, 'filler-' || n, 'ProductReturned', $1, null, $2, '{}'::jsonb, 'c' || n, now(), now(), 'p' || n, 'h' || n
      from generate_series(1, $3::int) as n`,
    [DEMO.products.gloves, DEMO.locations.vehicle1, NEW_ROWS],
  );
  await query(
    em,
    `update chain_head set (position, hash) = (select position, hash from event_log order by position desc limit 1) where id = 1`,
  );
}

async function eventLogRowsRead(em: Em): Promise<number> {
  await query(em, 'select pg_stat_force_next_flush()');
  await query(em, 'select 1'); // the flush happens when the backend goes idle after a statement
  await query(em, 'select pg_stat_clear_snapshot()');
  const row = await queryOne<{ n: string }>(
    em,
    `select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as n from pg_stat_user_tables where relname = 'event_log'`,
  );

  return Number(row?.n ?? 0);
}

describe('pull reads by index', () => {
  let db: FreshDatabase;
  let single: StoreOrm;

  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, new Date('2026-11-26T12:00:00.000Z'));
    single = await createOrm({ databaseUrl: db.databaseUrl, poolMax: 1 });
  });
  afterAll(async () => {
    await single?.close(true);
    await db?.drop();
  });

  it(`Given ${NEW_ROWS} new events on the truck, When the technician pulls a page of ${PAGE}, Then it reads about a page of log rows, not all of them`, async () => {
    const first = await pullEvents(single, { deviceId: DEMO.devices.tech1, afterPosition: 0 });
    expect(first.events.length).toBeGreaterThan(0);
    await fillWithOtherLocations(single.em.fork() as Em);
    const em = single.em.fork() as Em;
    const before = await eventLogRowsRead(em);
    const page = await pullEvents(single, { deviceId: DEMO.devices.tech1, afterPosition: first.cursor, limit: PAGE });
    const read = (await eventLogRowsRead(em)) - before;
    expect(page.events.map((e) => e.position)).toEqual(Array.from({ length: PAGE }, (_, i) => first.cursor + i + 1));
    expect(page.hasMore).toBe(true);
    expect(read).toBeLessThan(5 * PAGE);
  });
});
