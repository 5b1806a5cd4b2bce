/**
 * A gateway that takes the WebSocket but never answers the Socket.IO handshake (it died or
 * stalled right after the upgrade) must not hold a sync forever: connect() gives up after the ack
 * timeout with TIMEOUT, and a later connect() succeeds once the gateway answers again. Found by
 * `npm run chaos`: devices stopped syncing for good after a gateway SIGKILL or a database pause.
 * Here the stall is real: the handshake's device lookup waits behind a lock on the devices table.
 */
import { demoDevice, freshAuth, startTestGateway, type TestGateway } from '@pco/sync-socket/test-support';
import { SocketIoTransport } from '../src/sync/socket-transport';

jest.setTimeout(60_000);

describe('socket handshake that is never answered', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Given the gateway stalls on the handshake, When the device connects, Then it fails with TIMEOUT, and connects once the gateway answers', async () => {
    const tech = demoDevice('tech1');
    const transport = new SocketIoTransport({
      baseUrl: t.url,
      auth: () => freshAuth(t.url, tech.deviceId, tech.keys),
      ackTimeoutMs: 1_000,
    });
    try {
      await t.orm.em.fork().transactional(async (em) => {
        await em.execute('lock table devices in access exclusive mode');
        await expect(transport.connect()).rejects.toMatchObject({ code: 'TIMEOUT' });
      });
      await expect(transport.connect()).resolves.toBeUndefined();
    } finally {
      transport.disconnect();
    }
  });
});
