import type { EventAnswer, SignedEvent } from '@pco/domain';
import { DeviceEvents, type EventSpec } from './helpers/device-events';
import { generateDeviceKeys, signEvent } from './helpers/signing';
import { upload, type DeviceSocket } from './helpers/socket-client';
import {
  connectAs,
  countRows,
  DEMO,
  demoDevice,
  startTestGateway,
  writeCounts,
  type TestGateway,
} from './helpers/test-gateway';

const L = DEMO.locations;
const gloves = (value: number, over: Partial<EventSpec> = {}): EventSpec => ({
  eventType: 'ProductIssued',
  product: DEMO.products.gloves,
  quantity: { value, unit: 'each' },
  fromLocation: L.vehicle1,
  toLocation: L.customerSite,
  ...over,
});

// Fresh database, migrations and seed per file: slower than the 5 s default on a shared 2-core machine.
jest.setTimeout(30_000);

describe('events:upload', () => {
  let t: TestGateway;
  let socket: DeviceSocket;
  const tech1 = demoDevice('tech1');
  const events = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId);
  /** An event at the next number WITHOUT consuming it in the factory (for non-consuming rejections). */
  const atNext = (spec: EventSpec) => events.build({ ...spec, sequenceNumber: events.upcomingSequence });

  async function uploadOne(event: SignedEvent): Promise<EventAnswer> {
    const ack = await upload(socket, [event]);
    if (!ack.ok) throw new Error(`batch refused: ${ack.error.code}`);
    return ack.data.answers[0];
  }

  beforeAll(async () => {
    // Two verifier threads: a small batch can finish verification before a big one sent earlier.
    t = await startTestGateway({ config: { verifierThreads: 2 } });
    socket = await connectAs(t.url, tech1);
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it('accepts a signed in-sequence event and answers with its server id, position and hash', async () => {
    const before = await countRows(t.orm, 'event_log');
    const event = events.next(gloves(2));
    const answer = await uploadOne(event);
    expect(answer).toEqual({
      status: 'accepted',
      eventId: event.eventId,
      sequenceNumber: 1,
      serverId: String(before + 1),
      position: before + 1,
      recordedAt: expect.any(String),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await countRows(t.orm, 'event_log')).toBe(before + 1);
  });

  it('answers an identical resent batch with the same answers and stores the event once', async () => {
    const batch = [events.next(gloves(1)), events.next(gloves(1))];
    const first = await upload(socket, batch);
    const logAfterFirst = await countRows(t.orm, 'event_log');
    const second = await upload(socket, batch);
    expect(first.ok && first.data.answers.map((a) => a.status)).toEqual(['accepted', 'accepted']);
    expect(second).toEqual(first);
    expect(await countRows(t.orm, 'event_log')).toBe(logAfterFirst);
  });

  describe('rejections that store nothing in the event log', () => {
    let before: Record<string, number>;
    beforeEach(async () => {
      before = await writeCounts(t.orm);
    });
    const logUnchanged = async () => expect((await writeCounts(t.orm)).event_log).toBe(before.event_log);

    it('a signature made with another key (event names the registered key)', async () => {
      const forged = { ...signEvent(atNext(gloves(1)), generateDeviceKeys()), devicePublicKey: tech1.keys.publicKey };
      expect(await uploadOne(forged)).toMatchObject({ status: 'rejected', code: 'INVALID_SIGNATURE' });
      expect(await writeCounts(t.orm)).toEqual(before);
    });

    it('an event signed and named with a key that is not the registered one', async () => {
      const stranger = signEvent(atNext(gloves(1)), generateDeviceKeys());
      expect(await uploadOne(stranger)).toMatchObject({ status: 'rejected', code: 'INVALID_SIGNATURE' });
      expect(await writeCounts(t.orm)).toEqual(before);
    });

    it('a signed field changed after signing', async () => {
      const signed = signEvent(atNext(gloves(1)), tech1.keys);
      const tampered = { ...signed, quantity: { value: 90, unit: 'each' as const } };
      expect(await uploadOne(tampered)).toMatchObject({ status: 'rejected', code: 'INVALID_SIGNATURE' });
      expect(await writeCounts(t.orm)).toEqual(before);
    });

    it('a replay of a used sequence number with other content', async () => {
      const replay = signEvent(events.build({ ...gloves(7), sequenceNumber: 1 }), tech1.keys);
      expect(await uploadOne(replay)).toMatchObject({
        status: 'rejected',
        code: 'DUPLICATE_OR_REPLAY',
        sequenceNumber: 1,
      });
      expect(await writeCounts(t.orm)).toEqual(before);
    });

    it('a sequence gap', async () => {
      const ahead = signEvent(events.build({ ...gloves(1), sequenceNumber: events.upcomingSequence + 1 }), tech1.keys);
      expect(await uploadOne(ahead)).toMatchObject({ status: 'rejected', code: 'SEQUENCE_GAP' });
      expect(await writeCounts(t.orm)).toEqual(before);
    });

    it('a transfer to an inactive location (the number is consumed)', async () => {
      const transfer = events.next({
        eventType: 'ProductTransferred',
        product: DEMO.products.gloves,
        quantity: { value: 1, unit: 'each' },
        fromLocation: L.vehicle1,
        toLocation: L.inactive,
      });
      expect(await uploadOne(transfer)).toMatchObject({ status: 'rejected', code: 'LOCATION_INACTIVE' });
      await logUnchanged();
    });

    it('an online-only action sent from the device queue (ProductReceived with offlineContext)', async () => {
      const received = events.next({
        eventType: 'ProductReceived',
        product: DEMO.products.gloves,
        quantity: { value: 10, unit: 'each' },
        toLocation: L.warehouse,
        data: { supplier: 'Acme' },
      });
      expect(await uploadOne(received)).toMatchObject({ status: 'rejected', code: 'NOT_ALLOWED_OFFLINE' });
      await logUnchanged();
    });

    it.each([
      ['a fractional count (1.5 gloves, unit each)', { value: 1.5, unit: 'each' }, 'must be a whole number for each'],
      [
        'float noise in a count unit (0.30000000000000004 each)',
        { value: 0.30000000000000004, unit: 'each' },
        'must be a whole number for each',
      ],
      [
        'float noise in a measured unit (0.30000000000000004 fl_oz)',
        { value: 0.30000000000000004, unit: 'fl_oz' },
        'at most 2 decimals for fl_oz',
      ],
    ] as const)('%s: VALIDATION_ERROR naming quantity.value, answered at the edge', async (_name, quantity, phrase) => {
      const product = quantity.unit === 'each' ? DEMO.products.gloves : DEMO.products.termiticide;
      const answer = await uploadOne(signEvent(atNext({ ...gloves(1), product, quantity }), tech1.keys));
      expect(answer).toMatchObject({
        status: 'rejected',
        code: 'VALIDATION_ERROR',
        reason: expect.stringContaining('quantity.value'),
      });
      expect(answer).toMatchObject({ reason: expect.stringContaining(phrase) });
      expect(await writeCounts(t.orm)).toEqual(before);
    });

    it('after all of them, the next number is still free: a valid event there is accepted', async () => {
      expect(await uploadOne(events.next(gloves(1)))).toMatchObject({ status: 'accepted' });
    });
  });

  it('processes one device’s batches in arrival order even when a later, smaller batch is verified first', async () => {
    // Counts need no stock, so 200 of them cannot run into a conflict.
    const count = (value: number): EventSpec => ({
      eventType: 'InventoryCounted',
      product: DEMO.products.gloves,
      quantity: { value, unit: 'each' },
      toLocation: L.vehicle1,
    });
    const big = Array.from({ length: 200 }, () => events.next(count(80)));
    const small = [events.next(count(80))];
    const other = await connectAs(t.url, tech1);
    try {
      // Same device, two sockets (as after a reconnect): the second batch must wait for the first.
      const acks = await Promise.all([
        upload(socket, big),
        new Promise((r) => setTimeout(r, 5)).then(() => upload(other, small)),
      ]);
      const statuses = acks.flatMap((ack) => (ack.ok ? ack.data.answers.map((a) => a.status) : [ack.error.code]));
      expect(new Set(statuses)).toEqual(new Set(['accepted']));
      expect(statuses).toHaveLength(201);
    } finally {
      other.close();
    }
  });

  it('answers a malformed event itself without consuming its number; the rest of the batch proceeds', async () => {
    const first = events.next(gloves(1));
    const malformed: Record<string, unknown> = { ...atNext(gloves(1)) };
    delete malformed.product;
    const second = events.next(gloves(1));
    const ack = await upload(socket, [first, malformed as never, second]);
    expect(ack.ok && ack.data.answers).toEqual([
      expect.objectContaining({ status: 'accepted', eventId: first.eventId }),
      expect.objectContaining({
        status: 'rejected',
        code: 'VALIDATION_ERROR',
        eventId: malformed.eventId,
        sequenceNumber: second.offlineContext?.sequenceNumber,
      }),
      expect.objectContaining({ status: 'accepted', eventId: second.eventId }),
    ]);
  });
});
