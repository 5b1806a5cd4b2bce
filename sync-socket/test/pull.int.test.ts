import { DeviceEvents } from './helpers/device-events';
import { emitRaw, pull, upload, type DeviceSocket } from './helpers/socket-client';
import { connectAs, DEMO, demoDevice, startTestGateway, type TestGateway } from './helpers/test-gateway';

const L = DEMO.locations;

// Fresh database, migrations and seed per file: slower than the 5 s default on a shared 2-core machine.
jest.setTimeout(30_000);

describe('events:pull', () => {
  let t: TestGateway;
  let socket: DeviceSocket;
  const tech1 = demoDevice('tech1');

  beforeAll(async () => {
    t = await startTestGateway();
    socket = await connectAs(t.url, tech1);
    // Interleave events tech1 sees (vehicle1, the customer site) with some it must not (vehicle2 only).
    const own = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId);
    const other = new DeviceEvents(DEMO.devices.tech2, demoDevice('tech2').keys, DEMO.persons.tech2);
    const tech2 = await connectAs(t.url, demoDevice('tech2'));
    for (let i = 0; i < 3; i++) {
      await upload(socket, [
        own.next({
          eventType: 'ProductIssued',
          product: DEMO.products.gloves,
          quantity: { value: 1, unit: 'each' },
          fromLocation: L.vehicle1,
        }),
      ]);
      await upload(tech2, [
        other.next({
          eventType: 'ProductIssued',
          product: DEMO.products.gloves,
          quantity: { value: 1, unit: 'each' },
          fromLocation: L.vehicle2,
        }),
      ]);
    }
    tech2.close();
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it('pages through every event of the device’s locations, ascending, skipping none', async () => {
    const positions: number[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const ack = await pull(socket, { afterPosition: after, limit: 2 });
      if (!ack.ok) throw new Error(ack.error.code);
      positions.push(...ack.data.events.map((e) => e.position));
      expect(ack.data.cursor).toBeGreaterThanOrEqual(after);
      after = ack.data.cursor;
      pages++;
      if (!ack.data.hasMore) break;
    }
    const expected = await t.orm.em
      .fork()
      .execute<Array<{ position: string }>>(
        `select position from event_log where from_location in (?) or to_location in (?) order by position`,
        [
          [L.vehicle1, L.customerSite, L.inactive],
          [L.vehicle1, L.customerSite, L.inactive],
        ],
      );
    expect(positions).toEqual(expected.map((r) => Number(r.position)));
    expect(positions.length).toBeGreaterThan(4);
    expect(pages).toBeGreaterThan(2);
    const [head] = await t.orm.em.fork().execute<Array<{ position: string }>>('select position from chain_head');
    expect(after).toBe(Number(head.position));
  });

  it('uses the default limit when none is given', async () => {
    const ack = await pull(socket, { afterPosition: 0 });
    expect(ack.ok && ack.data.hasMore).toBe(false);
  });

  it.each([[{ afterPosition: -1 }], [{ afterPosition: 0, limit: 5000 }], [{ afterPosition: 'zero' }], [null]])(
    'refuses %p with VALIDATION_ERROR',
    async (req) => {
      expect(await emitRaw(socket, 'events:pull', req)).toEqual({
        ok: false,
        error: { code: 'VALIDATION_ERROR', message: expect.any(String) },
      });
    },
  );
});
