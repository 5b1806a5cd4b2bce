/**
 * The technician's app in Debian's Chromium against the real gateway, PostgreSQL and Temporal:
 * enrol through the screen, work offline across a reload and a browser restart, sync, then a
 * conflict resolved from the banner with "modify", then a revocation. Screenshots of the main
 * screens (offline and online, phone size) go to .e2e-screenshots/; axe checks each screen.
 */
import { readFileSync } from 'node:fs';
import { query } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { enrolmentCodeFor } from '@pco/sync-socket/test-support';
import { FieldClient } from '../src/client/field-client';
import { screenshot, seriousA11yViolations } from './e2e/browser';
import { phoneAndServices } from './e2e/phone-and-services';
import {
  PIN,
  UI_TIMEOUT,
  enrol,
  pendingCount,
  record,
  stockOf,
  tab,
  waitForPending,
  waitForServiceWorker,
} from './e2e/app-driver';
import { attachmentsOf, deviceEvents, serverOnHand } from './e2e/services';
import { noisePng } from './e2e/noise-png';

jest.setTimeout(300_000);

const { persons: P, locations: L, products: R } = DEMO;
const sut = phoneAndServices('field-app');
let deviceId: string;

const page = () => sut.phone.page;

async function checkA11y(name: string): Promise<void> {
  const violations = await seriousA11yViolations(page());
  expect({ screen: name, violations }).toEqual({ screen: name, violations: [] });
}

async function shootScreens(state: 'online' | 'offline'): Promise<void> {
  for (const name of ['Record', 'Stock', 'Requests', 'Reports', 'Device'] as const) {
    await tab(page(), name);
    await screenshot(page(), `${state}-${name.toLowerCase()}`);
    await checkA11y(`${state} ${name}`);
  }
  await tab(page(), 'Record');
}

describe('field app: a technician in a basement', () => {
  it('enrols through the enrol screen with a one-time code; the device registers its public key and syncs its stock', async () => {
    await page().goto(sut.services.app.url);
    // Installable: a linked web manifest with 192 and 512 px icons that the server serves.
    const manifest = await page().evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')?.getAttribute('href') ?? '';
      const body = await (await fetch(href)).json();
      const icons = await Promise.all(
        body.icons.map(
          async (i: { src: string; sizes: string }) =>
            `${i.sizes} ${(await fetch(`/${i.src}`)).headers.get('content-type')}`,
        ),
      );
      return { display: body.display, start_url: body.start_url, icons };
    });
    expect(manifest).toEqual({
      display: 'standalone',
      start_url: '/',
      icons: ['192x192 image/png', '512x512 image/png', '512x512 image/png'],
    });
    await screenshot(page(), 'enrol');
    await checkA11y('enrol');
    // A one-time code a manager issued for Jordan (tech3): the code alone says who enrols.
    await enrol(page(), sut.services.app.url, {
      code: await enrolmentCodeFor(sut.services.orm, P.tech3),
      deviceName: "Jordan's test phone",
    });
    await waitForServiceWorker(page());
    await page().waitForFunction(
      () => !document.querySelector('[data-testid="last-sync"]')?.textContent?.includes('never'),
      undefined,
      { timeout: UI_TIMEOUT },
    );
    await tab(page(), 'Device');
    deviceId = (await page().getByTestId('device-id').textContent()) ?? '';
    expect(deviceId).toMatch(/\S+/);
    expect(await page().getByTestId('device-user').textContent()).toBe(P.tech3);
    expect(await stockOf(page(), L.vehicle3)).toMatchObject({ [R.gloves]: 100, [R.termiticide]: 40 });
    await shootScreens('online');
  });

  it('reloads with the network off and records an issue, a return, a transfer and a count, each confirmed first', async () => {
    await sut.phone.context.setOffline(true);
    await page().reload();
    await page().getByTestId('status-bar').waitFor({ timeout: UI_TIMEOUT });
    expect(await page().getByTestId('connectivity').textContent()).toBe('Offline');
    expect(await stockOf(page(), L.vehicle3)).toMatchObject({ [R.gloves]: 100 });

    const issue = await record(page(), {
      action: 'Issue to a job',
      from: L.vehicle3,
      product: R.gloves,
      quantity: 3,
      job: 'JOB-100',
    });
    expect(issue.confirm).toContain('issue 3 each of Nitrile Gloves (pair) from Truck 3 to job JOB-100');
    expect(issue.recorded).toMatch(/^Recorded #1: .*It will sync when you are online\.$/);
    await record(page(), { action: 'Return', to: L.vehicle2, product: R.gloves, quantity: 2, reason: 'unused' });
    await record(page(), { action: 'Transfer', from: L.vehicle2, to: L.vehicle3, product: R.gloves, quantity: 5 });
    const photo = { name: 'shelf.png', mimeType: 'image/png', buffer: noisePng(1400, 1400) };
    expect(photo.buffer.length).toBeGreaterThan(5 * 1024 * 1024);
    const count = await record(page(), {
      action: 'Count',
      location: L.vehicle3,
      product: R.termiticide,
      quantity: 38,
      photo,
    });
    expect(count.confirm).toContain(
      'count of 38 fl oz of Fipronil Termiticide SC at Truck 3 (becomes its on-hand), with the photo',
    );
    expect(count.recorded).toContain('with a photo');
    expect(await pendingCount(page())).toBe(4);
    expect(await stockOf(page(), L.vehicle3)).toMatchObject({ [R.gloves]: 102, [R.termiticide]: 38 });
    await tab(page(), 'Record');
    expect(await page().getByTestId('online-only').textContent()).toContain(
      'Receive from supplierUnavailable offline: Requires verification.',
    );
    await tab(page(), 'Reports');
    expect(await page().getByTestId('report-used').textContent()).toBe('Nitrile Gloves (pair)3 each');
    expect(await page().getByTestId('report-age').first().textContent()).toMatch(/^Cached data from \d+ s ago/);
    expect(await page().getByTestId('report-regulated').textContent()).toContain(
      'Fipronil Termiticide SCEPA 432-1489 · Truck 338 fl oz',
    );
    await shootScreens('offline');
    expect(await deviceEvents(sut.services.orm, deviceId)).toEqual([]);
  });

  it('keeps everything and the sign-in across a browser restart, offline', async () => {
    const reopened = await sut.phone.restart({ offline: true });
    await reopened.goto(sut.services.app.url);
    await reopened.getByTestId('status-bar').waitFor({ timeout: UI_TIMEOUT });
    expect(await reopened.getByTestId('connectivity').textContent()).toBe('Offline');
    expect(await pendingCount(reopened)).toBe(4);
    expect(await reopened.getByLabel('PIN').count()).toBe(0);
  });

  it('signs the technician out and in again with the PIN, offline', async () => {
    await tab(page(), 'Device');
    await page().getByRole('button', { name: 'Sign out' }).click();
    await screenshot(page(), 'offline-sign-in');
    await checkA11y('sign-in');
    await page().getByLabel('PIN').fill('0000');
    await page().getByRole('button', { name: 'Sign in' }).click();
    expect(await page().getByRole('alert').textContent()).toBe('Wrong PIN. Try again.');
    await page().getByLabel('PIN').fill(PIN);
    await page().getByRole('button', { name: 'Sign in' }).click();
    await page().getByTestId('status-bar').waitFor({ timeout: UI_TIMEOUT });
    expect(await pendingCount(page())).toBe(4);
  });

  it('syncs when the network comes back: every event in sequence order, and the server on-hand equals the app', async () => {
    await sut.phone.context.setOffline(false);
    await waitForPending(page(), 0);
    const events = await deviceEvents(sut.services.orm, deviceId);
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'ProductIssued'],
      [2, 'ProductReturned'],
      [3, 'ProductTransferred'],
      [4, 'InventoryCounted'],
    ]);
    expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((a, b) => a - b));
    // The count's photo: compressed under 5 MB on the phone, its hash signed in the event, its bytes on the server.
    const [photo] = await attachmentsOf(sut.services.orm, events[3].eventId);
    expect(photo.stored).toEqual({
      sha256: photo.ref.sha256,
      contentType: 'image/jpeg',
      size: photo.ref.size,
      bytesSha256: photo.ref.sha256,
    });
    expect(photo.ref.size).toBeLessThanOrEqual(5 * 1024 * 1024);
    for (const location of [L.vehicle2, L.vehicle3]) {
      const shown = await stockOf(page(), location);
      for (const [product, quantity] of Object.entries(shown)) {
        expect({ location, product, quantity: await serverOnHand(sut.services.orm, location, product) }).toEqual({
          location,
          product,
          quantity,
        });
      }
    }
  });

  it('shows a conflict banner when a second technician took the stock first, and resolves it with "modify"', async () => {
    await sut.phone.context.setOffline(true);
    await record(page(), {
      action: 'Issue to a job',
      from: L.vehicle2,
      product: R.glueBoards,
      quantity: 30,
      job: 'JOB-200',
    });

    const other = await FieldClient.create({
      baseUrl: sut.services.gateway.url,
      userId: P.tech2,
      name: "Sam's phone",
      storageName: `pco-e2e-tech2-${Date.now()}`,
    });
    await other.register(await enrolmentCodeFor(sut.services.orm, P.tech2));
    expect((await other.sync()).status).toBe('completed');
    await other.issue({ product: R.glueBoards, quantity: { value: 35, unit: 'each' }, fromLocation: L.vehicle2 });
    expect((await other.sync()).status).toBe('completed');
    other.close();
    expect(await serverOnHand(sut.services.orm, L.vehicle2, R.glueBoards)).toBe(15);

    await sut.phone.context.setOffline(false);
    const banner = page().getByTestId('conflict-banner');
    await banner.waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page(), 'online-conflict-banner');
    await checkA11y('conflict banner');
    for (const option of ["Accept the server's view", 'Retry', 'Modify the quantity', 'Escalate to a manager']) {
      expect(await banner.getByText(option).count()).toBe(1);
    }
    await banner.getByLabel(/Modify the quantity/).check();
    await banner.getByLabel('New quantity (each)').fill('15');
    expect(await banner.getByTestId('conflict-confirm').textContent()).toContain('Modify the quantity: 15 each');
    await banner.getByRole('button', { name: 'Send decision' }).click();
    await banner.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await serverOnHand(sut.services.orm, L.vehicle2, R.glueBoards)).toBe(0);
    await waitForPending(page(), 0);
  });

  it('creates a request for stock, which reaches the server as pending', async () => {
    const request = await record(page(), {
      action: 'Request stock',
      to: L.vehicle3,
      product: R.glueBoards,
      quantity: 25,
    });
    expect(request.confirm).toContain('request for 25 each of Glue Boards delivered to Truck 3');
    await waitForPending(page(), 0);
    const rows = await query<{ status: string; quantity: string; to_location: string }>(
      sut.services.orm.em.fork(),
      'select status, quantity, to_location from requests where created_by = $1',
      [P.tech3],
    );
    expect(rows).toEqual([{ status: 'pending', quantity: '25', to_location: L.vehicle3 }]);
  });

  it('tells a revoked device so, and shows its unsent queue as quarantined', async () => {
    await sut.phone.context.setOffline(true);
    await record(page(), {
      action: 'Issue to a job',
      from: L.vehicle3,
      product: R.gloves,
      quantity: 1,
      job: 'JOB-300',
    });
    const handle = await sut.services.temporal.client.workflow.start('revokeDeviceWorkflow', {
      taskQueue: sut.services.taskQueue,
      workflowId: `revoke-device-${deviceId}`,
      args: [{ deviceId, reason: 'reported lost', revokedBy: P.admin }],
    });
    await handle.result();
    await sut.phone.context.setOffline(false);
    const banner = page().getByTestId('revoked-banner');
    await banner.waitFor({ timeout: UI_TIMEOUT });
    expect(await banner.textContent()).toContain('quarantined');
    await tab(page(), 'Device');
    expect(await page().locator('[data-testid="queue-list"] li[data-status="quarantined"]').count()).toBe(1);
    await screenshot(page(), 'online-revoked');
    await checkA11y('revoked');
    // The corrupted-storage procedure's first step, in one tap: the unsent events as a file.
    const [download] = await Promise.all([
      page().waitForEvent('download'),
      page().getByRole('button', { name: 'Export unsent events' }).click(),
    ]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      deviceId: string;
      unsentEvents: Array<{ event: { data: { jobReference?: string }; offlineContext: { sequenceNumber: number } } }>;
    };
    expect(exported.deviceId).toBe(deviceId);
    expect(
      exported.unsentEvents.map((p) => [p.event.offlineContext.sequenceNumber, p.event.data.jobReference]),
    ).toEqual([[7, 'JOB-300']]);
  });
});
