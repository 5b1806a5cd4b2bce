import { freshDatabase } from '@pco/store/test-support';
import { createGateway } from '../src/gateway';
import { startGateway } from '../src/main';
import {
  connectAs,
  countRows,
  DEMO,
  postJson,
  registerNewDevice,
  startTestGateway,
  type TestGateway,
} from './helpers/test-gateway';
import { generateDeviceKeys } from './helpers/signing';

// Fresh database, migrations and seed per file: slower than the 5 s default on a shared 2-core machine.
jest.setTimeout(30_000);

describe('gateway HTTP', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ config: { maxHttpBodyBytes: 2_000 } });
  });
  afterAll(() => t.close());

  it('GET /api/health answers ok with the server time when the database answers', async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(Number.isNaN(Date.parse(body.time))).toBe(false);
  });

  it('GET /api/health answers 503 when the database is unreachable', async () => {
    // A database of its own, dropped under the running gateway: the health query fails, the gateway stays up.
    const db = await freshDatabase({ poolMax: 1 });
    const down = createGateway({
      orm: db.orm,
      now: () => new Date(),
      config: { logLevel: 'silent', verifierThreads: 0, healthTimeoutMs: 1_000 },
    });
    try {
      const url = await down.listen(0);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      // Dropped from the main test database's connection; the gateway's own pool then has nothing to reach.
      await t.orm.em.fork().execute(`drop database "${new URL(db.databaseUrl).pathname.slice(1)}" with (force)`);
      const res = await fetch(`${url}/api/health`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.error.code).toBe('INTERNAL_ERROR');
      expect(JSON.stringify(body)).not.toContain('does not exist');
    } finally {
      await down.close();
      await db.drop();
    }
  }, 30_000);

  it('POST /api/devices registers a device that can then connect', async () => {
    const before = await countRows(t.orm, 'devices');
    const device = await registerNewDevice(t, DEMO.persons.tech1, 'Spare phone');
    expect(await countRows(t.orm, 'devices')).toBe(before + 1);
    const socket = await connectAs(t.url, device);
    expect(socket.connected).toBe(true);
    socket.close();
  });

  const code = 'ABCD-EFGH-JKMN-PQRS-TVWX';
  it.each([
    [
      'a key that is not 32 bytes',
      { enrolmentCode: code, name: 'x', publicKey: Buffer.alloc(16).toString('base64') },
      400,
      'VALIDATION_ERROR',
    ],
    ['a missing name', { enrolmentCode: code, publicKey: generateDeviceKeys().publicKey }, 400, 'VALIDATION_ERROR'],
    [
      'a code nobody issued',
      { enrolmentCode: code, name: 'x', publicKey: generateDeviceKeys().publicKey },
      401,
      'ENROLMENT_CODE_INVALID',
    ],
    [
      'no code (a bare userId is not trusted)',
      { userId: DEMO.persons.manager, name: 'x', publicKey: generateDeviceKeys().publicKey },
      401,
      'ENROLMENT_CODE_REQUIRED',
    ],
    ['a body that is not JSON', '{not json', 400, 'VALIDATION_ERROR'],
    [
      'a body over the limit',
      { enrolmentCode: code, name: 'x'.repeat(5_000), publicKey: generateDeviceKeys().publicKey },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('POST /api/devices refuses %s and stores nothing', async (_case, body, status, code) => {
    const before = await countRows(t.orm, 'devices');
    const res = await postJson(`${t.url}/api/devices`, body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(await countRows(t.orm, 'devices')).toBe(before);
  });

  it('answers an unknown route with 404 and a whitelisted code', async () => {
    const res = await fetch(`${t.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('VALIDATION_ERROR');
  });
});

describe('startGateway (the npm start entry point)', () => {
  it('migrates, listens on the given port (0 ⇒ ephemeral) and closes', async () => {
    const db = await freshDatabase({ poolMax: 2 });
    try {
      const running = await startGateway({
        port: 0,
        databaseUrl: db.databaseUrl,
        poolMax: 2,
        gateway: { logLevel: 'silent', verifierThreads: 1 },
      });
      const res = await fetch(`${running.url}/api/health`);
      await running.close();
      expect(res.status).toBe(200);
      await expect(fetch(`${running.url}/api/health`)).rejects.toThrow();
    } finally {
      await db.drop();
    }
  });
});
