/**
 * The admin's central functions end to end (real gateway, PostgreSQL, built console, Chromium):
 * products, locations (a deactivated location makes a device's transfer into it LOCATION_INACTIVE
 * at the real gateway), people and roles (a demoted manager loses the console at once), receiving
 * stock. Form errors show next to their fields and store nothing; managers, signed-out browsers
 * and cross-origin posts are refused.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { getPerson, listConsoleAudit, onHandQuantity, query, setConsolePassword, type Em } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import { connectRecording, currentHash, eventsOf } from '@pco/workers/test-support';
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { screenshot, seriousAccessibilityViolations, signIn } from './support/browser';

jest.setTimeout(180_000);
const { products: P, locations: L, persons: W } = DEMO;

let sut: ConsoleSystem;
let admin: { context: BrowserContext; page: Page };
const em = () => sut.system.db.orm.em.fork() as Em;
const page = () => admin.page;
const text = (selector: string) => page().locator(selector).textContent();

beforeAll(async () => {
  sut = await startConsoleSystem();
  admin = await signIn(sut.browser, sut.url, ACCOUNTS.admin.email, ACCOUNTS.admin.password);
});
afterAll(() => sut?.close());

describe('products', () => {
  it('refuses a regulated product without an EPA number, next to the field; then creates and edits it', async () => {
    await page().goto('/admin/products');
    await page().getByLabel('Id (lower-case letters, digits, dashes)').fill('prod-gel-bait');
    await page().getByLabel('Name').fill('Cockroach Gel Bait');
    await page().getByLabel('Unit', { exact: true }).selectOption('g');
    await page().getByLabel('Regulated (a registered pesticide)').check();
    await page().getByLabel('Value of one unit ($)').fill('0.3');
    await page().getByRole('button', { name: 'Create product' }).click();
    await page().locator('#product-epaRegistrationNumber-error').waitFor();
    expect(await text('#product-epaRegistrationNumber-error')).toBe(
      'A regulated product needs its EPA registration number (e.g. 432-1489).',
    );
    expect(await query(em(), 'select id from products where id = $1', ['prod-gel-bait'])).toEqual([]);

    await page().getByLabel('EPA registration number').fill('100-1484');
    await page().getByLabel('Regulated (a registered pesticide)').check();
    await page().getByRole('button', { name: 'Create product' }).click();
    await page().locator('.notice', { hasText: 'Cockroach Gel Bait created' }).waitFor();
    expect(
      await query(em(), 'select epa_registration_number, regulated, unit_value_cents from products where id = $1', [
        'prod-gel-bait',
      ]),
    ).toEqual([{ epa_registration_number: '100-1484', regulated: true, unit_value_cents: 30 }]);

    await page().goto('/admin/products?edit=prod-gel-bait');
    await page().getByLabel('Name').fill('Cockroach Gel Bait 30 g');
    await page().getByRole('button', { name: 'Save product' }).click();
    await page().locator('.notice', { hasText: 'saved' }).waitFor();
    expect(
      (await listConsoleAudit(em(), { limit: 5, offset: 0, target: 'product:prod-gel-bait' })).map((a) => a.action),
    ).toEqual(['product.update', 'product.create']);
  });

  it('keeps the unit of a product whose stock is recorded', async () => {
    await page().goto(`/admin/products?edit=${P.gloves}`);
    await page().getByLabel('Unit', { exact: true }).selectOption('kg');
    await page().getByRole('button', { name: 'Save product' }).click();
    await page().locator('#product-unit-error').waitFor();
    expect(await text('#product-unit-error')).toBe(
      'the unit stays each: stock of this product is already recorded in it',
    );
  });
});

describe('locations', () => {
  async function returnInto(locationId: string): Promise<{ status: string; code?: string }> {
    const device = await connectRecording(sut.system.gateway.url, 'tech2');
    try {
      const event = (await eventsOf(sut.system.db.orm, 'tech2')).next({
        eventType: 'ProductReturned',
        product: P.gloves,
        quantity: { value: 1, unit: 'each' },
        fromLocation: L.customerSite,
        toLocation: locationId,
        lastKnownServerStateHash: await currentHash(sut.system.db.orm),
      });
      const answer = await upload(device.socket as unknown as DeviceSocket, [event]);
      if (!answer.ok) throw new Error(JSON.stringify(answer));
      const [first] = answer.data.answers;
      return { status: first.status, ...('code' in first ? { code: first.code } : {}) };
    } finally {
      device.socket.close();
    }
  }

  it('creating needs a proper id and a kind; deactivating makes the gateway refuse stock into it, activating lets it in again', async () => {
    await page().goto('/admin/locations');
    await page().getByLabel('Id (lower-case letters, digits, dashes)').fill('Truck 9!');
    await page().getByLabel('Name').fill('Truck 9');
    await page().getByRole('button', { name: 'Create location' }).click();
    await page().locator('#location-id-error').waitFor();
    expect(await text('#location-id-error')).toBe(
      'Use 2 to 63 lower-case letters, digits and dashes (e.g. prod-bait-blocks).',
    );
    expect(await text('#location-kind-error')).toBe('Choose warehouse, vehicle or customer site.');
    await page().getByLabel('Id (lower-case letters, digits, dashes)').fill('loc-truck-9');
    await page().getByLabel('Name').fill('Truck 9');
    await page().getByLabel('Kind').selectOption('vehicle');
    await page().getByRole('button', { name: 'Create location' }).click();
    await page().locator('.notice', { hasText: 'Truck 9 created' }).waitFor();

    await page()
      .locator(`tr[data-location-id="${L.vehicle2}"]`)
      .getByRole('button', { name: /Deactivate/ })
      .click();
    await page()
      .locator(`tr[data-location-id="${L.vehicle2}"] [data-testid="location-status"]`, { hasText: 'inactive' })
      .waitFor();
    expect(await returnInto(L.vehicle2)).toEqual({ status: 'rejected', code: 'LOCATION_INACTIVE' });

    await page()
      .locator(`tr[data-location-id="${L.vehicle2}"]`)
      .getByRole('button', { name: /Activate/ })
      .click();
    await page()
      .locator(`tr[data-location-id="${L.vehicle2}"] [data-testid="location-status"]`, { hasText: /^active$/ })
      .waitFor();
    expect(await returnInto(L.vehicle2)).toEqual({ status: 'accepted' });
    expect(
      (await listConsoleAudit(em(), { limit: 5, offset: 0, target: `location:${L.vehicle2}` })).map((a) => [
        a.action,
        a.actorId,
      ]),
    ).toEqual([
      ['location.activate', W.admin],
      ['location.deactivate', W.admin],
    ]);
  });
});

describe('people and roles', () => {
  it('adds a person (errors next to the fields first), assigns locations and changes the role', async () => {
    await page().goto('/admin/people');
    await page().getByLabel('Name', { exact: true }).fill('Dana Cruz');
    await page().getByLabel('Email').fill('dana.cruz@pco'); // passes the browser's email check, not the console's
    await page().getByRole('button', { name: 'Add person' }).click();
    await page().locator('#person-email-error').waitFor();
    expect(await text('#person-email-error')).toBe('Enter an email address like name@company.com.');
    expect(await text('#person-role-error')).toBe('Choose technician, manager or admin.');
    await page().getByLabel('Email').fill('Dana.Cruz@pco.example');
    await page().locator('#person-role').selectOption('manager');
    await page().getByRole('button', { name: 'Add person' }).click();
    await page().locator('.notice', { hasText: 'Dana Cruz added as manager' }).waitFor();
    const [dana] = await query<{ id: string }>(em(), 'select id from persons where email = $1', [
      'dana.cruz@pco.example',
    ]);

    const row = page().locator(`tr[data-person-id="${dana.id}"]`);
    await row.getByLabel('Truck 1').check();
    await row.getByLabel('Main Warehouse').check();
    await row.getByRole('button', { name: /Save locations/ }).click();
    await page().locator('.notice', { hasText: 'Locations saved (2)' }).waitFor();
    expect(
      await query(em(), 'select location_id from location_assignments where person_id = $1 order by location_id', [
        dana.id,
      ]),
    ).toEqual([{ location_id: L.vehicle1 }, { location_id: L.warehouse }]);
  });

  it('a manager demoted to technician loses the console at their next request', async () => {
    const [dana] = await query<{ id: string }>(em(), 'select id from persons where email = $1', [
      'dana.cruz@pco.example',
    ]);
    expect(
      await setConsolePassword(em(), { personId: dana.id, password: 'dana-e2e-password', now: new Date() }),
    ).toEqual({ ok: true, value: undefined });
    const manager = await signIn(sut.browser, sut.url, 'dana.cruz@pco.example', 'dana-e2e-password');
    try {
      await manager.page.goto('/requests');
      await manager.page.getByRole('heading', { name: 'Stock requests' }).waitFor();

      await page().goto('/admin/people');
      await page()
        .locator(`#role-${dana.id.replace(/[^A-Za-z0-9_-]/g, '_')}`)
        .selectOption('technician');
      await page().locator(`tr[data-person-id="${dana.id}"]`).getByRole('button', { name: 'Change role' }).click();
      await page().locator('.notice', { hasText: 'Role changed to technician' }).waitFor();
      expect((await getPerson(em(), dana.id))?.role).toBe('technician');

      await manager.page.goto('/requests');
      expect(new URL(manager.page.url()).pathname).toBe('/login');
      const post = await manager.context.request.post('/review', {
        form: { kind: 'dispute', id: 'x', outcome: 'y' },
        headers: { Origin: sut.url },
        maxRedirects: 0,
      });
      expect(post.status()).toBe(302);
    } finally {
      await manager.context.close();
    }
  });

  it('an admin cannot change their own role', async () => {
    await page().goto('/admin/people');
    expect(await page().locator(`#role-${W.admin}`).isDisabled()).toBe(true);
    const forced = await admin.context.request.post('/admin/people', {
      form: { intent: 'role', personId: W.admin, role: 'technician' },
      headers: { Origin: sut.url },
    });
    expect(forced.status()).toBe(409);
    expect((await getPerson(em(), W.admin))?.role).toBe('admin');
  });
});

describe('receiving stock', () => {
  it('refuses a zero quantity with the domain rule next to the field; then appends the receipt', async () => {
    const before = await onHandQuantity(em(), L.warehouse, P.termiticide);
    await page().goto('/admin/receive');
    await page().getByLabel('Product', { exact: true }).selectOption(P.termiticide);
    await page().getByLabel('Received at').selectOption(L.warehouse);
    await page().getByLabel("Quantity (in the product's unit)").fill('0');
    await page().getByLabel('Supplier').fill('Univar Solutions');
    await page().getByRole('button', { name: 'Record receipt' }).click();
    await page().locator('#receive-quantity-error').waitFor();
    expect(await text('#receive-quantity-error')).toBe('The quantity must be > 0 for ProductReceived, got 0');
    expect(await onHandQuantity(em(), L.warehouse, P.termiticide)).toBe(before);

    // Finer than the product's unit allows: refused in that unit's words (it once named lb for every product).
    await page().getByLabel("Quantity (in the product's unit)").fill('1.23456');
    await page().getByRole('button', { name: 'Record receipt' }).click();
    await page().locator('#receive-quantity-error', { hasText: '1.23456' }).waitFor();
    expect(await text('#receive-quantity-error')).toBe(
      'The quantity must be at most 2 decimals for fl_oz, got 1.23456',
    );
    expect(await onHandQuantity(em(), L.warehouse, P.termiticide)).toBe(before);

    await page().getByLabel("Quantity (in the product's unit)").fill('128');
    await page().getByLabel('Delivery note or invoice number (optional)').fill('DN-4471');
    await page().getByRole('button', { name: 'Record receipt' }).click();
    await page().locator('.notice', { hasText: 'Received 128 fl_oz' }).waitFor();
    expect(await onHandQuantity(em(), L.warehouse, P.termiticide)).toBe(before + 128);
    const [logged] = await query<{ payload: { eventType: string; performedBy: string; data: unknown } }>(
      em(),
      "select payload from event_log where event_type = 'ProductReceived' order by position desc limit 1",
    );
    expect(logged.payload).toMatchObject({
      eventType: 'ProductReceived',
      performedBy: W.admin,
      data: { supplier: 'Univar Solutions', reference: 'DN-4471' },
    });
  });
});

describe('access', () => {
  it('has no serious accessibility violation on the admin pages', async () => {
    for (const path of ['/admin/products', '/admin/locations', '/admin/people', '/admin/receive']) {
      await page().goto(path);
      await page().locator('h1').waitFor();
      expect({ path, violations: await seriousAccessibilityViolations(page()) }).toEqual({ path, violations: [] });
    }
    await page().goto('/admin/people');
    await screenshot(page(), 'admin-people-laptop');
  });

  it('a manager sees no admin links and is refused the admin pages and their posts', async () => {
    const manager = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password, 'tablet');
    try {
      expect(
        await manager.page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Products' }).count(),
      ).toBe(0);
      const response = await manager.page.goto('/admin/products');
      expect(response?.status()).toBe(403);
      await manager.page.getByRole('heading', { name: 'Products: not allowed' }).waitFor();
      await screenshot(manager.page, 'admin-refused-tablet');
      const post = await manager.context.request.post('/admin/locations', {
        form: { intent: 'deactivate', id: L.warehouse },
        headers: { Origin: sut.url },
      });
      expect(post.status()).toBe(403);
      expect(await query(em(), 'select status from locations where id = $1', [L.warehouse])).toEqual([
        { status: 'active' },
      ]);
    } finally {
      await manager.context.close();
    }
  });

  it("refuses a signed-out browser and a cross-origin post with the admin's session; nothing is stored", async () => {
    const stranger = await sut.browser.newContext({ baseURL: sut.url });
    try {
      const p = await stranger.newPage();
      await p.goto('/admin/receive');
      expect(new URL(p.url()).pathname).toBe('/login');
      const post = await stranger.request.post('/admin/receive', {
        form: { productId: P.gloves, locationId: L.warehouse, quantity: '5', supplier: 'X' },
        headers: { Origin: sut.url },
        maxRedirects: 0,
      });
      expect(post.status()).toBe(302);
    } finally {
      await stranger.close();
    }
    const before = await onHandQuantity(em(), L.warehouse, P.gloves);
    const forged = await admin.context.request.post('/admin/receive', {
      form: { productId: P.gloves, locationId: L.warehouse, quantity: '5', supplier: 'X' },
      headers: { Origin: 'http://evil.example' },
    });
    expect(forged.status()).toBe(403);
    expect(await onHandQuantity(em(), L.warehouse, P.gloves)).toBe(before);
  });
});
