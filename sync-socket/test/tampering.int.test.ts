/**
 * Issue 11: every event is signed whole and chained per device. Each tampering below is sent over
 * a real socket to a real gateway and PostgreSQL; each is refused with its code, the events before
 * it are stored, nothing after it in the batch is, and the honest device can carry on afterwards.
 */
import { acknowledgeLostSequences } from '@pco/store';
import type { EventAnswer, InventoryEvent, SignedEvent } from '@pco/domain';
import { chainStartHash, DeviceEvents, signedHashOf, type EventSpec } from './helpers/device-events';
import { signEvent } from './helpers/signing';
import { upload, type DeviceSocket } from './helpers/socket-client';
import {
  connectAs,
  DEMO,
  registerNewDevice,
  startTestGateway,
  type TestDevice,
  type TestGateway,
} from './helpers/test-gateway';

jest.setTimeout(60_000);

const L = DEMO.locations;
const glovesBack = (value: number): EventSpec => ({
  eventType: 'ProductReturned',
  product: DEMO.products.gloves,
  quantity: { value, unit: 'each' },
  fromLocation: L.customerSite,
  toLocation: L.vehicle1,
  data: { reason: 'unused' },
});

interface Phone {
  device: TestDevice;
  socket: DeviceSocket;
  events: DeviceEvents;
}

describe('tampering with signed, chained events (real sockets)', () => {
  let t: TestGateway;
  const phones: Phone[] = [];

  async function newPhone(): Promise<Phone> {
    const device = await registerNewDevice(t, DEMO.persons.tech1);
    const phone = {
      device,
      socket: await connectAs(t.url, device),
      events: new DeviceEvents(device.deviceId, device.keys, device.personId),
    };
    phones.push(phone);
    return phone;
  }

  async function send(phone: Phone, events: SignedEvent[]): Promise<EventAnswer[]> {
    const ack = await upload(phone.socket, events);
    if (!ack.ok) throw new Error(`batch refused: ${ack.error.code}`);
    return ack.data.answers;
  }

  const fiveEvents = (phone: Phone): SignedEvent[] => [1, 2, 3, 4, 5].map((n) => phone.events.next(glovesBack(n)));
  const storedFor = async (phone: Phone): Promise<number> =>
    (
      await t.orm.em
        .fork()
        .getConnection()
        .execute('select count(*)::int as n from event_log where device_id = ?', [phone.device.deviceId])
    )[0].n;

  /** The device keeps working after the refusal: the honest events are accepted in order. */
  async function honestRetryAccepted(phone: Phone, honest: SignedEvent[], from: number): Promise<void> {
    const answers = await send(phone, honest.slice(from));
    expect(answers.map((a) => a.status)).toEqual(honest.slice(from).map(() => 'accepted'));
    expect(await storedFor(phone)).toBe(honest.length);
  }

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    for (const p of phones) p.socket.close();
    await t.close();
  });

  it('accepts an honest chained batch: each event stored with its own signature and link', async () => {
    const phone = await newPhone();
    const batch = fiveEvents(phone);
    expect((await send(phone, batch)).map((a) => a.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    const rows = await t.orm.em
      .fork()
      .getConnection()
      .execute('select payload from event_log where device_id = ? order by sequence_number', [phone.device.deviceId]);
    expect((rows as Array<{ payload: SignedEvent }>).map((r) => r.payload.signature)).toEqual(
      batch.map((e) => e.signature),
    );
    expect(rows[0].payload.offlineContext.previousEventHash).toBe(chainStartHash(phone.device.deviceId, 1));
    expect(rows[1].payload.offlineContext.previousEventHash).toBe(signedHashOf(batch[0]));
    const [device] = await t.orm.em
      .fork()
      .getConnection()
      .execute('select chain_head_hash from devices where id = ?', [phone.device.deviceId]);
    expect(device.chain_head_hash).toBe(signedHashOf(batch[4]));
  });

  it.each([
    ['altered data', (e: SignedEvent) => ({ ...e, data: { reason: 'sold on' } })],
    [
      'altered device timestamp',
      (e: SignedEvent) => ({
        ...e,
        offlineContext: { ...e.offlineContext!, deviceTimestamp: '2020-01-01T00:00:00.000Z' },
      }),
    ],
  ])('%s in the middle: INVALID_SIGNATURE on it, nothing after it stored', async (_name, tamper) => {
    const phone = await newPhone();
    const honest = fiveEvents(phone);
    const answers = await send(phone, [honest[0], honest[1], tamper(honest[2]) as SignedEvent, honest[3], honest[4]]);
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'accepted', 'rejected', 'rejected', 'rejected']);
    expect(answers[2]).toMatchObject({ code: 'INVALID_SIGNATURE', eventId: honest[2].eventId, sequenceNumber: 3 });
    expect(answers[3]).toMatchObject({ code: 'CHAIN_BROKEN' });
    expect(answers[4]).toMatchObject({ code: 'CHAIN_BROKEN', reason: expect.stringContaining(honest[3].eventId) });
    expect(await storedFor(phone)).toBe(2);
    await honestRetryAccepted(phone, honest, 2);
  });

  it('a removed middle event: SEQUENCE_GAP on the one after the hole, nothing after it stored', async () => {
    const phone = await newPhone();
    const honest = fiveEvents(phone);
    const answers = await send(phone, [honest[0], honest[1], honest[3], honest[4]]);
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
    expect(answers[2]).toMatchObject({
      code: 'SEQUENCE_GAP',
      eventId: honest[3].eventId,
      reason: expect.stringContaining('expected sequence 3'),
    });
    expect(answers[3]).toMatchObject({ code: 'CHAIN_BROKEN', reason: expect.stringContaining(honest[3].eventId) });
    expect(await storedFor(phone)).toBe(2);
    await honestRetryAccepted(phone, honest, 2);
  });

  it('swapped order: the first event out of place is refused, nothing after it stored', async () => {
    const phone = await newPhone();
    const honest = fiveEvents(phone);
    const answers = await send(phone, [honest[0], honest[2], honest[1], honest[3], honest[4]]);
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(answers[1]).toMatchObject({ code: 'SEQUENCE_GAP', eventId: honest[2].eventId });
    expect(answers.slice(2)).toEqual(
      honest.filter((_, i) => i !== 0 && i !== 2).map(() => expect.objectContaining({ code: 'CHAIN_BROKEN' })),
    );
    expect(await storedFor(phone)).toBe(1);
    // Numbers that run backwards with the right links are refused too.
    const backwards = await send(phone, [honest[1], honest[2], honest[1]]);
    expect(backwards.map((a) => a.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(backwards[2]).toMatchObject({ code: 'CHAIN_BROKEN', reason: expect.stringContaining('does not follow') });
    await honestRetryAccepted(phone, honest, 3);
  });

  it('an event replayed from another device: CHAIN_BROKEN in a batch, INVALID_SIGNATURE alone; nothing stored', async () => {
    const phone = await newPhone();
    const other = await newPhone();
    const honest = fiveEvents(phone);
    const othersBatch = fiveEvents(other);
    expect((await send(other, othersBatch)).every((a) => a.status === 'accepted')).toBe(true);
    const inBatch = await send(phone, [honest[0], honest[1], othersBatch[2], honest[3]]);
    expect(inBatch.map((a) => a.status)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
    expect(inBatch[2]).toMatchObject({ code: 'CHAIN_BROKEN', eventId: othersBatch[2].eventId });
    const alone = await send(phone, [othersBatch[2]]);
    expect(alone[0]).toMatchObject({ status: 'rejected', code: 'INVALID_SIGNATURE' });
    expect(await storedFor(phone)).toBe(2);
    await honestRetryAccepted(phone, honest, 2);
  });

  it('a valid signature over a broken link: CHAIN_BROKEN inside a batch and against the stored head', async () => {
    const phone = await newPhone();
    const honest = fiveEvents(phone);
    const relink = (e: SignedEvent, previousEventHash: string): SignedEvent => {
      const { signature: _s, signedFields: _f, devicePublicKey: _k, ...event } = e;
      return signEvent(
        { ...event, offlineContext: { ...event.offlineContext!, previousEventHash } } as InventoryEvent,
        phone.device.keys,
      );
    };
    const forgedLink = relink(honest[2], 'f'.repeat(64));
    const inBatch = await send(phone, [honest[0], honest[1], forgedLink, honest[3]]);
    expect(inBatch.map((a) => a.status)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
    expect(inBatch[2]).toMatchObject({ code: 'CHAIN_BROKEN', eventId: honest[2].eventId });
    // First in its batch: the store checks it against the device's stored head.
    const againstHead = await send(phone, [forgedLink, honest[3]]);
    expect(againstHead[0]).toMatchObject({
      status: 'rejected',
      code: 'CHAIN_BROKEN',
      reason: expect.stringContaining('event 2'),
    });
    expect(againstHead[1]).toMatchObject({ status: 'rejected' });
    // A chain start where the server holds the previous event is refused too.
    const restart = await send(phone, [relink(honest[2], chainStartHash(phone.device.deviceId, 3))]);
    expect(restart[0]).toMatchObject({
      status: 'rejected',
      code: 'CHAIN_BROKEN',
      reason: expect.stringContaining('starts a new chain'),
    });
    expect(await storedFor(phone)).toBe(2);
    await honestRetryAccepted(phone, honest, 2);
  });

  it('an event under the old rule from a device that already chains: CHAIN_BROKEN (no downgrade)', async () => {
    const phone = await newPhone();
    expect((await send(phone, [phone.events.next(glovesBack(1))]))[0].status).toBe('accepted');
    const oldRule = signEvent(phone.events.build({ ...glovesBack(1), sequenceNumber: 2 }), phone.device.keys);
    expect((await send(phone, [oldRule]))[0]).toMatchObject({
      status: 'rejected',
      code: 'CHAIN_BROKEN',
      reason: expect.stringContaining('signatureVersion 2'),
    });
    expect(await storedFor(phone)).toBe(1);
  });

  it('after acknowledged lost numbers the device restarts its chain, and the server accepts the restart there only', async () => {
    const phone = await newPhone();
    const honest = fiveEvents(phone);
    expect((await send(phone, honest.slice(0, 2))).every((a) => a.status === 'accepted')).toBe(true);
    const lost = await acknowledgeLostSequences(t.orm, {
      deviceId: phone.device.deviceId,
      throughSequence: 4,
      acknowledgedBy: DEMO.persons.manager,
      reason: 'phone storage lost',
      now: new Date(),
    });
    expect(lost.ok).toBe(true);
    // The phone lost events 3 and 4 with its storage: its next event (5) is a chain start.
    const restarted = new DeviceEvents(
      phone.device.deviceId,
      phone.device.keys,
      phone.device.personId,
      () => new Date(),
      5,
    );
    const answers = await send(phone, [restarted.next(glovesBack(5)), restarted.next(glovesBack(6))]);
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'accepted']);
    expect(await storedFor(phone)).toBe(4);
  });

  it('after acknowledged lost numbers, a device that kept its chain links to the lost event: accepted, the link cannot be checked', async () => {
    const phone = await newPhone();
    const honest = fiveEvents(phone);
    expect((await send(phone, honest.slice(0, 2))).every((a) => a.status === 'accepted')).toBe(true);
    // Events 3 and 4 failed on the device (never accepted); a manager acknowledges them lost.
    const lost = await acknowledgeLostSequences(t.orm, {
      deviceId: phone.device.deviceId,
      throughSequence: 4,
      acknowledgedBy: DEMO.persons.manager,
      reason: 'events failed on the phone',
      now: new Date(),
    });
    expect(lost.ok).toBe(true);
    expect((await send(phone, [honest[4]]))[0].status).toBe('accepted');
    expect(await storedFor(phone)).toBe(3);
  });

  it('a device whose history is under the old rule keeps uploading, then starts its chain', async () => {
    const phone = await newPhone();
    const legacy = new DeviceEvents(
      phone.device.deviceId,
      phone.device.keys,
      phone.device.personId,
      () => new Date(),
      1,
      { signatureVersion: 1 },
    );
    expect((await send(phone, [legacy.next(glovesBack(1)), legacy.next(glovesBack(2))])).map((a) => a.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    const upgraded = new DeviceEvents(
      phone.device.deviceId,
      phone.device.keys,
      phone.device.personId,
      () => new Date(),
      3,
    );
    expect(
      (await send(phone, [upgraded.next(glovesBack(3)), upgraded.next(glovesBack(4))])).map((a) => a.status),
    ).toEqual(['accepted', 'accepted']);
    expect(await storedFor(phone)).toBe(4);
  });
});
