/**
 * A challenge is stateless (an HMAC every gateway sharing the secret accepts), so single use must
 * hold across gateways, not only inside one: two gateways over one database, as `npm run cluster`
 * runs them behind HAProxy. A device request captured on its way to gateway A and replayed to
 * gateway B within the challenge's lifetime is refused there, over HTTP and as a socket handshake.
 */
import { DEVICE_AUTH_HEADER } from '@pco/domain';
import { query } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { startGateway, type RunningGateway } from '../src/main';
import { freshAuth } from './helpers/signing';
import { connectDevice, expectRefused } from './helpers/socket-client';
import { demoDevice } from './helpers/test-gateway';

jest.setTimeout(60_000);

const SECRET = 'shared-by-both-gateways-for-this-test';
const start = (db: FreshDatabase) =>
  startGateway({
    port: 0,
    databaseUrl: db.databaseUrl,
    poolMax: 3,
    gateway: { logLevel: 'silent', verifierThreads: 0, authChallengeSecret: SECRET },
  });

const reference = (url: string, auth: unknown) =>
  fetch(`${url}/api/reference`, { headers: { [DEVICE_AUTH_HEADER]: JSON.stringify(auth) } });

describe('a handshake challenge is single use on every gateway sharing the database', () => {
  let db: FreshDatabase;
  let a: RunningGateway;
  let b: RunningGateway;
  const tech1 = demoDevice('tech1');

  beforeAll(async () => {
    db = await freshDatabase({ poolMax: 2 });
    await seedDemoData(db.orm, new Date());
    [a, b] = [await start(db), await start(db)];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('a device HTTP request answered by A is refused when replayed to B', async () => {
    const auth = await freshAuth(a.url, tech1.deviceId, tech1.keys);
    expect((await reference(a.url, auth)).status).toBe(200);
    const replay = await reference(b.url, auth);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Handshake challenge was already used; fetch a new one',
    });
  });

  it('a challenge issued by A works once on B (the secret is shared), and its handshake cannot be replayed to A', async () => {
    const auth = await freshAuth(a.url, tech1.deviceId, tech1.keys);
    (await connectDevice(b.url, auth)).close();
    const refusal = await expectRefused(a.url, auth);
    expect(refusal.data).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Handshake challenge was already used; fetch a new one',
    });
  });

  it('keeps one row per answered challenge until it expires, and drops expired ones', async () => {
    const [row] = await query<{ n: string }>(db.orm.em.fork(), 'select count(*) as n from used_challenges');
    expect(Number(row.n)).toBe(2);
    await query(db.orm.em.fork(), `update used_challenges set expires_at = now() - interval '1 minute'`);
    const auth = await freshAuth(b.url, tech1.deviceId, tech1.keys);
    expect((await reference(b.url, auth)).status).toBe(200);
    const rows = await query<{ challenge: string }>(db.orm.em.fork(), 'select challenge from used_challenges');
    expect(rows.map((r) => r.challenge)).toEqual([auth.nonce]);
  });
});
