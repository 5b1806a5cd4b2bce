/**
 * Security tests of the device protocol, one `describe` per row of the README's "Security tests"
 * table: what an attacker with a socket (or a stolen phone) would try, against the real gateway
 * and PostgreSQL. Each refusal is a typed code and writes no event.
 */
import { createHmac } from 'node:crypto';
import { markDeviceRevoked } from '@pco/store';
import { DeviceEvents, type EventSpec } from './helpers/device-events';
import { fetchChallenge, freshAuth, generateDeviceKeys, signAuth, signEvent } from './helpers/signing';
import { connectDevice, emitRaw, expectRefused, pull, upload, type DeviceSocket } from './helpers/socket-client';
import { connectAs, DEMO, demoDevice, startTestGateway, writeCounts, type TestGateway } from './helpers/test-gateway';

jest.setTimeout(60_000);

const L = DEMO.locations;
const tech1 = demoDevice('tech1');
const tech3 = demoDevice('tech3');
const gloves = (value: number, fromLocation: string): EventSpec => ({
  eventType: 'ProductIssued',
  product: DEMO.products.gloves,
  quantity: { value, unit: 'each' },
  fromLocation,
  toLocation: L.customerSite,
});

describe('security of the device protocol', () => {
  let t: TestGateway;
  let socket: DeviceSocket;
  const events = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId);
  let before: Record<string, number>;
  const answerOf = async (event: unknown) => {
    const ack = (await emitRaw(socket, 'events:upload', { events: [event] })) as {
      ok: boolean;
      data: { answers: Array<Record<string, unknown>> };
    };
    expect(ack.ok).toBe(true);
    return ack.data.answers[0];
  };

  beforeAll(async () => {
    t = await startTestGateway();
    socket = await connectAs(t.url, tech1);
  });
  beforeEach(async () => {
    before = await writeCounts(t.orm);
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  describe('forged and replayed event signatures', () => {
    it('refuses an event signed by another key as INVALID_SIGNATURE and stores nothing', async () => {
      const forged = {
        ...signEvent(
          events.build({ ...gloves(1, L.vehicle1), sequenceNumber: events.upcomingSequence }),
          generateDeviceKeys(),
        ),
        devicePublicKey: tech1.keys.publicKey,
      };
      expect(await answerOf(forged)).toMatchObject({ status: 'rejected', code: 'INVALID_SIGNATURE' });
      expect(await writeCounts(t.orm)).toEqual(before);
    });

    it('answers a replayed event with its first answer (stored once), and other content under its number as DUPLICATE_OR_REPLAY', async () => {
      const event = events.next(gloves(1, L.vehicle1));
      const first = await answerOf(event);
      expect(first).toMatchObject({ status: 'accepted' });
      const afterFirst = await writeCounts(t.orm);
      expect(await answerOf(event)).toEqual(first);
      const other = signEvent(
        events.build({ ...gloves(2, L.vehicle1), sequenceNumber: first.sequenceNumber as number }),
        tech1.keys,
      );
      expect(await answerOf(other)).toMatchObject({ status: 'rejected', code: 'DUPLICATE_OR_REPLAY' });
      expect(await writeCounts(t.orm)).toEqual(afterFirst);
    });
  });

  describe('forged and replayed auth challenges', () => {
    it('refuses a challenge the server did not issue (made up, or signed with another HMAC key)', async () => {
      const madeUp = signAuth(tech1.deviceId, tech1.keys, 'v1.9999999999999.bm9uY2U.c2ln');
      expect((await expectRefused(t.url, madeUp)).data?.code).toBe('UNAUTHORIZED');
      const { challenge } = await fetchChallenge(t.url, tech1.deviceId);
      const parts = challenge.split('.');
      parts[parts.length - 1] = createHmac('sha256', 'not-the-server-secret')
        .update(parts.slice(0, -1).join('.'))
        .digest('base64url');
      expect((await expectRefused(t.url, signAuth(tech1.deviceId, tech1.keys, parts.join('.')))).data?.code).toBe(
        'UNAUTHORIZED',
      );
    });

    it('refuses a challenge issued for another device, and a handshake replayed after its first use', async () => {
      const forTech3 = (await fetchChallenge(t.url, tech3.deviceId)).challenge;
      expect((await expectRefused(t.url, signAuth(tech1.deviceId, tech1.keys, forTech3))).data?.code).toBe(
        'UNAUTHORIZED',
      );
      const auth = await freshAuth(t.url, tech1.deviceId, tech1.keys);
      (await connectDevice(t.url, auth)).close();
      expect((await expectRefused(t.url, auth)).data).toEqual({
        code: 'UNAUTHORIZED',
        message: expect.stringContaining('already used'),
      });
    });

    it("refuses a fresh challenge signed with a key that is not the device's", async () => {
      const { challenge } = await fetchChallenge(t.url, tech1.deviceId);
      expect((await expectRefused(t.url, signAuth(tech1.deviceId, generateDeviceKeys(), challenge))).data?.code).toBe(
        'UNAUTHORIZED',
      );
    });
  });

  describe('an event claiming another device or person', () => {
    it('refuses an event whose offlineContext names another device, or whose performedBy is another person, and logs nothing', async () => {
      // Signed with tech1's key and linked into tech1's chain: only the claimed device or person is forged.
      const asTech3Device = events.next(gloves(1, L.vehicle1), (e) => ({
        ...e,
        offlineContext: { ...e.offlineContext!, deviceId: tech3.deviceId },
      }));
      expect(await answerOf(asTech3Device)).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      const asTech3Person = events.next(gloves(1, L.vehicle1), (e) => ({ ...e, performedBy: tech3.personId }));
      expect(await answerOf(asTech3Person)).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      expect((await writeCounts(t.orm)).event_log).toBe(before.event_log);
    });
  });

  describe("a technician acting on or pulling another's location", () => {
    it('refuses an issue from a vehicle the technician is not assigned to (FORBIDDEN, nothing logged)', async () => {
      expect(await answerOf(events.next(gloves(1, L.vehicle3)))).toMatchObject({
        status: 'rejected',
        code: 'FORBIDDEN',
      });
      expect((await writeCounts(t.orm)).event_log).toBe(before.event_log);
    });

    it("never serves another technician's location in a pull, whatever the request asks", async () => {
      const other = await connectAs(t.url, tech3);
      const tech3Events = new DeviceEvents(tech3.deviceId, tech3.keys, tech3.personId);
      // Truck 3 is tech3's alone; an issue from it with no customer site touches nothing tech1 sees.
      const own = tech3Events.next({ ...gloves(1, L.vehicle3), toLocation: null });
      const ack = await upload(other, [own]);
      expect(ack.ok && ack.data.answers[0].status).toBe('accepted');
      other.close();
      const page = (await emitRaw(socket, 'events:pull', {
        afterPosition: 0,
        limit: 1000,
        locations: [L.vehicle3],
        deviceId: tech3.deviceId,
      })) as {
        ok: boolean;
        data: { events: Array<{ event: { eventId: string; fromLocation: string | null; toLocation: string | null } }> };
      };
      expect(page.ok).toBe(true);
      expect(page.data.events.map((r) => r.event.eventId)).not.toContain(own.eventId);
      // Every event served touches a location tech1 is assigned to (events at a shared customer site are shared).
      for (const { event } of page.data.events)
        expect([event.fromLocation, event.toLocation].some((l) => l === L.vehicle1 || l === L.customerSite)).toBe(true);
    });
  });

  describe('cursor tampering', () => {
    it.each([
      [{ afterPosition: -1 }],
      [{ afterPosition: 1.5 }],
      [{ afterPosition: '0' }],
      [{ afterPosition: 2 ** 53 }],
      [{ afterPosition: 0, limit: 0 }],
      [{ afterPosition: 0, limit: 100_000 }],
      [{ afterPosition: { $gt: 0 } }],
    ])('refuses the pull cursor %p with VALIDATION_ERROR', async (request) => {
      expect(await emitRaw(socket, 'events:pull', request)).toEqual({
        ok: false,
        error: { code: 'VALIDATION_ERROR', message: expect.any(String) },
      });
    });

    it("answers a cursor beyond the head with an empty page, not an error or another device's data", async () => {
      const page = await pull(socket, { afterPosition: 1_000_000_000 });
      expect(page).toMatchObject({ ok: true, data: { events: [] } });
    });

    it('treats a made-up last known state hash as position 0 (a conflict check over everything since), not as trust', async () => {
      const made = events.next({ ...gloves(1_000_000, L.vehicle1), lastKnownServerStateHash: 'f'.repeat(64) });
      expect(await answerOf(made)).toMatchObject({ status: 'conflict' });
    });
  });

  describe('oversized payloads', () => {
    it('answers PAYLOAD_TOO_LARGE with maxBytes, stays connected and stores nothing', async () => {
      const huge = {
        ...events.build(gloves(1, L.vehicle1)),
        data: { jobReference: 'x'.repeat(t.gateway.config.maxMessageBytes) },
      };
      expect(await emitRaw(socket, 'events:upload', { events: [huge] })).toEqual({
        ok: false,
        error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), maxBytes: t.gateway.config.maxMessageBytes },
      });
      expect(socket.connected).toBe(true);
      expect(await writeCounts(t.orm)).toEqual(before);
    });
  });

  describe('a revoked device reconnecting', () => {
    it('is refused DEVICE_REVOKED at the handshake and at the challenge-signed HTTP reference request', async () => {
      const tech2 = demoDevice('tech2');
      await markDeviceRevoked(t.orm, { deviceId: tech2.deviceId, reason: 'stolen', now: new Date() });
      expect((await expectRefused(t.url, await freshAuth(t.url, tech2.deviceId, tech2.keys))).data?.code).toBe(
        'DEVICE_REVOKED',
      );
      const auth = await freshAuth(t.url, tech2.deviceId, tech2.keys);
      const res = await fetch(`${t.url}/api/reference`, { headers: { 'x-pco-device-auth': JSON.stringify(auth) } });
      expect((await res.json()).error.code).toBe('DEVICE_REVOKED');
    });
  });
});
