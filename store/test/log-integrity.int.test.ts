import { GENESIS_HASH, headHash, query, rebuildProjection, run, submitBatch, verifyChain, type Em } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';
import { offlineIssue } from '../test-support';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const { locations: L, products: P, devices: D } = DEMO;

describe('event log integrity', () => {
  let db: FreshDatabase;
  let em: Em;
  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
    em = db.orm.em.fork() as Em;
    const known = await headHash(em);
    const events = [3, 4].map((value, i) =>
      offlineIssue({
        tech: 'tech1',
        seq: i + 1,
        from: L.vehicle1,
        product: P.rodenticide,
        value,
        unit: 'lb',
        claimedAt: '2026-11-25T08:00:00.000Z',
        lastKnownHash: known,
      }),
    );
    await submitBatch(db.orm, { deviceId: D.tech1, events, signatureValid: [true, true], now: NOW });
  });
  afterAll(() => db.drop());

  it("links every row's prev_hash to the previous row's hash, from the genesis hash to the chain head", async () => {
    const rows = await query<{ prev_hash: string; hash: string }>(
      em,
      'select prev_hash, hash from event_log order by position',
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    rows.slice(1).forEach((row, i) => expect(row.prev_hash).toBe(rows[i].hash));
    expect(await headHash(em)).toBe(rows[rows.length - 1].hash);
    expect(await verifyChain(em)).toEqual({ checked: rows.length, firstBreak: null });
  });

  it('verifyChain finds a tampered payload hash', async () => {
    const rollBack = new Error('roll back the tampering');
    let seen: unknown;
    const attempt = em.transactional(async (tem) => {
      await run(
        tem as Em,
        "update event_log set content_hash = 'tampered' where position = (select min(position) + 2 from event_log)",
      );
      seen = (await verifyChain(tem as Em)).firstBreak;
      throw rollBack; // leaves the log as it was for the next tests
    });
    await expect(attempt).rejects.toBe(rollBack);
    expect(seen).toEqual({ position: expect.any(Number), reason: 'hash does not match its inputs' });
    expect((await verifyChain(em)).firstBreak).toBeNull();
  });

  it('a rebuild from the log reports zero differences', async () => {
    expect(await rebuildProjection(db.orm)).toEqual({ differences: [] });
  });

  it('reports an on_hand row corrupted by hand, and --write repairs it', async () => {
    await run(em, 'update on_hand set quantity = 999 where location_id = $1 and product_id = $2', [
      L.vehicle1,
      P.rodenticide,
    ]);

    const report = await rebuildProjection(db.orm);
    expect(report.differences).toEqual([{ location: L.vehicle1, product: P.rodenticide, stored: 999, rebuilt: 33 }]);

    expect((await rebuildProjection(db.orm, { write: true })).differences).toHaveLength(1);
    expect(await rebuildProjection(db.orm)).toEqual({ differences: [] });
  });
});
