/**
 * Bad input gets a typed code and changes nothing stored. Rule rejections consume their sequence
 * number (ARCHITECTURE invariant 4: exactly one device_submissions row, last_accepted_seq + 1);
 * gaps, replays and invalid signatures consume nothing: the device row is byte-identical too.
 */
import { headHash, submitBatch, type Em } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';
import { offlineIssue, type IssueSpec } from '../test-support';
import { storeSnapshot } from './support/snapshot';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const { locations: L, products: P, devices: D, persons: U } = DEMO;
const claimedAt = '2026-11-25T08:00:00.000Z';

interface Case {
  name: string;
  code: string;
  consumes: boolean;
  spec: Partial<IssueSpec>;
  signatureValid?: boolean;
}

const CASES: Case[] = [
  { name: 'unknown product', code: 'UNKNOWN_PRODUCT', consumes: true, spec: { product: 'prod-does-not-exist' } },
  { name: 'zero quantity', code: 'INVALID_QUANTITY', consumes: true, spec: { value: 0 } },
  { name: 'negative quantity', code: 'INVALID_QUANTITY', consumes: true, spec: { value: -5 } },
  { name: 'unit mismatch', code: 'UNIT_MISMATCH', consumes: true, spec: { unit: 'lb' } },
  {
    name: "performed in someone else's name",
    code: 'FORBIDDEN',
    consumes: true,
    spec: { overrides: { performedBy: U.tech2 } },
  },
  { name: 'issue from a location not assigned', code: 'FORBIDDEN', consumes: true, spec: { from: L.vehicle2 } },
  {
    name: 'transfer into an inactive location',
    code: 'LOCATION_INACTIVE',
    consumes: true,
    spec: { overrides: { eventType: 'ProductTransferred', toLocation: L.inactive, data: {} } },
  },
  {
    name: 'supplier receipt made offline',
    code: 'NOT_ALLOWED_OFFLINE',
    consumes: true,
    spec: {
      overrides: { eventType: 'ProductReceived', fromLocation: null, toLocation: L.vehicle1, data: { supplier: 'x' } },
    },
  },
  { name: 'invalid signature', code: 'INVALID_SIGNATURE', consumes: false, spec: {}, signatureValid: false },
  { name: 'sequence gap', code: 'SEQUENCE_GAP', consumes: false, spec: { seq: 99 } },
  {
    name: 'replay of a used number with different content',
    code: 'DUPLICATE_OR_REPLAY',
    consumes: false,
    spec: { seq: 1, value: 2 },
  },
];

describe('submitBatch: bad input', () => {
  let db: FreshDatabase;
  let em: Em;
  let nextSeq = 1;
  let known = '';

  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
    em = db.orm.em.fork() as Em;
    known = await headHash(em);
    const first = offlineIssue({
      tech: 'tech1',
      seq: nextSeq,
      from: L.vehicle1,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    const accepted = await submitBatch(db.orm, {
      deviceId: D.tech1,
      events: [first],
      signatureValid: [true],
      now: NOW,
    });
    expect(accepted.answers[0].status).toBe('accepted');
    nextSeq += 1;
  });
  afterAll(() => db.drop());

  it.each(CASES)('$name ⇒ $code, nothing stored changes', async ({ code, consumes, spec, signatureValid }) => {
    const seq = spec.seq ?? nextSeq;
    const event = offlineIssue({
      tech: 'tech1',
      from: L.vehicle1,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
      ...spec,
      seq,
    });
    const before = await storeSnapshot(em, D.tech1);

    const result = await submitBatch(db.orm, {
      deviceId: D.tech1,
      events: [event],
      signatureValid: [signatureValid ?? true],
      now: NOW,
    });

    expect(result.answers).toEqual([
      expect.objectContaining({ status: 'rejected', code, eventId: event.eventId, sequenceNumber: seq }),
    ]);
    expect(result.accepted).toEqual([]);
    const after = await storeSnapshot(em, D.tech1);
    expect({ ...after, device: null, submissions: null }).toEqual({ ...before, device: null, submissions: null });
    if (consumes) {
      nextSeq += 1;
      expect(after.device).toEqual([
        { ...before.device[0], last_accepted_seq: seq, last_sync_at: after.device[0].last_sync_at },
      ]);
      expect(after.submissions).toEqual([{ n: before.submissions[0].n + 1 }]);
    } else {
      expect(after.device).toEqual(before.device);
      expect(after.submissions).toEqual(before.submissions);
    }
  });

  it('a rejected number answers the same rejection when retried', async () => {
    const event = offlineIssue({
      tech: 'tech1',
      seq: nextSeq,
      from: L.vehicle1,
      product: 'prod-nope',
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    const first = await submitBatch(db.orm, { deviceId: D.tech1, events: [event], signatureValid: [true], now: NOW });
    const again = await submitBatch(db.orm, { deviceId: D.tech1, events: [event], signatureValid: [true], now: NOW });
    expect(first.answers[0]).toMatchObject({ status: 'rejected', code: 'UNKNOWN_PRODUCT' });
    expect(again.answers).toEqual(first.answers);
  });
});
