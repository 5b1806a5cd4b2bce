import type { RecordedEvent } from '@pco/domain';
import type { RecordedConflict } from '../src/store-port';
import { DeviceEvents } from './helpers/device-events';
import { collect, nextMessage, upload, type DeviceSocket } from './helpers/socket-client';
import { connectAs, DEMO, demoDevice, startTestGateway, type TestGateway } from './helpers/test-gateway';

const L = DEMO.locations;

// Fresh database, migrations and seed per file: slower than the 5 s default on a shared 2-core machine.
jest.setTimeout(30_000);

describe('live push and conflicts', () => {
  let t: TestGateway;
  const hooked: RecordedConflict[][] = [];
  const [tech1, tech2, tech3] = [demoDevice('tech1'), demoDevice('tech2'), demoDevice('tech3')];
  let sockets: { tech1: DeviceSocket; tech2: DeviceSocket; tech3: DeviceSocket };

  beforeAll(async () => {
    t = await startTestGateway({ onConflicts: (conflicts) => void hooked.push(conflicts) });
    const [a, b, c] = await Promise.all([connectAs(t.url, tech1), connectAs(t.url, tech2), connectAs(t.url, tech3)]);
    sockets = { tech1: a, tech2: b, tech3: c };
  });
  afterAll(async () => {
    Object.values(sockets).forEach((s) => s.close());
    await t.close();
  });

  it('pushes an accepted event to the other devices of its location, not to the sender or outsiders', async () => {
    const seen = { tech1: collect(sockets.tech1, 'events:new'), tech2: collect(sockets.tech2, 'events:new') };
    const atShared = nextMessage(sockets.tech3, 'events:new');
    const event = new DeviceEvents(tech2.deviceId, tech2.keys, tech2.personId).next({
      eventType: 'ProductIssued',
      product: DEMO.products.gloves,
      quantity: { value: 3, unit: 'each' },
      fromLocation: L.vehicle2,
    });
    const ack = await upload(sockets.tech2, [event]);
    const pushed: RecordedEvent = await atShared;
    expect(ack.ok && ack.data.answers[0]).toMatchObject({
      status: 'accepted',
      serverId: pushed.serverId,
      position: pushed.position,
    });
    expect(pushed.event).toMatchObject({ eventId: event.eventId, fromLocation: L.vehicle2 });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.tech1.received).toEqual([]);
    expect(seen.tech2.received).toEqual([]);
  });

  it('tells the device about its conflict, holds the rest of the batch and calls the onConflicts hook', async () => {
    const events = new DeviceEvents(tech3.deviceId, tech3.keys, tech3.personId);
    const tooMuch = events.next({
      eventType: 'ProductIssued',
      product: DEMO.products.termiticide,
      quantity: { value: 500, unit: 'fl_oz' },
      fromLocation: L.vehicle3,
    });
    const after = events.next({
      eventType: 'ProductIssued',
      product: DEMO.products.gloves,
      quantity: { value: 1, unit: 'each' },
      fromLocation: L.vehicle3,
    });
    const notice = nextMessage(sockets.tech3, 'conflict:notice');
    const ack = await upload(sockets.tech3, [tooMuch, after]);
    if (!ack.ok) throw new Error(ack.error.code);
    const [conflict, held] = ack.data.answers;
    expect(conflict).toMatchObject({
      status: 'conflict',
      eventId: tooMuch.eventId,
      sequenceNumber: 1,
      conflictDetails: { type: 'INSUFFICIENT_INVENTORY' },
    });
    expect(held).toMatchObject({ status: 'unprocessed', code: 'CONFLICT_PENDING' });
    const conflictId = conflict.status === 'conflict' ? conflict.conflictId : '';
    expect(await notice).toMatchObject({
      conflictId,
      eventId: tooMuch.eventId,
      sequenceNumber: 1,
      details: { type: 'INSUFFICIENT_INVENTORY' },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(hooked).toEqual([
      [
        expect.objectContaining({
          conflictId,
          deviceId: tech3.deviceId,
          eventId: tooMuch.eventId,
          productId: DEMO.products.termiticide,
        }),
      ],
    ]);
  });
});
