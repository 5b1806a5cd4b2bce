/**
 * Issue 11: the socket handshake signs the connection's own id (connectionNonce), so a device
 * needs no challenge request before opening its socket. A signature made for one connection must
 * be worthless on any other, and outside a socket handshake.
 */
import { connectionNonce, DEVICE_AUTH_HEADER, type DeviceAuth } from '@pco/domain';
import { generateDeviceKeys, signAuth, signBoundAuth } from './helpers/signing';
import { connectDevice, connectWithClockOffset, expectRefused, upload } from './helpers/socket-client';
import {
  connectAs,
  connectWithChallenge,
  demoDevice,
  startTestGateway,
  type TestGateway,
} from './helpers/test-gateway';

jest.setTimeout(30_000);

describe('connection-bound handshake', () => {
  let t: TestGateway;
  const tech1 = demoDevice('tech1');

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('connects with no challenge request and is told its clock offset', async () => {
    const threeDaysAhead = new Date(Date.now() + 3 * 86_400_000);
    const { socket, offset } = await connectWithClockOffset(
      t.url,
      signBoundAuth(tech1.deviceId, tech1.keys, threeDaysAhead),
    );
    expect((await offset).offsetMs).toBeLessThan(-3 * 86_400_000 + 60_000);
    socket.close();
  });

  it('gives every connection a different, unguessable id (24 base64url characters)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const socket = await connectAs(t.url, tech1);
      ids.push(socket.io.engine.id);
      socket.close();
    }
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('binds the handshake over HTTP long-polling too (the id comes in the first poll)', async () => {
    const socket = await connectDevice(t.url, signBoundAuth(tech1.deviceId, tech1.keys), 5_000, {
      transports: ['polling'],
    });
    expect(socket.io.engine.transport.name).toBe('polling');
    expect(await upload(socket, [])).toEqual({ ok: true, data: { answers: [] } });
    socket.close();
  });

  it('refuses a handshake signed for another connection (captured and replayed)', async () => {
    let captured: DeviceAuth | undefined;
    const first = await connectDevice(t.url, (id) => (captured = signBoundAuth(tech1.deviceId, tech1.keys)(id)));
    first.close();
    const refusal = await expectRefused(t.url, captured!);
    expect(refusal.data).toEqual({ code: 'UNAUTHORIZED', message: 'Handshake nonce is bound to another connection' });
  });

  it('refuses a replay while the first connection is still open', async () => {
    let captured: DeviceAuth | undefined;
    const first = await connectDevice(t.url, (id) => (captured = signBoundAuth(tech1.deviceId, tech1.keys)(id)));
    const refusal = await expectRefused(t.url, captured!);
    expect(refusal.data?.code).toBe('UNAUTHORIZED');
    expect(first.connected).toBe(true);
    first.close();
  });

  it.each([
    ['a signature by another key', (id: string) => signBoundAuth(tech1.deviceId, generateDeviceKeys())(id)],
    ['a nonce naming another id', () => signAuth(tech1.deviceId, tech1.keys, connectionNonce('x'.repeat(24)))],
    [
      'a nonce signed for the connection but sent with another',
      (id: string) => ({ ...signBoundAuth(tech1.deviceId, tech1.keys)(id), nonce: connectionNonce(`${id}x`) }),
    ],
  ])('refuses %s', async (_case, auth) => {
    const refusal = await expectRefused(t.url, auth);
    expect(refusal.data?.code).toBe('UNAUTHORIZED');
  });

  it('refuses a connection-bound nonce on a device HTTP request', async () => {
    const auth = signAuth(tech1.deviceId, tech1.keys, connectionNonce('a'.repeat(24)));
    const res = await fetch(`${t.url}/api/reference`, { headers: { [DEVICE_AUTH_HEADER]: JSON.stringify(auth) } });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(body.error.message).toMatch(/only valid in a socket handshake/);
  });

  it('still accepts the older handshake over a fetched challenge', async () => {
    const socket = await connectWithChallenge(t.url, tech1);
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
