/**
 * Limits on every message, over real sockets: a pull flood from one device is refused
 * (RATE_LIMITED: its own token bucket, and one pull of a device at a time) without touching
 * another device's pulls; a refusal for rate writes no metrics row; a message over the size
 * limit is answered PAYLOAD_TOO_LARGE with the limit, on a connection that stays up, and only a
 * message over the transport's own limit still drops the connection.
 */
import { recordSyncAttempt } from '@pco/store';
import { DeviceEvents } from './helpers/device-events';
import { emitRaw, expectRefused, pull, upload, waitForDisconnect, type DeviceSocket } from './helpers/socket-client';
import { freshAuth } from './helpers/signing';
import { connectAs, DEMO, demoDevice, startTestGateway, writeCounts, type TestGateway } from './helpers/test-gateway';

jest.setTimeout(30_000);

const codesOf = (acks: Array<{ ok: boolean; error?: { code: string } }>) =>
  acks.map((a) => (a.ok ? 'ok' : a.error?.code));
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

describe('per-device message limits', () => {
  let t: TestGateway;
  const sockets: DeviceSocket[] = [];
  const connect = async (tech: 'tech1' | 'tech2' | 'tech3' | 'manager') => {
    const socket = await connectAs(t.url, demoDevice(tech as 'tech1'));
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestGateway({
      // Buckets that refill slowly enough that no token comes back during a test.
      config: { pullRatePerSecond: 0.01, pullBurst: 4, uploadRatePerSecond: 0.01, uploadBurst: 3 },
      onSyncAttempt: (report) => recordSyncAttempt(t.orm.em.fork(), report),
    });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  it('Given one device floods pulls, Then one runs at a time, its bucket refuses the rest, and another device still pulls', async () => {
    const flooder = await connect('tech1');
    const other = await connect('tech2');
    const flood = codesOf(await Promise.all(Array.from({ length: 3 }, () => pull(flooder, { afterPosition: 0 }))));
    // Sent together: the first runs, the two others arrive while it is in flight.
    expect(flood).toEqual(['ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    // One after another: the bucket (burst 4) has one token left after the three above.
    const sequential = [];
    for (let i = 0; i < 3; i++) sequential.push(await pull(flooder, { afterPosition: 0 }));
    expect(codesOf(sequential)).toEqual(['ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(codesOf([await pull(other, { afterPosition: 0 })])).toEqual(['ok']);
  });

  it('Given uploads refused for rate, Then no sync attempt is recorded for them (no metrics row write)', async () => {
    const socket = await connect('tech3');
    const acks = [];
    for (let i = 0; i < 12; i++) acks.push(await upload(socket, []));
    expect(codesOf(acks)).toEqual(['ok', 'ok', 'ok', ...Array(9).fill('RATE_LIMITED')]);
    await settle();
    const rows = await t.orm.em
      .fork()
      .execute<Array<{ failures: number }>>(
        'select consecutive_sync_failures as failures from device_metrics where device_id = ?',
        [DEMO.devices.tech3],
      );
    expect(rows).toEqual([{ failures: 0 }]);
  });
});

describe('message size', () => {
  let t: TestGateway;
  const tech1 = demoDevice('tech1');

  beforeAll(async () => {
    t = await startTestGateway(); // default limits: 1,000,000 bytes answered, 4,000,000 the transport's
  });
  afterAll(async () => t.close());

  it('Given a message over maxMessageBytes, Then it is answered PAYLOAD_TOO_LARGE with the limit, nothing is stored, and the connection stays up', async () => {
    const socket = await connectAs(t.url, tech1);
    try {
      const before = await writeCounts(t.orm);
      const events = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId);
      const event = events.next({
        eventType: 'ProductIssued',
        product: DEMO.products.gloves,
        quantity: { value: 1, unit: 'each' },
        fromLocation: DEMO.locations.vehicle1,
      });
      const tooBig = { events: [event], padding: 'x'.repeat(1_200_000) };
      expect(await emitRaw(socket, 'events:upload', tooBig)).toEqual({
        ok: false,
        error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1000000'), maxBytes: 1_000_000 },
      });
      expect(await emitRaw(socket, 'events:pull', { afterPosition: 0, padding: 'y'.repeat(1_100_000) })).toMatchObject({
        ok: false,
        error: { code: 'PAYLOAD_TOO_LARGE', maxBytes: 1_000_000 },
      });
      expect(socket.connected).toBe(true);
      expect(await writeCounts(t.orm)).toEqual(before);
      const ack = await upload(socket, [event]);
      expect(ack.ok && ack.data.answers.map((a) => a.status)).toEqual(['accepted']);
    } finally {
      socket.close();
    }
  });

  it('Given a batch longer than maxBatchEvents (and than the events burst), Then it is a VALIDATION_ERROR, not RATE_LIMITED for ever', async () => {
    const socket = await connectAs(t.url, demoDevice('tech2'));
    try {
      expect(
        await emitRaw(socket, 'events:upload', { events: Array.from({ length: 1_200 }, () => ({})) }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_ERROR' },
      });
    } finally {
      socket.close();
    }
  });

  it('Given a message over the transport limit (4 × maxMessageBytes), Then the connection is closed without an answer (documented)', async () => {
    const socket = await connectAs(t.url, tech1);
    const closed = waitForDisconnect(socket);
    socket.emit('events:upload', { events: [], padding: 'z'.repeat(4_100_000) } as never, () => undefined);
    expect(await closed).toEqual(expect.any(String));
  });
});

describe('a device that keeps sending after RATE_LIMITED', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({
      // Tokens that never come back during the test; a threshold small enough to reach quickly.
      config: {
        pullRatePerSecond: 0.01,
        pullBurst: 2,
        floodRefusalsToCutOff: 20,
        floodWindowMs: 60_000,
        floodCoolDownMs: 60_000,
      },
    });
  });
  afterAll(() => t.close());

  it('Given 30 pulls past its bucket, Then it is cut off: its socket closes, its next handshake is RATE_LIMITED before any lookup, and another device still pulls', async () => {
    const flooder = await connectAs(t.url, demoDevice('tech1'));
    const closed = waitForDisconnect(flooder);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        emitRaw(flooder, 'events:pull', { afterPosition: 0, limit: 1 }, 2_000).catch(() => ({
          ok: false,
          error: { code: 'no answer' },
        })),
      ),
    );
    const codes = codesOf(answers as Array<{ ok: boolean; error?: { code: string } }>);
    // Two pulls had tokens; the refusals that follow cross the threshold (20) and the socket is closed.
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(20);
    await closed;
    const refused = await expectRefused(t.url, await freshAuth(t.url, DEMO.devices.tech1, demoDevice('tech1').keys));
    expect(refused.data).toEqual({ code: 'RATE_LIMITED', message: expect.stringContaining('retry in') });
    const other = await connectAs(t.url, demoDevice('tech2'));
    try {
      expect((await pull(other, { afterPosition: 0, limit: 10 })).ok).toBe(true);
    } finally {
      other.close();
    }
  });
});
