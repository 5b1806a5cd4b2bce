/**
 * Who may do what, on EVERY page and action of the console: a signed-out browser is sent to the
 * sign-in page; a technician cannot sign in, and a validly signed session of a technician is
 * refused too; a post from another origin (or without an Origin header) is refused with 403,
 * even with a manager's session. After all of it nothing changed: no device suspended, no
 * conflict decided, no recovery started, no enrolment code issued, no audit row but sign-ins and sign-outs. An email's conflict link
 * leads through sign-in to that conflict.
 */
import { createCookie } from '@remix-run/node';
import { request as playwrightRequest, type APIRequestContext } from 'playwright-core';
import { DEV_CONSOLE_SESSION_SECRET } from '@pco/config';
import { createConsoleSession, getConflict, getDevice, listConsoleAudit, query, type Em } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { connectRecording, waitUntil, type RecordingDevice } from '@pco/workers/test-support';
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { signIn } from './support/browser';
import { raceOnSharedTruck } from './support/conflicts';

jest.setTimeout(180_000);
const { devices: D, products: P } = DEMO;

let sut: ConsoleSystem;
let devices: RecordingDevice[] = [];
let conflictId: string;
let runId: string;
let api: APIRequestContext;

beforeAll(async () => {
  sut = await startConsoleSystem();
  devices = [
    await connectRecording(sut.system.gateway.url, 'tech2'),
    await connectRecording(sut.system.gateway.url, 'tech3'),
  ];
  conflictId = await raceOnSharedTruck(sut.system, { tech2: devices[0], tech3: devices[1] }, P.gloves, 100, 110);
  // A run that waits a long time between waves, so it is still there to be (not) controlled.
  runId = `mass-recovery-access-${Date.now()}`;
  await sut.system.temporal.client.workflow.start('massRecoveryWorkflow', {
    taskQueue: sut.system.taskQueue,
    workflowId: runId,
    args: [
      {
        deviceIds: [D.tech1],
        waveSize: 1,
        waveIntervalMs: 600_000,
        conflictRateThreshold: 1,
        waveSyncTimeoutMs: 600_000,
        syncPollMs: 60_000,
      },
    ],
  });
  // The baseline "nothing changed" compares against: the run past its planning step.
  const handle = sut.system.temporal.client.workflow.getHandle(runId);
  await waitUntil(
    async () => (await handle.query<{ phase: string }>('recoveryProgress')).phase === 'running',
    60_000,
    'the recovery run to start its first wave',
  );
  api = await playwrightRequest.newContext({ baseURL: sut.url, maxRedirects: 0 });
});

afterAll(async () => {
  await api?.dispose();
  await sut?.system.temporal.client.workflow
    .getHandle(runId)
    .terminate('test over')
    .catch(() => undefined);
  for (const d of devices) d.socket.close();
  await sut?.close();
});

const pages = () => [
  '/',
  '/dashboard',
  '/conflicts',
  `/conflicts/${conflictId}`,
  '/devices',
  `/devices/${D.tech1}`,
  '/recovery',
  `/recovery/${runId}`,
];

/** Every action with input that WOULD change something if it were accepted. */
const actions = (): Array<[string, Record<string, string>]> => [
  [`/conflicts/${conflictId}`, { intent: 'decide', option: 'accept_server' }],
  [`/conflicts/${conflictId}`, { intent: 'approve', note: '' }],
  [`/devices/${D.tech1}`, { intent: 'suspend', reason: 'attack' }],
  [`/devices/${D.tech1}`, { intent: 'revoke', reason: 'attack', confirm: 'yes' }],
  [`/devices/${D.tech1}`, { intent: 'acknowledge_lost', throughSequence: '5', reason: 'attack' }],
  ['/devices', { personId: DEMO.persons.tech1, validForHours: '24' }],
  ['/recovery', { waveSize: '1', intervalSeconds: '1', threshold: '1', syncTimeoutSeconds: '1', pollSeconds: '1' }],
  [`/recovery/${runId}`, { intent: 'abort', reason: 'attack' }],
  [`/recovery/${runId}`, { intent: 'wave_size', waveSize: '7' }],
  ['/logout', {}],
];

async function expectNothingChanged(): Promise<void> {
  const em = sut.system.db.orm.em.fork() as Em;
  expect((await getDevice(em, D.tech1))?.status).toBe('active');
  expect((await getDevice(em, D.tech1))?.lastAcceptedSeq).toBe(0);
  expect((await getConflict(em, conflictId))?.status).toBe('open');
  const progress = await sut.system.temporal.client.workflow
    .getHandle(runId)
    .query<{ phase: string; waveSize: number }>('recoveryProgress');
  expect([progress.phase, progress.waveSize]).toEqual(['running', 1]);
  const runs = sut.system.temporal.client.workflow.list({
    query: `WorkflowType = 'massRecoveryWorkflow' AND TaskQueue = '${sut.system.taskQueue}'`,
  });
  let count = 0;
  for await (const _ of runs) count++;
  expect(count).toBe(1);
  expect(await query(em, 'select id from enrolment_codes')).toEqual([]);
  const audit = await listConsoleAudit(em, { limit: 100, offset: 0 });
  expect(audit.filter((a) => !a.action.startsWith('session.')).map((a) => a.action)).toEqual([]);
}

const origin = () => new URL(sut.url).origin;

it('a signed-out browser is sent to sign in from every page and every action', async () => {
  for (const path of pages()) {
    const response = await api.get(path);
    expect([path, response.status()]).toEqual([path, 302]);
    expect(response.headers().location).toMatch(/^\/login/);
  }
  for (const [path, form] of actions()) {
    const response = await api.post(path, { form, headers: { Origin: origin() } });
    expect([path, response.status()]).toEqual([path, 302]);
    expect(response.headers().location).toMatch(/^\/login/);
  }
  await expectNothingChanged();
});

it('a technician cannot sign in, and a signed technician session is refused on every page and action', async () => {
  const context = await sut.browser.newContext({ baseURL: sut.url });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(ACCOUNTS.tech1.email);
  await page.getByLabel('Password').fill(ACCOUNTS.tech1.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'technicians use the field app' }).waitFor();
  expect((await context.cookies()).some((c) => c.name === 'pco_console_session')).toBe(false);
  await context.close();

  // A live server-side session of the technician, its token signed with the console's real secret
  // (as if a manager signed in and was then made a technician, or the secret leaked).
  const cookie = createCookie('pco_console_session', {
    secrets: [DEV_CONSOLE_SESSION_SECRET],
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
  });
  const token = await createConsoleSession(sut.system.db.orm.em.fork() as Em, {
    data: { personId: DEMO.persons.tech1 },
    expiresAt: new Date(Date.now() + 3_600_000),
    now: new Date(),
  });
  const header = (await cookie.serialize(token)).split(';')[0];
  // The old cookie form (the person id itself, signed): no session behind it.
  const oldForm = (await cookie.serialize({ personId: DEMO.persons.manager })).split(';')[0];
  expect((await api.get('/dashboard', { headers: { Cookie: oldForm } })).status()).toBe(302);
  for (const path of pages()) {
    const response = await api.get(path, { headers: { Cookie: header } });
    expect([path, response.status(), response.headers().location?.startsWith('/login')]).toEqual([path, 302, true]);
  }
  for (const [path, form] of actions()) {
    const response = await api.post(path, { form, headers: { Cookie: header, Origin: origin() } });
    expect([path, response.status(), response.headers().location?.startsWith('/login')]).toEqual([path, 302, true]);
  }
  await expectNothingChanged();
});

it('a post from another origin, or without an Origin header, is refused with 403 on every action, even signed in as a manager', async () => {
  const { context } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  for (const [path, form] of [
    ...actions(),
    ['/login', { email: ACCOUNTS.manager.email, password: ACCOUNTS.manager.password }] as [
      string,
      Record<string, string>,
    ],
  ]) {
    for (const headers of [{ Cookie: cookies, Origin: 'http://evil.example' }, { Cookie: cookies }] as Array<
      Record<string, string>
    >) {
      const response = await api.post(path, { form, headers });
      expect([path, headers.Origin ?? 'none', response.status()]).toEqual([path, headers.Origin ?? 'none', 403]);
    }
  }
  // A real cross-site form in the browser (its Origin is "null"): refused too.
  const attacker = await context.newPage();
  await attacker.setContent(
    `<form method="post" action="${sut.url}/devices/${D.tech1}"><input name="intent" value="suspend"><input name="reason" value="csrf"></form>`,
  );
  const [response] = await Promise.all([
    attacker.waitForResponse((r) => r.url().includes(`/devices/${D.tech1}`)),
    attacker.locator('form').evaluate((f: HTMLFormElement) => f.submit()),
  ]);
  expect(response.status()).toBe(403);
  await context.close();
  await expectNothingChanged();
});

it('signing out ends the session on the server: a copy of the cookie taken before is refused after', async () => {
  const { context, page } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  const copied = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  expect((await api.get('/dashboard', { headers: { Cookie: copied } })).status()).toBe(200);
  const sessions = async () =>
    Number(
      (await query<{ n: string }>(sut.system.db.orm.em.fork() as Em, 'select count(*) as n from console_sessions'))[0]
        .n,
    );
  const before = await sessions();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
  expect(await sessions()).toBe(before - 1);
  const replayed = await api.get('/dashboard', { headers: { Cookie: copied } });
  expect([replayed.status(), replayed.headers().location?.startsWith('/login')]).toEqual([302, true]);
  const posted = await api.post(`/devices/${D.tech1}`, {
    form: { intent: 'suspend', reason: 'after sign-out' },
    headers: { Cookie: copied, Origin: origin() },
  });
  expect([posted.status(), posted.headers().location?.startsWith('/login')]).toEqual([302, true]);
  await context.close();
  await expectNothingChanged();
});

it('signing in starts a new session: a token the browser held before (planted or old) signs nobody in after', async () => {
  const { context } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  const before = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  await context.close();
  const again = await api.post('/login', {
    form: { email: ACCOUNTS.manager.email, password: ACCOUNTS.manager.password },
    headers: { Cookie: before, Origin: origin() },
  });
  expect(again.status()).toBe(302);
  const after = (again.headers()['set-cookie'] ?? '').split(';')[0];
  expect(after.startsWith('pco_console_session=')).toBe(true);
  expect(after).not.toBe(before);
  expect((await api.get('/dashboard', { headers: { Cookie: after } })).status()).toBe(200);
  expect((await api.get('/dashboard', { headers: { Cookie: before } })).status()).toBe(302);
  await expectNothingChanged();
});

it('an oversized form is refused with 413 before any action reads it', async () => {
  const { context } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const response = await api.post(`/devices/${D.tech1}`, {
    form: { intent: 'suspend', reason: 'x'.repeat(100_000) },
    headers: { Cookie: cookies, Origin: origin() },
  });
  expect(response.status()).toBe(413);
  await context.close();
  await expectNothingChanged();
});

it('a post that is not a form is refused with 415 on every action; a malformed form body with 400; neither with a stack', async () => {
  const { context } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const paths = [...actions().map(([path]) => path), '/login'];
  for (const path of paths) {
    for (const [type, data] of [
      ['application/json', '{}'],
      ['text/plain', 'intent=suspend'],
      [undefined, undefined],
    ] as const) {
      const headers: Record<string, string> = {
        Cookie: cookies,
        Origin: origin(),
        ...(type ? { 'content-type': type } : {}),
      };
      const response = await api.post(path, { headers, data });
      expect([path, type ?? 'none', response.status()]).toEqual([path, type ?? 'none', 415]);
      expect(await response.text()).toContain('Refused: a console action takes a form');
    }
    if (path === '/logout') continue; // reads no form: it would sign this session out
    const broken = await api.post(path, {
      headers: { Cookie: cookies, Origin: origin(), 'content-type': 'multipart/form-data; boundary=xyz' },
      data: '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsuspend',
    });
    expect([path, broken.status()]).toEqual([path, 400]);
    expect(await broken.text()).not.toMatch(/TypeError|node_modules|at [A-Za-z]+ \(/);
  }
  await context.close();
  await expectNothingChanged();
});

it('an action no form sends (a crafted intent) is a 400 page that says so, and changes nothing', async () => {
  const { context } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  for (const path of [`/devices/${D.tech1}`, `/conflicts/${conflictId}`]) {
    const response = await api.post(path, {
      form: { intent: 'bogus', reason: 'crafted' },
      headers: { Cookie: cookies, Origin: origin() },
    });
    expect([path, response.status()]).toEqual([path, 400]);
    expect(await response.text()).toContain('Unknown action: reload the page and try again.');
  }
  await context.close();
  await expectNothingChanged();
});

it('an address with malformed percent-encoding is a plain 400, with no stack or server path', async () => {
  for (const path of ['/conflicts/%E0%A4%A', '/devices/%E0%A4%A', '/recovery/%E0%A4%A']) {
    const response = await api.get(path);
    expect([path, response.status()]).toEqual([path, 400]);
    const body = await response.text();
    expect(body).toBe('Refused: the address holds malformed percent-encoding.');
  }
});

it('the link in an escalation email opens that conflict after sign-in', async () => {
  const context = await sut.browser.newContext({ baseURL: sut.url });
  const page = await context.newPage();
  await page.goto(`/conflicts/${conflictId}`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.getByLabel('Email').fill(ACCOUNTS.manager.email);
  await page.getByLabel('Password').fill(ACCOUNTS.manager.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Conflict:/ }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/conflicts/${conflictId}`);
  // An unknown or malformed id is a plain 404 page, not an error.
  const missing = await page.goto('/conflicts/not-a-uuid');
  expect(missing?.status()).toBe(404);
  await context.close();
});
