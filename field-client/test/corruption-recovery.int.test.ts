/**
 * Spec "Procedure: Corrupted Local Storage" against the real gateway: preserve what is readable,
 * report, reset, full re-sync, reconcile — and what cannot be matched is listed, not hidden.
 */
import { STORAGE_KEYS } from '../src/storage/key-value-storage';
import { lineOf } from '../src/view/local-inventory-view';
import { DEMO, type Device, newDevice, onHandInDb, startWorld, storedEventsOf, type World } from './int/harness';

jest.setTimeout(60_000);

const VAN = DEMO.locations.vehicle1;
const GLUE = DEMO.products.glueBoards;
const each = (value: number) => ({ value, unit: 'each' as const });
const eventKey = (localId: string) => `${STORAGE_KEYS.pendingEvents}:${localId}`;

describe('corrupted local storage, recovered against the real gateway', () => {
  let world: World;
  let tech: Device;
  let other: Device;

  beforeAll(async () => {
    world = await startWorld('2026-11-25T07:00:00.000Z');
    tech = await newDevice(world, DEMO.persons.tech1);
    other = await newDevice(world, DEMO.persons.tech3);
  });
  afterAll(async () => {
    tech?.client.close();
    other?.client.close();
    await world?.close();
  });

  it('Given synced and queued events with two entries corrupted, When recovery runs, Then it re-syncs fully, re-queues the readable unsynced events and lists the corrupted keys and the lost sequence', async () => {
    const { client } = tech;
    expect((await client.sync()).status).toBe('completed');
    const [e1, e2] = [
      await client.issue({ product: GLUE, quantity: each(1), fromLocation: VAN }),
      await client.issue({ product: GLUE, quantity: each(2), fromLocation: VAN }),
    ];
    expect((await client.sync()).upload?.accepted).toEqual([e1.localId, e2.localId]);
    tech.link.goOffline();
    const queued = [];
    for (const n of [3, 4, 5]) queued.push(await client.issue({ product: GLUE, quantity: each(n), fromLocation: VAN }));
    const [e3, e4, e5] = queued;

    // Corruption: a synced entry and the newest queued entry (sequence 5) become unreadable junk.
    await client.storage.setItem(eventKey(e1.localId), '{"localId":"' + e1.localId.slice(0, 8));
    await client.storage.setItem(eventKey(e5.localId), { localId: e5.localId, status: 'queued' });

    tech.link.goOnline();
    const report = await client.recoverFromCorruption();

    // Preserve + report: each bad key with a reason.
    expect(report.error).toBeUndefined();
    expect(report.reference).toEqual({ refreshed: true });
    expect(report.corrupted).toEqual(
      expect.arrayContaining([
        { key: eventKey(e1.localId), reason: 'not an object' },
        { key: eventKey(e5.localId), reason: 'event missing or eventId differs from localId' },
      ]),
    );
    expect(report.corrupted).toHaveLength(2);
    // Re-sync: the full download found the device's two accepted events in the server log.
    expect(report.serverLastSequence).toBe(2);
    expect(report.download?.ownEvents.map((r) => r.event.eventId)).toEqual([e1.localId, e2.localId]);
    // Reconcile: readable synced event matched, readable unsynced ones queued again.
    expect(report.matched).toEqual([e2.localId]);
    expect(report.requeued).toEqual([e3.localId, e4.localId]);
    expect(report.unmatched).toEqual([]);
    // What cannot be matched: sequence 5 is neither readable nor on the server — lost, to investigate.
    expect(report.lostSequences).toEqual([5]);
    expect(report.counterLoweredTo).toBe(4);
    expect(await client.storage.getItem(STORAGE_KEYS.corruptionReports)).toEqual([report]);

    // The rebuilt view: server state from the full download, the re-queued events on top.
    expect(lineOf(await client.view(), VAN, GLUE)).toMatchObject({
      serverOnHand: 97,
      pendingEffect: -7,
      believedOnHand: 90,
    });

    // And the device carries on: the re-queued events sync, the next event takes number 5 without a gap.
    const next = await client.issue({ product: GLUE, quantity: each(10), fromLocation: VAN });
    expect(next.event.offlineContext?.sequenceNumber).toBe(5);
    const after = await client.sync();
    expect(after.status).toBe('completed');
    expect(after.upload?.accepted).toEqual([e3.localId, e4.localId, next.localId]);
    expect((await storedEventsOf(world.orm, tech.deviceId)).map((e) => [e.sequence, e.eventId])).toEqual([
      [1, e1.localId],
      [2, e2.localId],
      [3, e3.localId],
      [4, e4.localId],
      [5, next.localId],
    ]);
    expect(await onHandInDb(world.orm, VAN, GLUE)).toBe(100 - 1 - 2 - 3 - 4 - 10);
  });

  it('When a queued event in the MIDDLE is lost, Then the report names its number and the later event fails visibly with SEQUENCE_GAP (the server offers no way past a lost number)', async () => {
    const { client } = other;
    const TRUCK = DEMO.locations.vehicle3;
    const GLOVES = DEMO.products.gloves;
    expect((await client.sync()).status).toBe('completed');
    other.link.goOffline();
    const [q1, q2, q3] = [
      await client.issue({ product: GLOVES, quantity: each(1), fromLocation: TRUCK }),
      await client.issue({ product: GLOVES, quantity: each(2), fromLocation: TRUCK }),
      await client.issue({ product: GLOVES, quantity: each(3), fromLocation: TRUCK }),
    ];
    await client.storage.setItem(eventKey(q2.localId), 42);
    other.link.goOnline();

    const report = await client.recoverFromCorruption();
    expect(report).toMatchObject({
      corrupted: [{ key: eventKey(q2.localId), reason: 'not an object' }],
      requeued: [q1.localId, q3.localId],
      lostSequences: [2],
      serverLastSequence: 0,
    });
    expect(report.counterLoweredTo).toBeUndefined();

    const summary = await client.sync();
    expect(summary.upload).toMatchObject({ accepted: [q1.localId], failed: [q3.localId] });
    expect(await client.queue.get(q3.localId)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^SEQUENCE_GAP/),
    });
    expect((await storedEventsOf(world.orm, other.deviceId)).map((e) => e.sequence)).toEqual([1]);
  });
});
