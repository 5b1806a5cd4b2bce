/**
 * Abuse limits per client address and bytes per device (issue 12; README "Abuse limits"):
 * handshakes and challenges per address are refused RATE_LIMITED before any database work, a
 * device's oldest sockets are closed over its socket limit,
 * connections per address and unauthenticated connections are capped at the transport (HTTP 400 for a WebSocket upgrade, 403 for long-polling), and a
 * device sending too many bytes is refused RATE_LIMITED. Nothing is written for any refusal.
 */
import WebSocket from 'ws';
import { AUTH_CHALLENGE_PATH } from '@pco/domain';
import { freshAuth } from './helpers/signing';
import { connectDevice, emitRaw, expectRefused, waitForDisconnect, type DeviceSocket } from './helpers/socket-client';
import { connectAs, demoDevice, startTestGateway, writeCounts, type TestGateway } from './helpers/test-gateway';

jest.setTimeout(60_000);

const tech1 = demoDevice('tech1');
const tech2 = demoDevice('tech2');

/** Polls until `condition` holds (the server notices a closed connection asynchronously). */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

/** A raw transport connection that never authenticates; resolves once open, or with the HTTP refusal status. */
function idleConnection(url: string): Promise<{ ws: WebSocket; refusedStatus: number | null }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, refusedStatus: null }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, refusedStatus: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ ws, refusedStatus: -1 }));
  });
}

describe('handshakes and challenges per address', () => {
  let t: TestGateway;
  const open: DeviceSocket[] = [];
  beforeAll(async () => {
    t = await startTestGateway({ config: { handshakesPerAddressPerSecond: 0.001, handshakeBurstPerAddress: 3 } });
  });
  afterAll(async () => {
    for (const socket of open) socket.close();
    await t.close();
  });

  it('refuses the handshake over the burst with RATE_LIMITED, before the device is looked up', async () => {
    // Challenges have a bucket of their own: fetch the fourth one before the handshake bucket runs dry.
    const auths = [];
    for (let i = 0; i < 3; i++) auths.push(await freshAuth(t.url, tech1.deviceId, tech1.keys));
    for (const auth of auths) open.push(await connectDevice(t.url, auth));
    const before = await writeCounts(t.orm);
    const refusal = await expectRefused(t.url, {
      deviceId: 'device-that-does-not-exist',
      timestamp: new Date().toISOString(),
      nonce: 'n',
      signature: 's',
    });
    // UNKNOWN_DEVICE would mean the database was asked first.
    expect(refusal.data).toEqual({ code: 'RATE_LIMITED', message: expect.stringContaining('address') });
    expect(await writeCounts(t.orm)).toEqual(before);
  });

  it('answers the challenge request over the burst with 429 RATE_LIMITED', async () => {
    const res = await fetch(`${t.url}${AUTH_CHALLENGE_PATH}?deviceId=${tech2.deviceId}`);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
  });
});

describe('connections per address and unauthenticated connections', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({
      config: { maxConnectionsPerAddress: 3, maxUnauthenticatedPerAddress: 2, maxUnauthenticated: 50 },
    });
  });
  afterAll(async () => t.close());

  it('refuses a third connection that has not authenticated, and takes one again when one closes', async () => {
    const first = await idleConnection(t.url);
    const second = await idleConnection(t.url);
    expect([first.refusedStatus, second.refusedStatus]).toEqual([null, null]);
    const third = await idleConnection(t.url);
    // Engine.IO refuses a WebSocket upgrade that allowRequest refused with 400 (403 for long-polling).
    expect(third.refusedStatus).toBe(400);
    first.ws.close();
    await eventually(() => t.gateway.io.engine.clientsCount === 1, 'the closed connection is counted out');
    const again = await idleConnection(t.url);
    expect(again.refusedStatus).toBeNull();
    second.ws.close();
    again.ws.close();
    await eventually(() => t.gateway.io.engine.clientsCount === 0, 'every idle connection closed');
  });

  it('authenticated connections leave the unauthenticated count; the address cap still holds over all of them', async () => {
    const sockets = [await connectAs(t.url, tech1), await connectAs(t.url, tech2), await connectAs(t.url, tech1)];
    // Three authenticated: the unauthenticated cap (2) does not count them, the address cap (3) does.
    const fourth = await idleConnection(t.url);
    expect(fourth.refusedStatus).toBe(400);
    await expect(connectAs(t.url, tech2)).rejects.toThrow();
    sockets[0].close();
    await eventually(() => t.gateway.io.engine.clientsCount === 2, 'the closed socket is counted out');
    const replacement = await connectAs(t.url, tech2);
    expect(replacement.connected).toBe(true);
    for (const socket of [...sockets, replacement]) socket.close();
  });
});

describe('sockets per device', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ config: { maxConnectionsPerDevice: 2 } });
  });
  afterAll(async () => t.close());

  it('keeps the newest sockets of a device and closes its oldest; another device is untouched', async () => {
    const other = await connectAs(t.url, tech2);
    const first = await connectAs(t.url, tech1);
    const second = await connectAs(t.url, tech1);
    const closed = waitForDisconnect(first);
    const third = await connectAs(t.url, tech1);
    expect(await closed).toBe('io server disconnect');
    expect([second.connected, third.connected, other.connected]).toEqual([true, true, true]);
    expect(await emitRaw(third, 'events:pull', { afterPosition: 0, limit: 1 })).toMatchObject({ ok: true });
    for (const socket of [other, second, third]) socket.close();
  });
});

describe('bytes per device', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ config: { maxMessageBytes: 10_000, bytesPerSecond: 1, bytesBurst: 12_000 } });
  });
  afterAll(async () => t.close());

  it("refuses messages over the device's byte budget with RATE_LIMITED; another device is unaffected", async () => {
    const flooder = await connectAs(t.url, tech1);
    const other = await connectAs(t.url, tech2);
    const padded = { afterPosition: 0, limit: 1, padding: 'x'.repeat(5_000) };
    const before = await writeCounts(t.orm);
    expect(await emitRaw(flooder, 'events:pull', padded)).toMatchObject({ ok: true });
    expect(await emitRaw(flooder, 'events:pull', padded)).toMatchObject({ ok: true });
    expect(await emitRaw(flooder, 'events:pull', padded)).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Too many bytes sent; retry shortly' },
    });
    expect(await emitRaw(other, 'events:pull', padded)).toMatchObject({ ok: true });
    expect(await writeCounts(t.orm)).toEqual(before);
    flooder.close();
    other.close();
  });
});
