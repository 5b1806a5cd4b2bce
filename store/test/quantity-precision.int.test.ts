/**
 * Issue 7, defect 4, through the real submit paths and a real PostgreSQL: a fractional count or a
 * float-noise amount is refused with VALIDATION_ERROR and nothing stored changes (submitBatch,
 * called without the gateway's edge check, consumes the number as it does for a negative
 * quantity; the gateway answers at the edge and consumes nothing); exact decimals of a measured unit are
 * stored and summed exactly, and a rebuild of the projection equals the stored one.
 */
import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@pco/domain';
import {
  appendServerEvent,
  headHash,
  insertProduct,
  query,
  rebuildProjection,
  run,
  submitBatch,
  type Em,
} from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, offlineIssue, type FreshDatabase } from '../test-support';
import { storeSnapshot } from './support/snapshot';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const claimedAt = '2026-11-29T08:00:00.000Z';
const { locations: L, products: P, devices: D, persons: U } = DEMO;
const CONCENTRATE = 'prod-concentrate-gal';

const onHandText = async (em: Em, location: string, product: string): Promise<string | null> =>
  (
    await query<{ quantity: string }>(
      em,
      'select quantity::text from on_hand where location_id = $1 and product_id = $2',
      [location, product],
    )
  )[0]?.quantity ?? null;

const receipt = (value: number, product = CONCENTRATE, unit = 'gal'): InventoryEvent => ({
  eventId: randomUUID(),
  eventType: 'ProductReceived',
  product,
  quantity: { value, unit } as InventoryEvent['quantity'],
  fromLocation: null,
  toLocation: L.warehouse,
  performedBy: U.admin,
  occurredAt: NOW.toISOString(),
  data: { supplier: 'Acme' },
});

describe('quantities through the store: whole counts, fixed decimals, exact sums', () => {
  let db: FreshDatabase;
  let em: Em;
  let known = '';
  let seq = 1;

  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
    em = db.orm.em.fork() as Em;
    await insertProduct(em, {
      id: CONCENTRATE,
      name: 'Termite concentrate',
      unit: 'gal',
      epaRegistrationNumber: null,
      regulated: false,
      unitValueCents: 100,
      active: true,
    });
    known = await headHash(em);
  });
  afterAll(() => db.drop());

  it.each([
    ['1.5 each (half a pair of gloves)', P.gloves, 1.5, 'each', 'whole number'],
    ['0.30000000000000004 each', P.gloves, 0.30000000000000004, 'each', 'whole number'],
    ['0.30000000000000004 fl_oz (float noise)', P.termiticide, 0.30000000000000004, 'fl_oz', 'at most 2 decimals'],
  ] as const)(
    'a device issue of %s ⇒ VALIDATION_ERROR naming quantity.value, nothing stored',
    async (_name, product, value, unit, phrase) => {
      const event = offlineIssue({
        tech: 'tech1',
        seq,
        from: L.vehicle1,
        product,
        value,
        unit,
        claimedAt,
        lastKnownHash: known,
      });
      const before = await storeSnapshot(em, D.tech1);

      const result = await submitBatch(db.orm, {
        deviceId: D.tech1,
        events: [event],
        signatureValid: [true],
        now: NOW,
      });

      expect(result.answers).toEqual([
        expect.objectContaining({
          status: 'rejected',
          code: 'VALIDATION_ERROR',
          eventId: event.eventId,
          sequenceNumber: seq,
        }),
      ]);
      const reason = JSON.stringify(result.answers[0]);
      expect(reason).toContain('quantity.value');
      expect(reason).toContain(phrase);
      expect(result.accepted).toEqual([]);
      const after = await storeSnapshot(em, D.tech1);
      expect({ ...after, device: null, submissions: null }).toEqual({ ...before, device: null, submissions: null });
      seq += 1; // submitBatch consumed the number (see the header)
    },
  );

  it('a device count of 2.5 each ⇒ VALIDATION_ERROR, the on-hand stays 100', async () => {
    const event = offlineIssue({
      tech: 'tech1',
      seq,
      from: L.vehicle1,
      product: P.gloves,
      value: 2.5,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
      overrides: { eventType: 'InventoryCounted', fromLocation: null, toLocation: L.vehicle1, data: {} },
    });
    const result = await submitBatch(db.orm, { deviceId: D.tech1, events: [event], signatureValid: [true], now: NOW });
    expect(result.answers[0]).toEqual(expect.objectContaining({ status: 'rejected', code: 'VALIDATION_ERROR' }));
    expect(await onHandText(em, L.vehicle1, P.gloves)).toBe('100');
    seq += 1;
  });

  it('a server receipt of 1.5 each ⇒ VALIDATION_ERROR, nothing appended', async () => {
    const before = await storeSnapshot(em, D.tech1);
    const result = await appendServerEvent(db.orm, receipt(1.5, P.gloves, 'each'), NOW);
    expect(!result.ok && result.error.code).toBe('VALIDATION_ERROR');
    expect(await storeSnapshot(em, D.tech1)).toEqual(before);
  });

  it('0.1 + 0.2 fl_oz issued from 60 leaves exactly 59.7 (not 59.699999999999996), whole gloves stay whole', async () => {
    const events = [
      offlineIssue({
        tech: 'tech1',
        seq,
        from: L.vehicle1,
        product: P.termiticide,
        value: 0.1,
        unit: 'fl_oz',
        claimedAt,
        lastKnownHash: known,
      }),
      offlineIssue({
        tech: 'tech1',
        seq: seq + 1,
        from: L.vehicle1,
        product: P.termiticide,
        value: 0.2,
        unit: 'fl_oz',
        claimedAt,
        lastKnownHash: known,
      }),
      offlineIssue({
        tech: 'tech1',
        seq: seq + 2,
        from: L.vehicle1,
        product: P.gloves,
        value: 3,
        unit: 'each',
        claimedAt,
        lastKnownHash: known,
      }),
    ];
    const result = await submitBatch(db.orm, {
      deviceId: D.tech1,
      events,
      signatureValid: [true, true, true],
      now: NOW,
    });
    expect(result.answers.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted']);
    seq += 3;
    expect(await onHandText(em, L.vehicle1, P.termiticide)).toBe('59.7');
    expect(await onHandText(em, L.vehicle1, P.gloves)).toBe('97');
  });

  it('2.25 gal is stored as 2.25, and 0.1 + 0.2 gal more sum to exactly 2.55', async () => {
    for (const value of [2.25, 0.1, 0.2]) {
      const recorded = await appendServerEvent(db.orm, receipt(value), NOW);
      expect(recorded.ok && recorded.value.event.quantity).toEqual({ value, unit: 'gal' });
    }
    expect(await onHandText(em, L.warehouse, CONCENTRATE)).toBe('2.55');
    const logged = await query<{ value: string }>(
      em,
      "select payload->'quantity'->>'value' as value from event_log where payload->>'product' = $1 order by position",
      [CONCENTRATE],
    );
    expect(logged.map((r) => r.value)).toEqual(['2.25', '0.1', '0.2']);
  });

  it('the rebuild of the projection from the log equals the stored on_hand exactly', async () => {
    expect((await rebuildProjection(db.orm)).differences).toEqual([]);
  });

  it('PostgreSQL itself refuses float noise in on_hand (check added by the quantity migration)', async () => {
    await expect(
      run(em, 'update on_hand set quantity = 0.30000000000000004 where location_id = $1 and product_id = $2', [
        L.warehouse,
        CONCENTRATE,
      ]),
    ).rejects.toThrow(/on_hand_quantity_step/);
    expect(await onHandText(em, L.warehouse, CONCENTRATE)).toBe('2.55');
  });
});
