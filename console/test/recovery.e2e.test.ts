/**
 * Mass recovery end to end: the triage preview, a staggered resync started in the browser over
 * three simulated devices (each syncs through the real gateway when told it is admitted), paused,
 * resumed and its wave size changed from the page, watched until it completes; a second run is
 * aborted. Bad start input changes nothing. Screenshots and an accessibility check of the screen.
 */
import type { Page } from 'playwright-core';
import { listConsoleAudit, type Em } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { recoveryProgressQuery } from '@pco/workflows';
import { upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import { connectRecording, currentHash, eventsOf, type RecordingDevice } from '@pco/workers/test-support';
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { screenshot, seriousAccessibilityViolations, signIn, VIEWPORTS } from './support/browser';

jest.setTimeout(240_000);
const { locations: L, products: P } = DEMO;
const TECHS = [
  ['tech1', L.vehicle1],
  ['tech2', L.vehicle2],
  ['tech3', L.vehicle3],
] as const;

let sut: ConsoleSystem;
let page: Page;
const devices: RecordingDevice[] = [];

/** A simulated phone: when its wave is admitted it uploads one event, which counts as its sync. */
async function simulatedDevice(tech: (typeof TECHS)[number][0], vehicle: string): Promise<RecordingDevice> {
  const device = await connectRecording(sut.system.gateway.url, tech);
  device.socket.on('recovery:admitted', () => {
    void (async () => {
      const event = (await eventsOf(sut.system.db.orm, tech)).next({
        eventType: 'ProductIssued',
        product: P.gloves,
        quantity: { value: 1, unit: 'each' },
        fromLocation: vehicle,
        toLocation: L.customerSite,
        data: {},
        lastKnownServerStateHash: await currentHash(sut.system.db.orm),
      });
      await upload(device.socket as unknown as DeviceSocket, [event]);
    })();
  });
  return device;
}

beforeAll(async () => {
  sut = await startConsoleSystem();
  for (const [tech, vehicle] of TECHS) devices.push(await simulatedDevice(tech, vehicle));
  page = (await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password)).page;
});
afterAll(async () => {
  for (const d of devices) d.socket.close();
  await sut?.close();
});

async function fillStart(values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.locator(`#${name}`).fill(value);
  await page.getByRole('button', { name: 'Start resync' }).click();
}

const phase = () => page.locator('[data-testid="phase"]');

it('previews the triage: every active device in admission order, with the regulated products its user holds', async () => {
  await page.goto('/recovery');
  expect(await page.locator('[data-testid="triage-summary"]').textContent()).toContain(
    '3 device(s) would be planned, 2 with priority',
  );
  const rows = await page.locator('#triage-h ~ .table-wrap tbody tr').allTextContents();
  expect(rows).toHaveLength(3);
  expect(rows[2]).toContain("Sam's phone"); // tech2's truck holds no regulated stock: last
  expect(rows[0]).toMatch(/Bromadiolone|Fipronil/);
  for (const size of ['laptop', 'tablet'] as const) {
    await page.setViewportSize(VIEWPORTS[size]);
    await screenshot(page, `mass-recovery-triage-${size}`);
  }
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.setViewportSize(VIEWPORTS.laptop);
});

it('bad start input is refused next to each field and starts nothing', async () => {
  await page.goto('/recovery');
  await fillStart({ waveSize: '0', intervalSeconds: 'soon', threshold: '2', syncTimeoutSeconds: '', pollSeconds: '5' });
  await page.locator('#waveSize-error').waitFor();
  expect(await page.locator('#waveSize-error').textContent()).toBe('The wave size must be from 1 to 10000.');
  expect(await page.locator('#intervalSeconds-error').textContent()).toBe(
    'The interval in seconds must be a whole number.',
  );
  expect(await page.locator('#threshold-error').textContent()).toBe('The threshold is a share from 0 to 1, e.g. 0.2.');
  expect(await page.locator('#syncTimeoutSeconds-error').textContent()).toBe('Enter the sync timeout in seconds.');
  const runs = sut.system.temporal.client.workflow.list({
    query: `WorkflowType = 'massRecoveryWorkflow' AND TaskQueue = '${sut.system.taskQueue}'`,
  });
  let count = 0;
  for await (const _ of runs) count++;
  expect(count).toBe(0);
});

it('starts a staggered resync, pauses, changes the wave size, resumes and watches it complete', async () => {
  await page.goto('/recovery');
  await fillStart({ waveSize: '1', intervalSeconds: '2', threshold: '1', syncTimeoutSeconds: '30', pollSeconds: '1' });
  await page.getByRole('heading', { name: 'Recovery run' }).waitFor();
  const workflowId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

  await page.getByRole('button', { name: 'Pause' }).click();
  await phase().filter({ hasText: 'paused' }).waitFor();
  const handle = sut.system.temporal.client.workflow.getHandle(workflowId);
  expect((await handle.query(recoveryProgressQuery)).phase).toBe('paused');
  for (const size of ['laptop', 'tablet'] as const) {
    await page.setViewportSize(VIEWPORTS[size]);
    await screenshot(page, `mass-recovery-${size}`);
  }
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.setViewportSize(VIEWPORTS.laptop);

  await page.locator('#waveSize').fill('0');
  await page.getByRole('button', { name: 'Change wave size' }).click();
  await page.locator('#waveSize-error').waitFor();
  await page.locator('#waveSize').fill('2');
  await page.getByRole('button', { name: 'Change wave size' }).click();
  await page.locator('[data-testid="wave-size"]', { hasText: '2' }).waitFor();
  expect((await handle.query(recoveryProgressQuery)).waveSize).toBe(2);

  await page.getByRole('button', { name: 'Resume' }).click();
  // The page reloads the progress query by itself until the run completes.
  await phase().filter({ hasText: 'completed' }).waitFor({ timeout: 120_000 });
  expect(await page.locator('[data-testid="admitted"]').textContent()).toBe('3 of 3');
  const result = await handle.result();
  expect(result).toMatchObject({ phase: 'completed', total: 3, admitted: 3, synced: 3 });

  const audit = await listConsoleAudit(sut.system.db.orm.em.fork() as Em, {
    limit: 20,
    offset: 0,
    target: `workflow:${workflowId}`,
  });
  expect(audit.map((a) => a.action).reverse()).toEqual([
    'recovery.start',
    'recovery.pause',
    'recovery.wave_size',
    'recovery.resume',
  ]);
});

it('aborts a run from the page', async () => {
  await page.goto('/recovery');
  await fillStart({ waveSize: '1', intervalSeconds: '60', threshold: '1', syncTimeoutSeconds: '30', pollSeconds: '1' });
  await page.getByRole('heading', { name: 'Recovery run' }).waitFor();
  await page.locator('#reason').fill('Network still unstable');
  await page.getByRole('button', { name: 'Abort' }).click();
  await phase().filter({ hasText: 'aborted' }).waitFor({ timeout: 30_000 });
  expect(await page.locator('main').textContent()).toContain('Why: Network still unstable');
});
