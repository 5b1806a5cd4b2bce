/**
 * Issue 7.1 — registration must prove who is enrolling. Real gateway, real PostgreSQL, real HTTP:
 * a device registers only with a one-time enrolment code a manager issued for one person; the
 * person comes from the code, never from the body; missing, wrong, expired and used codes are
 * refused with typed codes; two concurrent redemptions make one device; failures are rate
 * limited per client address and per code, logged and audited.
 */
import { request } from 'node:http';
import { issueEnrolmentCode, query } from '@pco/store';
import type { Logger } from '../src/logger';
import { generateDeviceKeys } from './helpers/signing';
import {
  connectAs,
  countRows,
  DEMO,
  enrolmentCodeFor,
  postJson,
  startTestGateway,
  type TestGateway,
} from './helpers/test-gateway';

jest.setTimeout(60_000);

const HOUR = 60 * 60_000;
const register = (t: TestGateway, body: Record<string, unknown>) =>
  postJson(`${t.url}/api/devices`, { name: 'New phone', publicKey: generateDeviceKeys().publicKey, ...body });

/** POST from a chosen loopback address (127.0.0.x), so per-address and per-code limits can be told apart. */
function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}
const capturingLogger = (lines: LogLine[]): Logger => ({
  debug: () => undefined,
  info: (message, fields) => void lines.push({ level: 'info', message, fields }),
  warn: (message, fields) => void lines.push({ level: 'warn', message, fields }),
  error: (message, fields) => void lines.push({ level: 'error', message, fields }),
});

describe('device registration with enrolment codes', () => {
  let t: TestGateway;
  const logs: LogLine[] = [];
  beforeAll(async () => {
    t = await startTestGateway({ logger: capturingLogger(logs), config: { enrolmentMaxFailures: 1_000 } });
  });
  afterAll(() => t.close());

  it('registers the device for the person the code was issued for, never the body’s userId, and records who issued it', async () => {
    const issued = await issueEnrolmentCode(t.orm, {
      personId: DEMO.persons.tech2,
      issuedBy: DEMO.persons.manager,
      now: new Date(),
    });
    if (!issued.ok) throw new Error(issued.error.message);
    expect(issued.value.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(Date.parse(issued.value.expiresAt) - Date.parse(issued.value.issuedAt)).toBe(24 * HOUR);
    const keys = generateDeviceKeys();
    const res = await postJson(`${t.url}/api/devices`, {
      enrolmentCode: issued.value.code.toLowerCase(),
      name: 'Sam phone',
      publicKey: keys.publicKey,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      deviceId: expect.any(String),
      userId: DEMO.persons.tech2,
      registeredAt: expect.any(String),
    });
    const socket = await connectAs(t.url, { deviceId: res.body.deviceId, personId: DEMO.persons.tech2, keys });
    expect(socket.connected).toBe(true);
    socket.close();

    const [row] = await query<Record<string, unknown>>(t.orm.em.fork(), 'select * from enrolment_codes where id = $1', [
      issued.value.codeId,
    ]);
    expect(row).toMatchObject({
      person_id: DEMO.persons.tech2,
      issued_by: DEMO.persons.manager,
      used_by_device_id: res.body.deviceId,
    });
    // Stored hashed: the code itself is nowhere in the row.
    expect(JSON.stringify(row)).not.toContain(issued.value.code.replace(/-/g, ''));
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await query<{ outcome: string; device_id: string }>(
      t.orm.em.fork(),
      'select outcome, device_id from enrolment_attempts where enrolment_code_id = $1',
      [issued.value.codeId],
    );
    expect(audit).toEqual([{ outcome: 'REGISTERED', device_id: res.body.deviceId }]);
  });

  it.each([
    [
      'no code (an anonymous caller naming a manager)',
      () => Promise.resolve({ userId: DEMO.persons.manager }),
      401,
      'ENROLMENT_CODE_REQUIRED',
    ],
    [
      'a wrong code',
      () => Promise.resolve({ enrolmentCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ' }),
      401,
      'ENROLMENT_CODE_INVALID',
    ],
    [
      'an expired code',
      async () => ({
        enrolmentCode: await enrolmentCodeFor(t.orm, DEMO.persons.tech1, new Date(Date.now() - 2 * HOUR), HOUR),
      }),
      401,
      'ENROLMENT_CODE_EXPIRED',
    ],
    [
      'a code issued for someone else than the body’s userId',
      async () => ({ enrolmentCode: await enrolmentCodeFor(t.orm, DEMO.persons.tech1), userId: DEMO.persons.manager }),
      401,
      'ENROLMENT_CODE_INVALID',
    ],
  ])(
    'refuses %s with a typed code, stores no device, logs and audits the attempt',
    async (_case, body, status, code) => {
      const before = await countRows(t.orm, 'devices');
      const res = await register(t, await body());
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
      expect(await countRows(t.orm, 'devices')).toBe(before);
      expect(logs).toContainEqual({
        level: 'warn',
        message: 'device registration refused',
        fields: expect.objectContaining({ code }),
      });
      const [last] = await query<{ outcome: string; client_address: string }>(
        t.orm.em.fork(),
        'select outcome, client_address from enrolment_attempts order by id desc limit 1',
      );
      expect(last).toEqual({ outcome: code, client_address: expect.stringContaining('127.0.0.1') });
    },
  );

  it('a code issued for someone else is not spent by the refused attempt: its person can still use it', async () => {
    const code = await enrolmentCodeFor(t.orm, DEMO.persons.tech3);
    expect((await register(t, { enrolmentCode: code, userId: DEMO.persons.admin })).body.error.code).toBe(
      'ENROLMENT_CODE_INVALID',
    );
    const res = await register(t, { enrolmentCode: code, userId: DEMO.persons.tech3 });
    expect(res.status).toBe(201);
    expect(res.body.userId).toBe(DEMO.persons.tech3);
  });

  it('refuses a used code with ENROLMENT_CODE_USED', async () => {
    const code = await enrolmentCodeFor(t.orm, DEMO.persons.tech1);
    expect((await register(t, { enrolmentCode: code })).status).toBe(201);
    const again = await register(t, { enrolmentCode: code });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ENROLMENT_CODE_USED');
  });

  it('two (and five) concurrent redemptions of one code make exactly one device', async () => {
    for (const parallel of [2, 5]) {
      const code = await enrolmentCodeFor(t.orm, DEMO.persons.tech1);
      const before = await countRows(t.orm, 'devices');
      const answers = await Promise.all(Array.from({ length: parallel }, () => register(t, { enrolmentCode: code })));
      expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(parallel - 1).fill(409)]);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(
        Array(parallel - 1).fill('ENROLMENT_CODE_USED'),
      );
      expect(await countRows(t.orm, 'devices')).toBe(before + 1);
    }
  });

  it('refuses to issue a code when the issuer is a technician (FORBIDDEN) or unknown, or the person is unknown', async () => {
    const now = new Date();
    const byTech = await issueEnrolmentCode(t.orm, { personId: DEMO.persons.tech1, issuedBy: DEMO.persons.tech2, now });
    expect(byTech).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect((await issueEnrolmentCode(t.orm, { personId: DEMO.persons.tech1, issuedBy: 'person-nobody', now })).ok).toBe(
      false,
    );
    expect(
      await issueEnrolmentCode(t.orm, { personId: 'person-nobody', issuedBy: DEMO.persons.admin, now }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PERSON' } });
    expect(
      await issueEnrolmentCode(t.orm, { personId: DEMO.persons.tech1, issuedBy: DEMO.persons.admin, ttlMs: 0, now }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
  });
});

describe('failed registrations are rate limited', () => {
  let t: TestGateway;
  const logs: LogLine[] = [];
  beforeAll(async () => {
    t = await startTestGateway({ logger: capturingLogger(logs), config: { enrolmentMaxFailures: 3 } });
  });
  afterAll(() => t.close());

  it('per client address: after 3 failures even a valid code is refused RATE_LIMITED, and stays unspent', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await postFrom('127.0.0.2', `${t.url}/api/devices`, {
            enrolmentCode: `WRONG-${i}`,
            name: 'x',
            publicKey: generateDeviceKeys().publicKey,
          })
        ).status,
      ).toBe(401);
    }
    const valid = await enrolmentCodeFor(t.orm, DEMO.persons.tech1);
    const limited = await postFrom('127.0.0.2', `${t.url}/api/devices`, {
      enrolmentCode: valid,
      name: 'x',
      publicKey: generateDeviceKeys().publicKey,
    });
    expect(limited).toEqual({ status: 429, body: { error: { code: 'RATE_LIMITED', message: expect.any(String) } } });
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'device registration refused: too many failures from this address',
      }),
    );
    // Another address is not punished for this one, and the valid code was not spent.
    expect(
      (
        await postFrom('127.0.0.3', `${t.url}/api/devices`, {
          enrolmentCode: valid,
          name: 'x',
          publicKey: generateDeviceKeys().publicKey,
        })
      ).status,
    ).toBe(201);
  });

  it('per code: after 3 failures with one code from three addresses, a fourth address is refused RATE_LIMITED for it', async () => {
    const expired = await enrolmentCodeFor(t.orm, DEMO.persons.tech2, new Date(Date.now() - 2 * HOUR), HOUR);
    for (const address of ['127.0.0.4', '127.0.0.5', '127.0.0.6']) {
      expect(
        (
          await postFrom(address, `${t.url}/api/devices`, {
            enrolmentCode: expired,
            name: 'x',
            publicKey: generateDeviceKeys().publicKey,
          })
        ).body.error.code,
      ).toBe('ENROLMENT_CODE_EXPIRED');
    }
    const limited = await postFrom('127.0.0.7', `${t.url}/api/devices`, {
      enrolmentCode: expired,
      name: 'x',
      publicKey: generateDeviceKeys().publicKey,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    // The same address with another code is fine: the limit is on the code.
    const other = await enrolmentCodeFor(t.orm, DEMO.persons.tech2);
    expect(
      (
        await postFrom('127.0.0.7', `${t.url}/api/devices`, {
          enrolmentCode: other,
          name: 'x',
          publicKey: generateDeviceKeys().publicKey,
        })
      ).status,
    ).toBe(201);
  });
});
