/**
 * Issue 7.3 from the device's side: a phone whose clock is 3 days ahead of the server registers,
 * connects (the gateway's challenge gives freshness, not the phone's clock), syncs its events, and
 * the engine stores the offset the gateway measured so the app can show it. Real FieldClient →
 * real TCP link → real gateway → real PostgreSQL.
 */
import type { ServerPush } from '../src/sync/transport';
import { DAY_MS, DEMO, type Device, newDevice, startWorld, storedEventsOf, type World } from './int/harness';

jest.setTimeout(60_000);

const SERVER_NOW = '2026-11-29T09:00:00.000Z';
const PHONE_NOW = new Date(Date.parse(SERVER_NOW) + 3 * DAY_MS);

describe('a device whose clock is 3 days ahead', () => {
  let world: World;
  let tech: Device;

  beforeAll(async () => {
    world = await startWorld(SERVER_NOW);
    tech = await newDevice(world, DEMO.persons.tech1, () => ({ now: () => PHONE_NOW }));
  });
  afterAll(async () => {
    tech?.client.close();
    await world?.close();
  });

  it('connects, syncs its events in sequence order, and keeps the measured offset in its sync state', async () => {
    expect((await tech.client.syncState()).clock).toBeNull();
    const told = new Promise<ServerPush>((resolve) =>
      tech.client.onServerPush((push) => push.kind === 'clock:offset' && resolve(push)),
    );
    expect((await tech.client.sync()).status).toBe('completed'); // reference data for offline decide
    await told;
    expect((await tech.client.syncState()).clock).toEqual({
      offsetMs: -3 * DAY_MS,
      serverTime: SERVER_NOW,
      deviceTime: PHONE_NOW.toISOString(),
    });

    const issued = [
      await tech.client.issue({
        product: DEMO.products.gloves,
        quantity: { value: 1, unit: 'each' },
        fromLocation: DEMO.locations.vehicle1,
      }),
      await tech.client.issue({
        product: DEMO.products.gloves,
        quantity: { value: 2, unit: 'each' },
        fromLocation: DEMO.locations.vehicle1,
      }),
    ];

    const summary = await tech.client.sync();

    expect(summary.status).toBe('completed');
    expect(summary.upload?.accepted).toEqual(issued.map((p) => p.localId));
    const stored = await storedEventsOf(world.orm, tech.deviceId);
    expect(stored.map((e) => e.sequence)).toEqual([1, 2]);
    expect(stored[0].position).toBeLessThan(stored[1].position);
  });
});
