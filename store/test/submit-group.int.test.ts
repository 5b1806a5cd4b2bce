import {
  contentHashOf,
  getDevice,
  headHash,
  onHandQuantity,
  query,
  submitGroup,
  type Em,
  type GroupOutcome,
  type SubmitBatchResult,
} from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';
import { allValid, offlineIssue } from '../test-support';
import { installPoisonTrigger, POISON_JOB_REFERENCE } from '../test-support';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const { locations: L, products: P, devices: D } = DEMO;
const claimedAt = '2026-11-25T11:00:00.000Z';

function resultOf(outcome: GroupOutcome): SubmitBatchResult {
  if (!outcome.ok) throw new Error(`expected a result, got ${String(outcome.error)}`);
  return outcome.result;
}

/** Transaction ids that wrote the devices' log rows: one id ⇔ one commit. */
async function writerTransactions(em: Em, deviceIds: string[]): Promise<number> {
  const [row] = await query<{ n: number }>(
    em,
    'select count(distinct xmin::text)::int as n from event_log where device_id = any($1::text[])',
    [deviceIds],
  );
  return row.n;
}

describe('submitGroup: several devices in one transaction', () => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
  });
  afterEach(() => db.drop());

  it("Given two devices drawing from one shared truck of 50, When both batches are committed in one group, Then the second device conflicts on the first one's event and a bad event of one device leaves the other's untouched", async () => {
    const em = db.orm.em.fork() as Em;
    const known = await headHash(em);
    const a1 = offlineIssue({
      tech: 'tech2',
      seq: 1,
      from: L.vehicle2,
      product: P.glueBoards,
      value: 30,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    const a2 = offlineIssue({
      tech: 'tech2',
      seq: 2,
      from: L.vehicle2,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    // tech3's first event claims another person: a rule rejection that consumes its number.
    const b1 = offlineIssue({
      tech: 'tech3',
      seq: 1,
      from: L.vehicle2,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
      overrides: { performedBy: DEMO.persons.tech2 },
    });
    const b2 = offlineIssue({
      tech: 'tech3',
      seq: 2,
      from: L.vehicle2,
      product: P.glueBoards,
      value: 35,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });

    const outcomes = await submitGroup(db.orm, [
      { deviceId: D.tech2, events: [a2, a1], signatureValid: [true, true], now: NOW },
      { deviceId: D.tech3, events: [b1, b2], signatureValid: [true, true], now: NOW },
    ]);

    const [a, b] = outcomes.map(resultOf);
    expect(a.answers.map((x) => [x.status, x.sequenceNumber])).toEqual([
      ['accepted', 2],
      ['accepted', 1],
    ]);
    expect(a.accepted.map((r) => r.event.offlineContext?.sequenceNumber)).toEqual([1, 2]);
    expect(b.answers[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN', sequenceNumber: 1 });
    expect(b.answers[1]).toMatchObject({
      status: 'conflict',
      sequenceNumber: 2,
      conflictDetails: {
        type: 'INSUFFICIENT_INVENTORY',
        available: { value: 20, unit: 'each' },
        conflictingEvents: [a.accepted[0].serverId],
      },
    });
    expect(await writerTransactions(em, [D.tech2, D.tech3])).toBe(1);
    expect(await onHandQuantity(em, L.vehicle2, P.glueBoards)).toBe(20);
    expect(await getDevice(em, D.tech2)).toMatchObject({ lastAcceptedSeq: 2, heldByConflictId: null });
    expect(await getDevice(em, D.tech3)).toMatchObject({
      lastAcceptedSeq: 2,
      heldByConflictId: b.conflicts[0].conflictId,
    });
    const submissions = await query<{ device_id: string; sequence_number: number; outcome: string }>(
      em,
      'select device_id, sequence_number, outcome from device_submissions order by device_id, sequence_number',
    );
    expect(submissions).toEqual([
      { device_id: D.tech2, sequence_number: 1, outcome: 'accepted' },
      { device_id: D.tech2, sequence_number: 2, outcome: 'accepted' },
      { device_id: D.tech3, sequence_number: 1, outcome: 'rejected' },
      { device_id: D.tech3, sequence_number: 2, outcome: 'conflict' },
    ]);
    const logged = await query<{ content_hash: string; payload: Parameters<typeof contentHashOf>[0] }>(
      em,
      'select content_hash, payload from event_log where device_id = $1',
      [D.tech2],
    );
    expect(logged.map((r) => r.content_hash)).toEqual(logged.map((r) => contentHashOf(r.payload)));
  });

  it('answers an identical replay inside a group with the original answer and stores nothing twice', async () => {
    const em = db.orm.em.fork() as Em;
    const known = await headHash(em);
    const a1 = offlineIssue({
      tech: 'tech1',
      seq: 1,
      from: L.vehicle1,
      product: P.gloves,
      value: 2,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });
    const [first] = (
      await submitGroup(db.orm, [{ deviceId: D.tech1, events: [a1], signatureValid: [true], now: NOW }])
    ).map(resultOf);
    const b1 = offlineIssue({
      tech: 'tech2',
      seq: 1,
      from: L.vehicle2,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
    });

    const [replay, other] = (
      await submitGroup(db.orm, [
        { deviceId: D.tech1, events: [a1], signatureValid: [true], now: NOW },
        { deviceId: D.tech2, events: [b1], signatureValid: allValid([b1]), now: NOW },
      ])
    ).map(resultOf);

    expect(replay.answers).toEqual(first.answers);
    expect(replay.accepted).toEqual([]);
    expect(other.answers[0].status).toBe('accepted');
    expect(await query(em, 'select count(*)::int as n from event_log where device_id = $1', [D.tech1])).toEqual([
      { n: 1 },
    ]);
  });

  it('Given a device whose batch makes the database fail, When its group fails, Then every batch is retried alone: the other device is answered and stored, the failing one gets an error and stores nothing', async () => {
    const em = db.orm.em.fork() as Em;
    await installPoisonTrigger(em);
    const known = await headHash(em);
    const good = [1, 2].map((seq) =>
      offlineIssue({
        tech: 'tech1',
        seq,
        from: L.vehicle1,
        product: P.gloves,
        value: 1,
        unit: 'each',
        claimedAt,
        lastKnownHash: known,
      }),
    );
    const poisoned = offlineIssue({
      tech: 'tech2',
      seq: 1,
      from: L.vehicle2,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt,
      lastKnownHash: known,
      overrides: { data: { jobReference: POISON_JOB_REFERENCE } },
    });
    const fallbacks: string[][] = [];

    const outcomes = await submitGroup(
      db.orm,
      [
        { deviceId: D.tech2, events: [poisoned], signatureValid: [true], now: NOW },
        { deviceId: D.tech1, events: good, signatureValid: allValid(good), now: NOW },
      ],
      { onFallback: (_error, deviceIds) => fallbacks.push(deviceIds) },
    );

    expect(fallbacks).toEqual([[D.tech2, D.tech1]]);
    expect(outcomes[0].ok).toBe(false);
    expect(resultOf(outcomes[1]).answers.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    expect(
      await query(
        em,
        'select device_id, count(*)::int as n from event_log where device_id is not null group by device_id',
      ),
    ).toEqual([{ device_id: D.tech1, n: 2 }]);
    expect(
      await query(em, 'select count(*)::int as n from device_submissions where device_id = $1', [D.tech2]),
    ).toEqual([{ n: 0 }]);
    expect(await getDevice(em, D.tech2)).toMatchObject({ lastAcceptedSeq: 0 });
    expect(await getDevice(em, D.tech1)).toMatchObject({ lastAcceptedSeq: 2 });
  });
});
