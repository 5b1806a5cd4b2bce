/**
 * Lost acknowledgement: the gateway commits a batch but the device never hears back. The retry
 * must get the ORIGINAL answer (same serverId and position) and the log must hold the event once.
 */
import { AckDroppingTransport } from './int/ack-dropping-transport';
import {
  DEMO,
  type Device,
  eventually,
  newDevice,
  onHandInDb,
  startWorld,
  storedEventsOf,
  submissionsOf,
  type World,
} from './int/harness';

jest.setTimeout(60_000);

const VAN = DEMO.locations.vehicle1;
const GLOVES = DEMO.products.gloves;
const each = (value: number) => ({ value, unit: 'each' as const });

describe('lost acknowledgement', () => {
  let world: World;
  let tech: Device;
  let transport: AckDroppingTransport;
  /** The transport is made on first use (lazily), so it is read from here in the test. */
  let sameSync: { device: Device; transport?: AckDroppingTransport };

  beforeAll(async () => {
    world = await startWorld('2026-11-25T07:00:00.000Z');
    tech = await newDevice(world, DEMO.persons.tech1, (link) => ({
      transport: AckDroppingTransport.factory(
        link.url,
        async (events) => {
          // The gateway did commit the batch whose ack was lost...
          await eventually(
            async () => (await storedEventsOf(world.orm, tech.deviceId)).length === events.length,
            'the dropped batch to be committed',
          );
          // ...and the device is out of coverage before it can try again.
          link.goOffline();
        },
        (made) => (transport = made),
      ),
    }));
    const holder: { transport?: AckDroppingTransport } = {};
    const device = await newDevice(world, DEMO.persons.tech2, (link) => ({
      transport: AckDroppingTransport.factory(
        link.url,
        async () => undefined,
        (t) => (holder.transport = t),
      ),
    }));
    sameSync = Object.assign(holder, { device });
  });
  afterAll(async () => {
    tech?.client.close();
    sameSync?.device.client.close();
    await world?.close();
  });

  it('Given a batch committed whose ack never arrived, When the device syncs again, Then it gets the original answer and the event is stored once', async () => {
    expect((await tech.client.sync()).status).toBe('completed');
    const issued = await tech.client.issue({ product: GLOVES, quantity: each(4), fromLocation: VAN });
    const second = await tech.client.issue({ product: GLOVES, quantity: each(6), fromLocation: VAN });

    // The first sync loses the ack, then every retry meets a dead network: the events stay queued.
    const lost = await tech.client.sync();
    expect(lost.status).toBe('failed');
    expect(lost.error).toMatch(/^NETWORK_ERROR/);
    expect((await tech.client.queue.all()).map((p) => [p.localId, p.status])).toEqual([
      [issued.localId, 'queued'],
      [second.localId, 'queued'],
    ]);
    const committed = await storedEventsOf(world.orm, tech.deviceId);
    expect(committed.map((e) => [e.sequence, e.eventId])).toEqual([
      [1, issued.localId],
      [2, second.localId],
    ]);
    const original = await submissionsOf(world.orm, tech.deviceId);

    // When the device is back and retries the same events.
    tech.link.goOnline();
    const retried = await tech.client.sync();

    // Then the answers are the original ones: same serverId, position and hash, nothing appended twice.
    expect(retried.status).toBe('completed');
    expect(retried.upload?.accepted).toEqual([issued.localId, second.localId]);
    expect(transport.received).toHaveLength(1);
    expect(transport.received[0]).toEqual(transport.discarded);
    expect(transport.received[0].answers).toEqual(original.map((s) => s.answer));
    expect(transport.received[0].answers.map((a) => a.status === 'accepted' && [a.serverId, a.position])).toEqual(
      committed.map((e) => [String(e.position), e.position]),
    );
    expect(await storedEventsOf(world.orm, tech.deviceId)).toEqual(committed);
    expect(await submissionsOf(world.orm, tech.deviceId)).toEqual(original);
    expect((await tech.client.queue.all()).map((p) => [p.status, p.serverId])).toEqual(
      committed.map((e) => ['synced', String(e.position)]),
    );
    // And the stock moved once: 100 - 4 - 6.
    expect(await onHandInDb(world.orm, VAN, GLOVES)).toBe(90);
  });

  it('When the ack is lost and the network stays up, Then the engine reconnects, retries within the same sync and gets the original answer', async () => {
    const { device } = sameSync;
    expect((await device.client.sync()).status).toBe('completed');
    const t = sameSync.transport!;
    const issued = await device.client.issue({
      product: GLOVES,
      quantity: each(5),
      fromLocation: DEMO.locations.vehicle2,
    });
    const summary = await device.client.sync();
    expect(summary.status).toBe('completed');
    expect(summary.upload?.accepted).toEqual([issued.localId]);
    expect(t.discarded?.answers[0]).toMatchObject({ status: 'accepted', eventId: issued.localId });
    expect(t.received).toEqual([t.discarded]);
    const stored = await storedEventsOf(world.orm, device.deviceId);
    expect(stored.map((e) => [e.sequence, e.eventId])).toEqual([[1, issued.localId]]);
    expect(await device.client.queue.get(issued.localId)).toMatchObject({
      status: 'synced',
      serverId: String(stored[0].position),
      attempts: 1,
    });
  });
});
