/**
 * Spec "Scenario: Extended Offline Period", end to end: real FieldClient → real TCP link →
 * real gateway → real PostgreSQL.
 */
import { lineOf } from '../src/view/local-inventory-view';
import {
  DAY_MS,
  DEMO,
  type Device,
  newDevice,
  onHandInDb,
  startWorld,
  storedEventsOf,
  type World,
} from './int/harness';

jest.setTimeout(60_000);

const VAN = DEMO.locations.vehicle1;
const GLUE = DEMO.products.glueBoards;
const DAY0 = '2026-11-23T07:00:00.000Z';
const at = (day: number, hour: number): string =>
  new Date(Date.parse(DAY0) + day * DAY_MS + (hour - 7) * 3_600_000).toISOString();

describe('Scenario: technician works offline for 3 days', () => {
  let world: World;
  let tech: Device;

  beforeAll(async () => {
    world = await startWorld(DAY0);
    tech = await newDevice(world, DEMO.persons.tech1);
  });
  afterAll(async () => {
    tech?.client.close();
    await world?.close();
  });

  it('Given 100 glue boards in the van and the tech offline, When 20/30/25 are issued on days 1-3 and the tech returns, Then all sync in order and stock drops by 75', async () => {
    // Given: an online sync on day 0 brings the van's stock and the reference data.
    const first = await tech.client.sync();
    expect(first).toMatchObject({ status: 'completed', reference: { refreshed: true } });
    expect(lineOf(await tech.client.view(), VAN, GLUE)?.serverOnHand).toBe(100);
    expect(await onHandInDb(world.orm, VAN, GLUE)).toBe(100);

    // And the tech goes offline (the link refuses connections: the health check fails for real).
    tech.link.goOffline();
    const issued = [];
    for (const [day, quantity] of [
      [1, 20],
      [2, 30],
      [3, 25],
    ] as const) {
      world.clock.set(at(day, 16));
      issued.push(
        await tech.client.issue({
          product: GLUE,
          quantity: { value: quantity, unit: 'each' },
          fromLocation: VAN,
          claimedOccurredAt: at(day, 10),
        }),
      );
      expect((await tech.client.sync()).status).toBe('offline');
    }
    expect(issued.map((p) => p.event.offlineContext?.sequenceNumber)).toEqual([1, 2, 3]);
    expect(lineOf(await tech.client.view(), VAN, GLUE)).toMatchObject({
      serverOnHand: 100,
      pendingEffect: -75,
      believedOnHand: 25,
    });
    expect(await storedEventsOf(world.orm, tech.deviceId)).toEqual([]);

    // When the tech returns online on day 3 evening.
    world.clock.set(at(3, 19));
    tech.link.goOnline();
    const summary = await tech.client.sync();

    // Then all three events were accepted, in sequence order.
    expect(summary.status).toBe('completed');
    expect(summary.upload?.accepted).toEqual(issued.map((p) => p.localId));
    const stored = await storedEventsOf(world.orm, tech.deviceId);
    expect(stored.map((e) => [e.sequence, e.eventId, e.quantity])).toEqual([
      [1, issued[0].localId, 20],
      [2, issued[1].localId, 30],
      [3, issued[2].localId, 25],
    ]);
    expect(stored[0].position).toBeLessThan(stored[1].position);
    expect(stored[1].position).toBeLessThan(stored[2].position);
    // And the claimed timestamps are kept as the technician gave them (three different days).
    expect(stored.map((e) => e.occurredAt)).toEqual([at(1, 10), at(2, 10), at(3, 10)]);
    expect(stored.map((e) => e.claimedOccurredAt)).toEqual([at(1, 10), at(2, 10), at(3, 10)]);
    // And the stock is reduced by 75 in PostgreSQL and in the client's view.
    expect(await onHandInDb(world.orm, VAN, GLUE)).toBe(25);
    expect(lineOf(await tech.client.view(), VAN, GLUE)).toMatchObject({
      serverOnHand: 25,
      pendingEffect: 0,
      believedOnHand: 25,
    });
    const queue = await tech.client.queue.all();
    expect(queue.map((p) => [p.status, p.serverId])).toEqual(stored.map((e) => ['synced', String(e.position)]));
  });
});
