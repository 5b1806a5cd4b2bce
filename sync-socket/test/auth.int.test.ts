import { fetchChallenge, freshAuth, generateDeviceKeys, signAuth } from './helpers/signing';
import { connectDevice, expectRefused, nextMessage, waitForDisconnect } from './helpers/socket-client';
import { connectAs, demoDevice, startTestGateway, type TestGateway } from './helpers/test-gateway';

// Fresh database, migrations and seed per file: slower than the 5 s default on a shared 2-core machine.
jest.setTimeout(30_000);

describe('device handshake', () => {
  let t: TestGateway;
  const tech1 = demoDevice('tech1');
  const setStatus = (deviceId: string, status: string) =>
    t.orm.em.fork().execute('update devices set status = ? where id = ?', [status, deviceId]);

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('accepts a registered active device that signed a fresh challenge', async () => {
    const socket = await connectAs(t.url, tech1);
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it.each([
    ['an unknown device', () => freshAuth(t.url, 'device-nobody', tech1.keys), 'UNKNOWN_DEVICE'],
    ['a signature by another key', () => freshAuth(t.url, tech1.deviceId, generateDeviceKeys()), 'UNAUTHORIZED'],
    [
      'a nonce the server did not issue',
      async () => signAuth(tech1.deviceId, tech1.keys, 'made-up-by-the-device'),
      'UNAUTHORIZED',
    ],
    [
      'a challenge issued for another device',
      async () => signAuth(tech1.deviceId, tech1.keys, (await fetchChallenge(t.url, 'device-tech-2')).challenge),
      'UNAUTHORIZED',
    ],
    [
      'a tampered nonce',
      async () => ({ ...(await freshAuth(t.url, tech1.deviceId, tech1.keys)), nonce: 'other' }),
      'UNAUTHORIZED',
    ],
    ['no auth fields', async () => ({}) as never, 'UNAUTHORIZED'],
  ])('refuses %s', async (_case, auth, code) => {
    const refusal = await expectRefused(t.url, await auth());
    expect(refusal.message).toBe(code);
    expect(refusal.data).toEqual({ code, message: expect.any(String) });
  });

  it('refuses a reused challenge even with a valid signature', async () => {
    const auth = await freshAuth(t.url, tech1.deviceId, tech1.keys);
    (await connectDevice(t.url, auth)).close();
    const refusal = await expectRefused(t.url, auth);
    expect(refusal.data?.code).toBe('UNAUTHORIZED');
  });

  it.each([
    ['suspended', 'DEVICE_SUSPENDED'],
    ['revoked', 'DEVICE_REVOKED'],
  ])('refuses a %s device', async (status, code) => {
    const tech2 = demoDevice('tech2');
    await setStatus(tech2.deviceId, status);
    try {
      const refusal = await expectRefused(t.url, await freshAuth(t.url, tech2.deviceId, tech2.keys));
      expect(refusal.data).toEqual({ code, message: expect.any(String) });
    } finally {
      await setStatus(tech2.deviceId, 'active');
    }
  });

  it('disconnectDevice tells every socket of the device it is revoked, then disconnects them', async () => {
    const tech3 = demoDevice('tech3');
    const [a, b, bystander] = await Promise.all([
      connectAs(t.url, tech3),
      connectAs(t.url, tech3),
      connectAs(t.url, tech1),
    ]);
    const notices = Promise.all([nextMessage(a, 'device:revoked'), nextMessage(b, 'device:revoked')]);
    const closed = Promise.all([waitForDisconnect(a), waitForDisconnect(b)]);
    t.gateway.disconnectDevice(tech3.deviceId, 'lost phone');
    expect(await notices).toEqual([
      { deviceId: tech3.deviceId, reason: 'lost phone' },
      { deviceId: tech3.deviceId, reason: 'lost phone' },
    ]);
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bystander.connected).toBe(true);
    bystander.close();
  });
});
