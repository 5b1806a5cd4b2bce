/**
 * The device's two newer HTTP routes against a real gateway and PostgreSQL: photo uploads
 * (POST /api/attachments/:sha256) and a technician's conflict decision
 * (POST /api/conflicts/:id/decision), each authenticated like GET /api/reference: a DeviceAuth
 * signed over a fresh server challenge (GET /api/auth/challenge), single use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEVICE_AUTH_HEADER } from '@pco/domain';
import { getEventAttachment, query } from '@pco/store';
import type { ConflictDecisionRequest } from '../src/http/conflict-decision';
import { registerNewDevice, startTestGateway, DEMO, type TestDevice, type TestGateway } from './helpers/test-gateway';
import { freshAuth, signAuth } from './helpers/signing';

jest.setTimeout(30_000);

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A fresh challenge from the gateway, signed by the device: one per request. */
const authHeader = async (url: string, device: TestDevice) => ({
  [DEVICE_AUTH_HEADER]: JSON.stringify(await freshAuth(url, device.deviceId, device.keys)),
});

describe('device HTTP: attachments and conflict decisions', () => {
  let t: TestGateway;
  let device: TestDevice;
  const decisions: ConflictDecisionRequest[] = [];

  beforeAll(async () => {
    t = await startTestGateway({
      onConflictDecision: async (request) => {
        decisions.push(request);
        return { status: 'resolved' };
      },
    });
    device = await registerNewDevice(t, DEMO.persons.tech3, 'Photo phone');
  });
  afterAll(() => t.close());

  const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
    fetch(`${t.url}${path}`, { method: 'POST', body, headers });

  it('Given a photo whose bytes hash to the path, When uploaded, Then it is stored once (a repeat answers 200 and stores nothing)', async () => {
    const photo = randomBytes(10_000);
    const first = await post(`/api/attachments/${sha(photo)}`, photo, {
      'content-type': 'image/jpeg',
      ...(await authHeader(t.url, device)),
    });
    expect([first.status, await first.json()]).toEqual([201, { sha256: sha(photo), size: 10_000, stored: true }]);
    const again = await post(`/api/attachments/${sha(photo)}`, photo, {
      'content-type': 'image/jpeg',
      ...(await authHeader(t.url, device)),
    });
    expect([again.status, (await again.json()).stored]).toEqual([200, false]);
    const stored = await getEventAttachment(t.orm.em.fork(), sha(photo));
    expect(stored).toMatchObject({ contentType: 'image/jpeg', size: 10_000, deviceId: device.deviceId });
    expect(sha(stored!.bytes)).toBe(sha(photo));
  });

  it.each([
    ['no device auth', { hash: 'right', type: 'image/png', signed: false }, 401, 'UNAUTHORIZED'],
    ['bytes that hash to another value', { hash: 'wrong', type: 'image/png', signed: true }, 400, 'VALIDATION_ERROR'],
    ['a type that is not an image', { hash: 'right', type: 'application/pdf', signed: true }, 400, 'VALIDATION_ERROR'],
  ])('refuses an upload with %s and stores nothing', async (_case, c, status, code) => {
    const photo = randomBytes(1_000);
    const path = `/api/attachments/${c.hash === 'right' ? sha(photo) : '0'.repeat(64)}`;
    const res = await post(path, photo, {
      'content-type': c.type,
      ...(c.signed ? await authHeader(t.url, device) : {}),
    });
    expect([res.status, (await res.json()).error.code]).toEqual([status, code]);
    expect(await query(t.orm.em.fork(), 'select 1 from event_attachments where sha256 = $1', [sha(photo)])).toEqual([]);
  });

  it('refuses a DeviceAuth over a nonce the gateway did not issue, and a replayed one, with UNAUTHORIZED', async () => {
    const photo = randomBytes(1_000);
    const path = `/api/attachments/${sha(photo)}`;
    const selfMade = {
      [DEVICE_AUTH_HEADER]: JSON.stringify(signAuth(device.deviceId, device.keys, 'a-nonce-of-my-own')),
    };
    const forged = await post(path, photo, { 'content-type': 'image/png', ...selfMade });
    expect([forged.status, (await forged.json()).error.code]).toEqual([401, 'UNAUTHORIZED']);
    const once = await authHeader(t.url, device);
    expect((await post(path, photo, { 'content-type': 'image/png', ...once })).status).toBe(201);
    const replay = await post('/api/conflicts/conflict-1/decision', JSON.stringify({ option: 'retry' }), {
      'content-type': 'application/json',
      ...once,
    });
    expect([replay.status, (await replay.json()).error.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('refuses a photo over 5 MB with PAYLOAD_TOO_LARGE', async () => {
    const photo = randomBytes(5 * 1024 * 1024 + 1);
    const res = await post(`/api/attachments/${sha(photo)}`, photo, {
      'content-type': 'image/jpeg',
      ...(await authHeader(t.url, device)),
    });
    expect([res.status, (await res.json()).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it("sends a technician's decision to the hook as the device's own user, whatever the body says", async () => {
    const body = JSON.stringify({
      option: 'modify',
      quantity: { value: 15, unit: 'each' },
      personId: DEMO.persons.manager,
    });
    const res = await post('/api/conflicts/conflict-1/decision', body, {
      'content-type': 'application/json',
      ...(await authHeader(t.url, device)),
    });
    expect([res.status, await res.json()]).toEqual([200, { status: 'resolved' }]);
    expect(decisions.at(-1)).toEqual({
      conflictId: 'conflict-1',
      deviceId: device.deviceId,
      personId: DEMO.persons.tech3,
      decision: { option: 'modify', quantity: { value: 15, unit: 'each' } },
    });
  });

  it.each([
    [{ option: 'accept_local', reason: 'x' }, 'option must be one of'],
    [{ option: 'modify' }, 'modify needs quantity'],
    [{ option: 'modify', quantity: { value: -1, unit: 'each' } }, 'modify needs quantity'],
    [{ option: 'escalate', note: 'x'.repeat(501) }, 'at most 500 characters'],
    [{ option: 'escalate', note: 'both of us\u0000used it' }, 'without control characters'],
    [{ option: 'escalate', note: 'lone \ud800 surrogate' }, 'without control characters'],
  ])('refuses the decision %j with VALIDATION_ERROR before any workflow is asked', async (body, message) => {
    const before = decisions.length;
    const res = await post('/api/conflicts/conflict-1/decision', JSON.stringify(body), {
      'content-type': 'application/json',
      ...(await authHeader(t.url, device)),
    });
    const answer = await res.json();
    expect([res.status, answer.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(answer.error.message).toContain(message);
    expect(decisions.length).toBe(before);
  });
});
