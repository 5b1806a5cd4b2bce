/**
 * Sign-in, sessions, the layout and the dashboard, in a real browser against the built console:
 * the fleet's OfflineMetrics, the sync-health chart and the open alerts raised by the real
 * monitoring workflow. Screenshots at laptop and tablet sizes; axe finds nothing serious.
 */
import { recordSyncAttempt, type Em } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import { connectRecording, currentHash, eventsOf } from '@pco/workers/test-support';
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { screenshot, seriousAccessibilityViolations, signIn, VIEWPORTS } from './support/browser';

jest.setTimeout(120_000);
let sut: ConsoleSystem;
beforeAll(async () => {
  sut = await startConsoleSystem();
});
afterAll(() => sut?.close());

it('a manager signs in, sees the dashboard with navigation, and signs out; the session cookie is httpOnly and sameSite', async () => {
  const { context, page } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  try {
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    for (const name of ['Dashboard', 'Conflicts', 'Devices', 'Mass recovery']) {
      expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).count()).toBe(1);
    }
    const cookie = (await context.cookies()).find((c) => c.name === 'pco_console_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto('/dashboard');
    expect(new URL(page.url()).pathname).toBe('/login');
  } finally {
    await context.close();
  }
});

it('a wrong password and bad fields are refused with a message next to the field; no session is made', async () => {
  const context = await sut.browser.newContext({ baseURL: sut.url });
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('x');
    // The browser's own email check would stop the form first: submit it as a careless client would.
    await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#email-error').waitFor();
    expect(await page.locator('#email-error').textContent()).toBe('Enter an email address like name@example.com.');
    await page.getByLabel('Email').fill(ACCOUNTS.manager.email);
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'email or password is wrong' }).waitFor();
    expect((await context.cookies()).some((c) => c.name === 'pco_console_session')).toBe(false);
  } finally {
    await context.close();
  }
});

it("the dashboard shows the fleet metrics, the sync-health chart and the monitoring workflow's open alerts", async () => {
  // Real traffic: tech2 syncs once through the gateway; tech3 reports a failed sync with 150 events queued.
  const tech2 = await connectRecording(sut.system.gateway.url, 'tech2');
  const event = (await eventsOf(sut.system.db.orm, 'tech2')).next({
    eventType: 'ProductIssued',
    product: DEMO.products.gloves,
    quantity: { value: 2, unit: 'each' },
    fromLocation: DEMO.locations.vehicle2,
    toLocation: DEMO.locations.customerSite,
    data: {},
    lastKnownServerStateHash: await currentHash(sut.system.db.orm),
  });
  expect((await upload(tech2.socket as unknown as DeviceSocket, [event])).ok).toBe(true);
  tech2.socket.close();
  await recordSyncAttempt(sut.system.db.orm.em.fork() as Em, {
    deviceId: DEMO.devices.tech3,
    at: new Date().toISOString(),
    succeeded: false,
    pendingQueueSize: 150,
    oldestPendingAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  await sut.system.temporal.client.workflow.execute('monitoringAlertsWorkflow', {
    taskQueue: sut.system.taskQueue,
    workflowId: `monitoring-e2e-${Date.now()}`,
  });

  const { context, page } = await signIn(sut.browser, sut.url, ACCOUNTS.admin.email, ACCOUNTS.admin.password);
  try {
    const card = async (label: string) => (await page.locator(`[data-metric="${label}"] .value`).textContent())?.trim();
    await page.locator('.recharts-surface').first().waitFor();
    expect(await card('Pending events')).toBe('150');
    expect(await card('Devices with > 100 pending')).toBe('1');
    expect(await card('Sync failure rate (24 h)')).toMatch(/^50\.0 % of 2$/);
    expect(await card('Oldest pending event')).toMatch(/^(60 min|1 h)$/);
    const alerts = await page.locator('#alerts-h ~ .table-wrap tbody tr').allTextContents();
    expect(alerts.some((a) => a.includes('warning') && a.includes(DEMO.devices.tech3))).toBe(true);
    for (const size of ['laptop', 'tablet'] as const) {
      await page.setViewportSize(VIEWPORTS[size]);
      await screenshot(page, `dashboard-${size}`);
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
});
