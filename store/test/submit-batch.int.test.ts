import { getDevice, headHash, onHandQuantity, query, submitBatch, type Em } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';
import { allValid, offlineIssue } from '../test-support';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const { locations: L, products: P, devices: D } = DEMO;

describe('submitBatch: the spec scenario "Extended Offline Period"', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
  });
  afterAll(() => db.drop());

  it('Given 100 units in the vehicle, When issues of 20, 30, 25 on three days sync in one batch, Then all are applied in sequence order with their claimed timestamps', async () => {
    const em = db.orm.em.fork() as Em;
    expect(await onHandQuantity(em, L.vehicle1, P.glueBoards)).toBe(100);
    const known = await headHash(em);
    const days = ['2026-11-20T09:15:00.000Z', '2026-11-21T14:30:00.000Z', '2026-11-22T16:45:00.000Z'];
    const events = [20, 30, 25].map((value, i) =>
      offlineIssue({
        tech: 'tech1',
        seq: i + 1,
        from: L.vehicle1,
        product: P.glueBoards,
        value,
        unit: 'each',
        claimedAt: days[i],
        lastKnownHash: known,
      }),
    );
    const shuffled = [events[2], events[0], events[1]];

    const result = await submitBatch(db.orm, {
      deviceId: D.tech1,
      events: shuffled,
      signatureValid: allValid(shuffled),
      now: NOW,
    });

    expect(result.answers.map((a) => [a.status, a.sequenceNumber])).toEqual([
      ['accepted', 3],
      ['accepted', 1],
      ['accepted', 2],
    ]);
    const positions = result.accepted.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(result.accepted.map((r) => r.event.offlineContext?.sequenceNumber)).toEqual([1, 2, 3]);
    expect(await onHandQuantity(em, L.vehicle1, P.glueBoards)).toBe(25);
    const rows = await query<{ occurred_at: string; claimed: string; sequence_number: number }>(
      em,
      `select occurred_at, payload->'offlineContext'->>'claimedOccurredAt' as claimed, sequence_number
       from event_log where device_id = $1 order by position`,
      [D.tech1],
    );
    expect(rows.map((r) => [r.sequence_number, new Date(r.occurred_at).toISOString(), r.claimed])).toEqual(
      days.map((d, i) => [i + 1, d, d]),
    );
    const device = await getDevice(em, D.tech1);
    expect(device).toMatchObject({ lastAcceptedSeq: 3, lastSyncAt: NOW.toISOString() });
  });
});

describe('submitBatch: identical replay', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
  });
  afterAll(() => db.drop());

  it('returns the original answer and stores the event once, even when the retry changed syncStatus', async () => {
    const em = db.orm.em.fork() as Em;
    const event = offlineIssue({
      tech: 'tech1',
      seq: 1,
      from: L.vehicle1,
      product: P.gloves,
      value: 4,
      unit: 'each',
      claimedAt: '2026-11-25T10:00:00.000Z',
      lastKnownHash: await headHash(em),
    });
    const first = await submitBatch(db.orm, { deviceId: D.tech1, events: [event], signatureValid: [true], now: NOW });
    const retried = { ...event, offlineContext: { ...event.offlineContext!, syncStatus: 'failed' as const } };
    const later = new Date(NOW.getTime() + 60_000);

    const second = await submitBatch(db.orm, {
      deviceId: D.tech1,
      events: [retried],
      signatureValid: [true],
      now: later,
    });

    expect(first.answers[0].status).toBe('accepted');
    expect(second.answers).toEqual(first.answers);
    expect(second.accepted).toEqual([]);
    expect(await query(em, 'select count(*)::int as n from event_log where event_id = $1', [event.eventId])).toEqual([
      { n: 1 },
    ]);
    expect(await onHandQuantity(em, L.vehicle1, P.gloves)).toBe(96);
  });
});

describe('submitBatch: spec scenario "Conflict During Sync" (insufficient inventory)', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
  });
  afterAll(() => db.drop());

  it('Given 50 units in a shared truck, When tech A issues 30 and then tech B 35 from the same known state, Then B gets a conflict, is held, and its next event is unprocessed', async () => {
    const em = db.orm.em.fork() as Em;
    expect(await onHandQuantity(em, L.vehicle2, P.glueBoards)).toBe(50);
    const known = await headHash(em);
    const claimedAt = '2026-11-25T11:00:00.000Z';
    const a = offlineIssue({
      tech: 'tech2',
      seq: 1,
      from: L.vehicle2,
      product: P.glueBoards,
      value: 30,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    const b1 = offlineIssue({
      tech: 'tech3',
      seq: 1,
      from: L.vehicle2,
      product: P.glueBoards,
      value: 35,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    const b2 = offlineIssue({
      tech: 'tech3',
      seq: 2,
      from: L.vehicle2,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });

    const resultA = await submitBatch(db.orm, { deviceId: D.tech2, events: [a], signatureValid: [true], now: NOW });
    const resultB = await submitBatch(db.orm, {
      deviceId: D.tech3,
      events: [b1, b2],
      signatureValid: [true, true],
      now: NOW,
    });

    expect(resultA.answers[0].status).toBe('accepted');
    const [conflict, unprocessed] = resultB.answers;
    if (conflict.status !== 'conflict') throw new Error(`expected conflict, got ${conflict.status}`);
    expect(conflict.conflictDetails).toMatchObject({
      type: 'INSUFFICIENT_INVENTORY',
      requested: { value: 35, unit: 'each' },
      available: { value: 20, unit: 'each' },
      conflictingEvents: [resultA.accepted[0].serverId],
    });
    expect(unprocessed).toMatchObject({ status: 'unprocessed', code: 'CONFLICT_PENDING', sequenceNumber: 2 });
    expect(resultB.conflicts).toEqual([
      expect.objectContaining({
        conflictId: conflict.conflictId,
        deviceId: D.tech3,
        locationId: L.vehicle2,
        productId: P.glueBoards,
      }),
    ]);
    expect(await query(em, 'select status, severity, type, sequence_number from conflicts')).toEqual([
      { status: 'open', severity: 'info', type: 'INSUFFICIENT_INVENTORY', sequence_number: 1 },
    ]);
    expect(
      await query(em, 'select held_by_conflict_id, last_accepted_seq from devices where id = $1', [D.tech3]),
    ).toEqual([{ held_by_conflict_id: conflict.conflictId, last_accepted_seq: 1 }]);
    expect(await onHandQuantity(em, L.vehicle2, P.glueBoards)).toBe(20);

    const retryB2 = await submitBatch(db.orm, { deviceId: D.tech3, events: [b2], signatureValid: [true], now: NOW });
    expect(retryB2.answers[0]).toMatchObject({ status: 'unprocessed', code: 'CONFLICT_PENDING' });
    const retryB1 = await submitBatch(db.orm, { deviceId: D.tech3, events: [b1], signatureValid: [true], now: NOW });
    expect(retryB1.answers).toEqual([conflict]);
  });

  it('sees its own earlier appends in the same batch: 60 then 50 from 100 ⇒ the second conflicts, naming the first', async () => {
    const em = db.orm.em.fork() as Em;
    const known = await headHash(em);
    const claimedAt = '2026-11-25T12:00:00.000Z';
    const first = offlineIssue({
      tech: 'tech1',
      seq: 1,
      from: L.vehicle1,
      product: P.glueBoards,
      value: 60,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    const second = offlineIssue({
      tech: 'tech1',
      seq: 2,
      from: L.vehicle1,
      product: P.glueBoards,
      value: 50,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });

    const result = await submitBatch(db.orm, {
      deviceId: D.tech1,
      events: [first, second],
      signatureValid: [true, true],
      now: NOW,
    });

    expect(result.answers.map((a) => a.status)).toEqual(['accepted', 'conflict']);
    expect(result.answers[1]).toMatchObject({
      conflictDetails: { available: { value: 40, unit: 'each' }, conflictingEvents: [result.accepted[0].serverId] },
    });
    expect(await onHandQuantity(em, L.vehicle1, P.glueBoards)).toBe(40);
  });
});
