/**
 * Spec "Clock Skew Discovery" against real PostgreSQL and the real clockSkewScanWorkflow:
 * identify and flag device events with implausible timestamps (sequence stays the order), then
 * review a flag with a correction event (InventoryAdjusted, reason 'clock-skew correction').
 */
import { randomUUID } from 'node:crypto';
import type { InventoryEvent } from '@pco/domain';
import { appendEvent } from '@pco/store';
import { DEMO, seedDemoData } from '@pco/store/demo';
import type { FreshDatabase } from '@pco/store/test-support';
import type { clockSkewScanWorkflow } from '@pco/workflows';
import { forkEm } from '@pco/store';
import { createClockSkewActivities, reviewTimestampFlag } from '../src/activities/recovery';
import { saveHistoryFixture, startOpsHarness, type OpsHarness } from './recovery-ops-testkit';

jest.setTimeout(90_000);

const taskQueue = `clock-skew-test-${randomUUID()}`;
const SERVER_NOW = new Date('2026-11-26T12:00:00.000Z');
const now = () => SERVER_NOW;
const deviceId = DEMO.devices.tech1;

let ops: OpsHarness;

const rows = <T>(sql: string, params: unknown[] = []) => ops.rows<T>(sql, params);

function issued(sequenceNumber: number, deviceTimestamp: string): InventoryEvent {
  return {
    eventId: randomUUID(),
    eventType: 'ProductIssued',
    product: DEMO.products.gloves,
    quantity: { value: 1, unit: 'each' },
    fromLocation: DEMO.locations.vehicle1,
    toLocation: DEMO.locations.customerSite,
    performedBy: DEMO.persons.tech1,
    occurredAt: deviceTimestamp,
    data: {},
    offlineContext: {
      deviceId,
      sequenceNumber,
      deviceTimestamp,
      claimedOccurredAt: deviceTimestamp,
      lastKnownServerStateHash: '',
      localInventorySnapshotHash: '',
      syncStatus: 'synced',
    },
  };
}

const logged: InventoryEvent[] = [
  issued(1, '2026-11-26T08:00:00.000Z'), // fine
  issued(2, '2026-11-28T08:00:00.000Z'), // device clock two days ahead: FUTURE
  issued(3, '2026-11-26T09:00:00.000Z'), // fine on its own, but earlier than seq 2's clock: OUT_OF_ORDER
  issued(4, '1970-01-01T00:00:00.000Z'), // clock reset: BEFORE_REGISTRATION and OUT_OF_ORDER
];

async function seedLoggedEvents(db: FreshDatabase): Promise<void> {
  await seedDemoData(db.orm, new Date('2026-11-20T00:00:00.000Z'));
  for (const event of logged) {
    await appendEvent(forkEm(db.orm), event, {
      recordedAt: SERVER_NOW,
      deviceId,
      sequenceNumber: event.offlineContext!.sequenceNumber,
    });
  }
}

beforeAll(async () => {
  ops = await startOpsHarness({
    poolMax: 3,
    taskQueue,
    seed: seedLoggedEvents,
    workflowsPath: require.resolve('@pco/workflows'),
    activities: (db) => createClockSkewActivities({ orm: db.orm, now }),
  });
});

afterAll(() => ops?.stop());

const scan = (workflowId: string) =>
  ops.client.workflow.execute<typeof clockSkewScanWorkflow>('clockSkewScanWorkflow', {
    taskQueue,
    workflowId,
    args: [{ pageSize: 3 }],
  });

describe('clock skew discovery', () => {
  it('flags exactly the implausible device events, paging through the whole log', async () => {
    const workflowId = `clock-skew-scan-${randomUUID()}`;
    const result = await scan(workflowId);
    const [{ n }] = await rows<{ n: number }>('select count(*)::int as n from event_log');
    expect(result).toMatchObject({ scanned: 4, flagged: 3, lastPosition: n });
    const flags = await rows<{ sequence_number: number; issues: string[]; ordering_affected: boolean; status: string }>(
      'select sequence_number, issues, ordering_affected, status from timestamp_flags order by sequence_number',
    );
    expect(flags).toEqual([
      { sequence_number: 2, issues: ['FUTURE'], ordering_affected: false, status: 'open' },
      { sequence_number: 3, issues: ['OUT_OF_ORDER'], ordering_affected: true, status: 'open' },
      { sequence_number: 4, issues: ['BEFORE_REGISTRATION', 'OUT_OF_ORDER'], ordering_affected: true, status: 'open' },
    ]);
    saveHistoryFixture(workflowId, 'recovery-clock-skew.history.json');
  });

  it('a second scan flags nothing twice', async () => {
    expect((await scan(`clock-skew-scan-${randomUUID()}`)).flagged).toBe(0);
    expect(await rows('select 1 from timestamp_flags')).toHaveLength(3);
  });

  it('review appends a clock-skew correction event and closes the flag; the log keeps the original', async () => {
    const [flag] = await rows<{ id: string }>('select id from timestamp_flags where sequence_number = 4');
    const onHand = async () =>
      Number(
        (
          await rows<{ q: string }>(
            'select quantity::text as q from on_hand where location_id = ? and product_id = ?',
            [DEMO.locations.vehicle1, DEMO.products.gloves],
          )
        )[0].q,
      );
    const before = await onHand();
    const correction = {
      eventId: randomUUID(),
      product: DEMO.products.gloves,
      quantity: { value: 1, unit: 'each' as const },
      fromLocation: null,
      toLocation: DEMO.locations.vehicle1,
      performedBy: DEMO.persons.manager,
      occurredAt: SERVER_NOW.toISOString(),
    };
    const reviewed = await reviewTimestampFlag(
      ops.db.orm,
      { flagId: flag.id, reviewedBy: DEMO.persons.manager, correction },
      SERVER_NOW,
    );
    expect(reviewed.correctionEventId).toBe(correction.eventId);
    const [appended] = await rows<{ payload: { eventType: string; data: { reason: string } } }>(
      'select payload from event_log where event_id = ?',
      [correction.eventId],
    );
    expect(appended.payload).toMatchObject({
      eventType: 'InventoryAdjusted',
      data: { reason: 'clock-skew correction' },
    });
    expect(await onHand()).toBe(before + 1);
    const [closed] = await rows<{ status: string; correction_event_id: string }>(
      'select status, correction_event_id from timestamp_flags where id = ?',
      [flag.id],
    );
    expect(closed).toEqual({ status: 'reviewed', correction_event_id: correction.eventId });
    expect(await rows('select 1 from event_log where event_id = ?', [logged[3].eventId])).toHaveLength(1);
  });

  it('a second review is refused with ALREADY_REVIEWED', async () => {
    const [flag] = await rows<{ id: string }>('select id from timestamp_flags where sequence_number = 4');
    await expect(
      reviewTimestampFlag(ops.db.orm, { flagId: flag.id, reviewedBy: DEMO.persons.manager }, SERVER_NOW),
    ).rejects.toMatchObject({ code: 'ALREADY_REVIEWED' });
  });

  it('a correction the domain refuses leaves the flag open and the log unchanged', async () => {
    const [flag] = await rows<{ id: string }>('select id from timestamp_flags where sequence_number = 2');
    const [{ n: logBefore }] = await rows<{ n: number }>('select count(*)::int as n from event_log');
    const bad = {
      eventId: randomUUID(),
      product: 'prod-does-not-exist',
      quantity: { value: 1, unit: 'each' as const },
      fromLocation: null,
      toLocation: DEMO.locations.vehicle1,
      performedBy: DEMO.persons.manager,
      occurredAt: SERVER_NOW.toISOString(),
    };
    await expect(
      reviewTimestampFlag(
        ops.db.orm,
        { flagId: flag.id, reviewedBy: DEMO.persons.manager, correction: bad },
        SERVER_NOW,
      ),
    ).rejects.toMatchObject({ code: 'CORRECTION_REFUSED', message: expect.stringMatching(/^UNKNOWN_PRODUCT/) });
    const [{ n: logAfter }] = await rows<{ n: number }>('select count(*)::int as n from event_log');
    expect(logAfter).toBe(logBefore);
    expect(
      (await rows<{ status: string }>('select status from timestamp_flags where id = ?', [flag.id]))[0].status,
    ).toBe('open');
  });

  it('an unknown flag is refused with UNKNOWN_FLAG', async () => {
    await expect(
      reviewTimestampFlag(ops.db.orm, { flagId: '999999', reviewedBy: DEMO.persons.manager }, SERVER_NOW),
    ).rejects.toMatchObject({ code: 'UNKNOWN_FLAG' });
  });
});
