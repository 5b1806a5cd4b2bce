/**
 * Issue 7.3 — a device whose clock is wrong can still connect. Freshness of the handshake comes
 * from a challenge the server issued (valid for a short time by the SERVER's clock, accepted
 * once), not from the device's timestamp. Real gateway, real sockets, real PostgreSQL; the
 * gateway's clock is a test clock so "expired" needs no waiting.
 */
import { AUTH_CHALLENGE_PATH, DEVICE_AUTH_HEADER } from '@pco/domain';
import { query } from '@pco/store';
import { DeviceEvents } from './helpers/device-events';
import { fetchChallenge, freshAuth, signAuth } from './helpers/signing';
import { connectDevice, connectWithClockOffset, expectRefused, upload } from './helpers/socket-client';
import { DEMO, demoDevice, startTestGateway, type TestGateway } from './helpers/test-gateway';

jest.setTimeout(30_000);

const DAY = 24 * 60 * 60_000;
const TTL_MS = 60_000;
let serverMs = Date.parse('2026-11-29T12:00:00.000Z');
const serverNow = () => new Date(serverMs);

describe('handshake freshness from a server challenge', () => {
  let t: TestGateway;
  const tech1 = demoDevice('tech1');
  beforeAll(async () => {
    t = await startTestGateway({ now: serverNow, config: { authChallengeTtlMs: TTL_MS } });
  });
  afterAll(() => t.close());

  it('issues a challenge that expires by the server clock', async () => {
    const res = await fetch(`${t.url}${AUTH_CHALLENGE_PATH}?deviceId=${tech1.deviceId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      challenge: expect.stringMatching(/^c1\./),
      serverTime: serverNow().toISOString(),
      expiresAt: new Date(serverMs + TTL_MS).toISOString(),
    });
    const bare = await fetch(`${t.url}${AUTH_CHALLENGE_PATH}`);
    expect(bare.status).toBe(400);
    expect((await bare.json()).error.code).toBe('VALIDATION_ERROR');
  });

  it('a device whose clock is 3 days ahead connects, is told its offset, and its events are accepted in sequence order', async () => {
    const deviceClock = () => new Date(serverMs + 3 * DAY);
    const { socket, offset } = await connectWithClockOffset(
      t.url,
      await freshAuth(t.url, tech1.deviceId, tech1.keys, deviceClock()),
    );
    try {
      expect(await offset).toEqual({
        serverTime: serverNow().toISOString(),
        deviceTime: deviceClock().toISOString(),
        offsetMs: -3 * DAY,
      });
      const events = new DeviceEvents(tech1.deviceId, tech1.keys, tech1.personId, deviceClock);
      const batch = [1, 2, 3].map(() =>
        events.next({
          eventType: 'ProductIssued',
          product: DEMO.products.gloves,
          quantity: { value: 1, unit: 'each' },
          fromLocation: DEMO.locations.vehicle1,
          toLocation: DEMO.locations.customerSite,
        }),
      );
      const ack = await upload(socket, batch);
      if (!ack.ok) throw new Error(`batch refused: ${ack.error.code}`);
      expect(ack.data.answers.map((a) => [a.status, a.sequenceNumber])).toEqual([
        ['accepted', 1],
        ['accepted', 2],
        ['accepted', 3],
      ]);
      const positions = ack.data.answers.map((a) => (a.status === 'accepted' ? a.position : -1));
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      const logged = await query<{ sequence_number: number; device_ts: string }>(
        t.orm.em.fork(),
        `select sequence_number, payload->'offlineContext'->>'deviceTimestamp' as device_ts from event_log where device_id = $1 order by position`,
        [tech1.deviceId],
      );
      expect(logged).toEqual([1, 2, 3].map((n) => ({ sequence_number: n, device_ts: deviceClock().toISOString() })));
    } finally {
      socket.close();
    }
  });

  it('a device whose clock is 3 days behind reads reference data over HTTP with a challenge', async () => {
    const auth = await freshAuth(t.url, tech1.deviceId, tech1.keys, new Date(serverMs - 3 * DAY));
    const res = await fetch(`${t.url}/api/reference`, { headers: { [DEVICE_AUTH_HEADER]: JSON.stringify(auth) } });
    expect(res.status).toBe(200);
    const replay = await fetch(`${t.url}/api/reference`, { headers: { [DEVICE_AUTH_HEADER]: JSON.stringify(auth) } });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Handshake challenge was already used; fetch a new one',
    });
  });

  it('refuses the replay of a used challenge, socket after socket and socket after HTTP', async () => {
    const auth = await freshAuth(t.url, tech1.deviceId, tech1.keys);
    (await connectDevice(t.url, auth)).close();
    const refusal = await expectRefused(t.url, auth);
    expect(refusal.data).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Handshake challenge was already used; fetch a new one',
    });
    const viaHttp = await freshAuth(t.url, tech1.deviceId, tech1.keys);
    expect(
      (await fetch(`${t.url}/api/reference`, { headers: { [DEVICE_AUTH_HEADER]: JSON.stringify(viaHttp) } })).status,
    ).toBe(200);
    expect((await expectRefused(t.url, viaHttp)).data?.code).toBe('UNAUTHORIZED');
  });

  it('refuses an expired challenge (server clock past its expiry), whatever the device clock says', async () => {
    const { challenge } = await fetchChallenge(t.url, tech1.deviceId);
    serverMs += TTL_MS + 1;
    const refusal = await expectRefused(
      t.url,
      signAuth(tech1.deviceId, tech1.keys, challenge, new Date(serverMs - TTL_MS)),
    );
    expect(refusal.data).toEqual({ code: 'UNAUTHORIZED', message: 'Handshake challenge has expired; fetch a new one' });
  });

  it('refuses a challenge signed by another secret (another deployment) or altered', async () => {
    const other = await startTestGateway({ now: serverNow });
    try {
      const { challenge } = await fetchChallenge(other.url, tech1.deviceId);
      expect((await expectRefused(t.url, signAuth(tech1.deviceId, tech1.keys, challenge))).data?.message).toBe(
        'Handshake challenge was not issued by this server for this device',
      );
      const mine = (await fetchChallenge(t.url, tech1.deviceId)).challenge;
      const later = mine.replace(
        /^c1\.([0-9a-z]+)\./,
        (_m, e: string) => `c1.${(parseInt(e, 36) + DAY).toString(36)}.`,
      );
      expect((await expectRefused(t.url, signAuth(tech1.deviceId, tech1.keys, later))).data?.code).toBe('UNAUTHORIZED');
    } finally {
      await other.close();
    }
  });
});
