import { DeviceEvents, type EventSpec } from './helpers/device-events';
import { emitRaw, upload, waitForDisconnect, type DeviceSocket } from './helpers/socket-client';
import { connectAs, DEMO, demoDevice, startTestGateway, writeCounts, type TestGateway } from './helpers/test-gateway';

const gloves: EventSpec = {
  eventType: 'ProductIssued',
  product: DEMO.products.gloves,
  quantity: { value: 1, unit: 'each' },
  fromLocation: DEMO.locations.vehicle1,
};
const refusal = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

// Fresh database, migrations and seed per file: slower than the 5 s default on a shared 2-core machine.
jest.setTimeout(30_000);

describe('gateway robustness', () => {
  let t: TestGateway;
  const tech1 = demoDevice('tech1');
  const events = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId);
  let socket: DeviceSocket;
  let before: Record<string, number>;

  beforeAll(async () => {
    t = await startTestGateway({
      config: {
        maxMessageBytes: 100_000,
        maxHttpBufferSize: 200_000,
        maxBatchEvents: 5,
        uploadRatePerSecond: 2,
        uploadBurst: 30,
      },
    });
    socket = await connectAs(t.url, tech1);
  });
  beforeEach(async () => {
    before = await writeCounts(t.orm);
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it.each([
    ['an array instead of { events }', () => [events.build(gloves)]],
    ['events that is not an array', () => ({ events: 'all of them' })],
    ['null', () => null],
    [
      'more events than the batch limit',
      () => ({ events: Array.from({ length: 6 }, () => events.next({ ...gloves, sequenceNumber: 1 })) }),
    ],
  ])('refuses a malformed batch (%s) whole with VALIDATION_ERROR and writes nothing', async (_case, batch) => {
    expect(await emitRaw(socket, 'events:upload', batch())).toEqual(refusal('VALIDATION_ERROR'));
    expect(await writeCounts(t.orm)).toEqual(before);
  });

  it('answers unknown events VALIDATION_ERROR, ignores uploads without an ack function, and writes nothing', async () => {
    expect(await emitRaw(socket, 'inventory:drop-table', { events: [] }, 300)).toEqual({
      ok: false,
      error: { code: 'VALIDATION_ERROR', message: 'Unknown message "inventory:drop-table"' },
    });
    (socket as unknown as { emit(e: string, p: unknown): void }).emit('events:upload', {
      events: [events.next({ ...gloves, sequenceNumber: 1 })],
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.connected).toBe(true);
    expect(await writeCounts(t.orm)).toEqual(before);
  });

  it('answers PAYLOAD_TOO_LARGE to a message between maxMessageBytes and the transport limit, and stays connected', async () => {
    const huge = { ...events.next({ ...gloves, sequenceNumber: 1 }), data: { jobReference: 'x'.repeat(150_000) } };
    expect(await emitRaw(socket, 'events:upload', { events: [huge] })).toEqual({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), maxBytes: 100_000 },
    });
    expect(socket.connected).toBe(true);
    expect(await writeCounts(t.orm)).toEqual(before);
  });

  it('disconnects a client whose message exceeds the transport limit (maxHttpBufferSize) and stores nothing', async () => {
    const big = await connectAs(t.url, tech1);
    const closed = waitForDisconnect(big);
    const huge = { ...events.next({ ...gloves, sequenceNumber: 1 }), data: { jobReference: 'x'.repeat(250_000) } };
    big.emit('events:upload', { events: [huge as never] }, () => undefined);
    expect(await closed).toEqual(expect.any(String));
    expect(await writeCounts(t.orm)).toEqual(before);
  });

  it('answers INTERNAL_ERROR with a generic message when the store fails, and writes nothing', async () => {
    const em = t.orm.em.fork();
    await em.execute('alter table device_submissions rename to device_submissions_away');
    try {
      const signed = await upload(socket, [events.next({ ...gloves, sequenceNumber: 1 })]);
      expect(signed).toEqual(refusal('INTERNAL_ERROR'));
      expect(JSON.stringify(signed)).not.toMatch(/device_submissions|relation|select|insert/i);
    } finally {
      await em.execute('alter table device_submissions_away rename to device_submissions');
    }
    expect(await writeCounts(t.orm)).toEqual(before);
  });

  it('rate limits a device that uploads faster than its bucket allows (RATE_LIMITED)', async () => {
    const tech2 = await connectAs(t.url, demoDevice('tech2'));
    try {
      // One after another: sent together, all but two would be refused for being in flight at once.
      const acks = [];
      for (let i = 0; i < 40; i++) acks.push(await upload(tech2, []));
      const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
      expect(limited).toBeGreaterThanOrEqual(5);
      expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(30);
    } finally {
      tech2.close();
    }
  });
});
