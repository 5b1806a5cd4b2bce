/**
 * Defect: a batch over the gateway's message limit got a bare disconnect, which the client could
 * not tell from a network drop, so it resent the same batch for ever. Over real sockets: the
 * gateway answers PAYLOAD_TOO_LARGE with its limit, the upload phase halves the batch (down to
 * one event) and cuts later batches under that limit; an event too large on its own is marked
 * failed with the reason and never resent.
 */
import { DEMO, type Device, newDevice, startWorld, storedEventsOf, type World } from './int/harness';

jest.setTimeout(60_000);

const TRUCK = DEMO.locations.vehicle2;
const GLOVES = DEMO.products.gloves;
const each = (value: number) => ({ value, unit: 'each' as const });

async function recordOffline(device: Device, count: number): Promise<string[]> {
  device.link.goOffline();
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await device.client.issue({ product: GLOVES, quantity: each(1), fromLocation: TRUCK })).localId);
  device.link.goOnline();
  return ids;
}

describe('a batch too large for the gateway is split, not resent for ever', () => {
  let world: World;
  let tech: Device;

  beforeAll(async () => {
    // About four events fit in one message; the client's own byte cut (500 kB) does not help here.
    world = await startWorld('2026-11-24T07:00:00.000Z', { maxMessageBytes: 4_000 });
    tech = await newDevice(world, DEMO.persons.tech2);
  });
  afterAll(async () => {
    tech?.client.close();
    await world?.close();
  });

  it('Given 12 events queued, When the gateway answers PAYLOAD_TOO_LARGE, Then the client splits and every event is stored once, in order', async () => {
    expect((await tech.client.sync()).status).toBe('completed');
    const ids = await recordOffline(tech, 12);
    const summary = await tech.client.sync();
    expect(summary.status).toBe('completed');
    expect(summary.upload).toMatchObject({ accepted: ids, failed: [], requeued: [] });
    const stored = await storedEventsOf(world.orm, tech.deviceId);
    expect(stored.map((e) => e.eventId)).toEqual(ids);
    expect(stored.map((e) => e.sequence)).toEqual(ids.map((_, i) => i + 1));
  });
});

describe('an event too large on its own', () => {
  let world: World;
  let tech: Device;

  beforeAll(async () => {
    world = await startWorld('2026-11-24T07:00:00.000Z', { maxMessageBytes: 300 });
    tech = await newDevice(world, DEMO.persons.tech3);
  });
  afterAll(async () => {
    tech?.client.close();
    await world?.close();
  });

  it('Given a limit below one event, When the device syncs, Then the event is failed with PAYLOAD_TOO_LARGE and not sent again', async () => {
    expect((await tech.client.sync()).status).toBe('completed');
    const [id] = await recordOffline(tech, 1);
    const first = await tech.client.sync();
    expect(first.upload).toMatchObject({ accepted: [], failed: [id] });
    expect(await tech.client.queue.get(id)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^PAYLOAD_TOO_LARGE: .*300 bytes/),
    });
    const again = await tech.client.sync();
    expect(again.upload).toMatchObject({ accepted: [], failed: [], requeued: [] });
    expect(await storedEventsOf(world.orm, tech.deviceId)).toEqual([]);
  });
});
