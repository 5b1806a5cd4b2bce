/** The gateway's single writer against the real store (group commit, order, bound, fallback). */
import { headHash, query, submitGroup, type Em, type SubmitBatchInput } from '@pco/store';
import { DEMO, seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { offlineIssue } from '@pco/store/test-support';
import { installPoisonTrigger, POISON_JOB_REFERENCE } from '@pco/store/test-support';
import { GroupWriter } from '../src/sync/group-writer';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const claimedAt = '2026-11-25T11:00:00.000Z';
const { locations: L, products: P, devices: D } = DEMO;
type Tech = 'tech1' | 'tech2';
const vehicleOf: Record<Tech, string> = { tech1: L.vehicle1, tech2: L.vehicle2 };

describe('GroupWriter', () => {
  let db: FreshDatabase;
  let known: string;
  beforeEach(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
    known = await headHash(db.orm.em.fork() as Em);
  });
  afterEach(() => db.drop());

  const batch = (tech: Tech, seqs: number[], jobReference?: string): SubmitBatchInput => {
    const events = seqs.map((seq) =>
      offlineIssue({
        tech,
        seq,
        from: vehicleOf[tech],
        product: P.gloves,
        value: 1,
        unit: 'each',
        claimedAt,
        lastKnownHash: known,
        overrides: jobReference === undefined ? undefined : { data: { jobReference } },
      }),
    );
    return { deviceId: D[tech], events, signatureValid: events.map(() => true), now: NOW };
  };
  const writerOn = (maxGroupEvents?: number) =>
    new GroupWriter((inputs) => submitGroup(db.orm, inputs), maxGroupEvents);
  const commits = async (): Promise<number> =>
    (
      await query<{ n: number }>(
        db.orm.em.fork() as Em,
        'select count(distinct xmin::text)::int as n from event_log where device_id is not null',
      )
    )[0].n;

  it('commits batches of two devices that wait at the same time in one transaction and answers each', async () => {
    const writer = writerOn();

    const [one, two] = await Promise.all([writer.submit(batch('tech1', [1, 2])), writer.submit(batch('tech2', [1]))]);

    expect(one.answers.map((a) => a.status)).toEqual(['accepted', 'accepted']);
    expect(two.answers.map((a) => a.status)).toEqual(['accepted']);
    expect(writer.stats).toEqual({ groups: 1, batches: 2, largestGroupBatches: 2 });
    expect(await commits()).toBe(1);
  });

  it("keeps one device's batches in arrival order, in separate groups", async () => {
    const writer = writerOn();

    const [first, second] = await Promise.all([writer.submit(batch('tech1', [1])), writer.submit(batch('tech1', [2]))]);

    expect([first.answers[0].status, second.answers[0].status]).toEqual(['accepted', 'accepted']);
    expect(writer.stats.groups).toBe(2);
  });

  it('never puts more than maxGroupEvents events in a group (but always at least one batch)', async () => {
    const writer = writerOn(2);

    await Promise.all([writer.submit(batch('tech1', [1, 2, 3])), writer.submit(batch('tech2', [1]))]);

    expect(writer.stats).toEqual({ groups: 2, batches: 2, largestGroupBatches: 1 });
  });

  it('when the group fails, answers the healthy device and rejects only the failing one', async () => {
    const writer = writerOn();
    await installPoisonTrigger(db.orm.em.fork() as Em);

    const [poisoned, healthy] = await Promise.allSettled([
      writer.submit(batch('tech2', [1], POISON_JOB_REFERENCE)),
      writer.submit(batch('tech1', [1])),
    ]);

    expect(poisoned.status).toBe('rejected');
    expect(healthy.status === 'fulfilled' && healthy.value.answers[0].status).toBe('accepted');
    expect(await query(db.orm.em.fork() as Em, 'select device_id from event_log where device_id is not null')).toEqual([
      { device_id: D.tech1 },
    ]);
  });
});
