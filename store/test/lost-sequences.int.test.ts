import { acknowledgeLostSequences, headHash, query, submitBatch, type Em } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';
import { allValid, offlineIssue } from '../test-support';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const { locations: L, products: P, devices: D, persons: PERSONS } = DEMO;

describe('acknowledgeLostSequences: a device whose storage lost unsent events', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
  });
  afterAll(() => db.drop());

  const issue = async (seq: number) =>
    offlineIssue({
      tech: 'tech1',
      seq,
      from: L.vehicle1,
      product: P.glueBoards,
      value: 1,
      unit: 'each',
      claimedAt: '2026-11-25T10:00:00.000Z',
      lastKnownHash: await headHash(db.orm.em.fork() as Em),
    });
  const submit = async (seq: number) =>
    (await submitBatch(db.orm, { deviceId: D.tech1, events: [await issue(seq)], signatureValid: [true], now: NOW }))
      .answers[0];
  const deviceState = async () =>
    (
      await query<{ last_accepted_seq: number }>(
        db.orm.em.fork() as Em,
        'select last_accepted_seq from devices where id = $1',
        [D.tech1],
      )
    )[0].last_accepted_seq;

  it('Given events 1-2 were lost on the device, When it sends 3, Then SEQUENCE_GAP and the cursor stays at 0', async () => {
    expect(await submit(3)).toMatchObject({ status: 'rejected', code: 'SEQUENCE_GAP' });
    expect(await deviceState()).toBe(0);
  });

  it.each([
    ['a technician', { acknowledgedBy: PERSONS.tech2, throughSequence: 2, reason: 'lost' }, 'FORBIDDEN'],
    ['an unknown person', { acknowledgedBy: 'nobody', throughSequence: 2, reason: 'lost' }, 'UNKNOWN_PERSON'],
    ['an empty reason', { acknowledgedBy: PERSONS.manager, throughSequence: 2, reason: '  ' }, 'VALIDATION_ERROR'],
    [
      'a number not past the cursor',
      { acknowledgedBy: PERSONS.manager, throughSequence: 0, reason: 'lost' },
      'VALIDATION_ERROR',
    ],
    [
      'more than 500 numbers',
      { acknowledgedBy: PERSONS.manager, throughSequence: 501, reason: 'lost' },
      'VALIDATION_ERROR',
    ],
  ])('refuses %s, and changes nothing', async (_name, patch, code) => {
    const result = await acknowledgeLostSequences(db.orm, { deviceId: D.tech1, now: NOW, ...patch });
    expect(result.ok ? 'OK' : result.error.code).toBe(code);
    expect(await deviceState()).toBe(0);
  });

  it('When a manager acknowledges 1-2 as lost, Then they are recorded with who and why, and 3 is accepted next', async () => {
    const result = await acknowledgeLostSequences(db.orm, {
      deviceId: D.tech1,
      throughSequence: 2,
      acknowledgedBy: PERSONS.manager,
      reason: 'phone storage corrupted',
      now: NOW,
    });
    expect(result).toEqual({ ok: true, value: { deviceId: D.tech1, sequences: [1, 2] } });
    const rows = await query<{ sequence_number: number; outcome: string; code: string; reason: string }>(
      db.orm.em.fork() as Em,
      `select sequence_number, outcome, answer->>'code' as code, answer->>'reason' as reason
       from device_submissions where device_id = $1 order by sequence_number`,
      [D.tech1],
    );
    expect(rows.map((r) => [r.sequence_number, r.outcome, r.code])).toEqual([
      [1, 'rejected', 'SEQUENCE_LOST'],
      [2, 'rejected', 'SEQUENCE_LOST'],
    ]);
    expect(rows[0].reason).toContain(PERSONS.manager);
    expect(rows[0].reason).toContain('phone storage corrupted');
    expect(await submit(3)).toMatchObject({ status: 'accepted', sequenceNumber: 3 });
  });

  it('When the device later sends an event under a lost number, Then it is refused and nothing is stored', async () => {
    const before = await query<{ n: string }>(db.orm.em.fork() as Em, 'select count(*) as n from event_log');
    expect(await submit(1)).toMatchObject({ status: 'rejected', code: 'DUPLICATE_OR_REPLAY' });
    expect(await query<{ n: string }>(db.orm.em.fork() as Em, 'select count(*) as n from event_log')).toEqual(before);
  });
});
