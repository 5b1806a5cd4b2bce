/**
 * Review queue, requests, inventory, event log and reports end to end, against the real gateway
 * (devices upload signed events over Socket.IO), the real revocation workflow (which fills the
 * review queue), PostgreSQL and the built console in Chromium: CSV downloads checked row by row,
 * form errors next to their fields, the approve/cancel race rule named on the page, screenshots
 * and axe. Signed-out browsers, technicians and cross-origin posts are refused and change nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { getRequest, listConsoleAudit, listReviewItemsPage, saveEventAttachment, type Em } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import { connectRecording, currentHash, eventsOf } from '@pco/workers/test-support';
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { screenshot, seriousAccessibilityViolations, signIn } from './support/browser';

jest.setTimeout(180_000);
const { products: P, locations: L, persons: W, devices: D } = DEMO;
const FORMULA_JOB = '=HYPERLINK("http://evil.example","click"), truck 1';

let sut: ConsoleSystem;
let page: Page;
const em = () => sut.system.db.orm.em.fork() as Em;
/** Before the technicians' uploads: the "as of" inventory must not show them. */
let beforeUploads: string;

async function uploadAs(
  tech: 'tech1' | 'tech2' | 'tech3',
  specs: Array<Parameters<Awaited<ReturnType<typeof eventsOf>>['next']>[0]>,
): Promise<string[]> {
  const device = await connectRecording(sut.system.gateway.url, tech);
  try {
    const factory = await eventsOf(sut.system.db.orm, tech);
    const known = await currentHash(sut.system.db.orm);
    const answer = await upload(
      device.socket as unknown as DeviceSocket,
      specs.map((s) => factory.next({ lastKnownServerStateHash: known, ...s })),
    );
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    return answer.data.answers.map((a) => a.status);
  } finally {
    device.socket.close();
  }
}

beforeAll(async () => {
  sut = await startConsoleSystem();
  // "As of" is read to the second: one second either side of the moment separates the seed from the uploads.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  beforeUploads = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const statuses = await uploadAs('tech1', [
    {
      eventType: 'ProductIssued',
      product: P.rodenticide,
      quantity: { value: 3, unit: 'lb' },
      fromLocation: L.vehicle1,
      toLocation: L.customerSite,
      data: { jobReference: FORMULA_JOB },
    },
    {
      eventType: 'ProductIssued',
      product: P.termiticide,
      quantity: { value: 5, unit: 'fl_oz' },
      fromLocation: L.vehicle1,
      toLocation: L.customerSite,
      data: { jobReference: 'job-17' },
    },
    {
      eventType: 'ProductIssued',
      product: P.rodenticide,
      quantity: { value: 1.5, unit: 'lb' },
      fromLocation: L.vehicle1,
      toLocation: L.customerSite,
      data: { jobReference: 'job-18' },
    },
    {
      eventType: 'RequestCreated',
      product: P.glueBoards,
      quantity: { value: 10, unit: 'each' },
      fromLocation: L.warehouse,
      toLocation: L.vehicle1,
      data: { requestId: 'req-race' },
    },
    {
      eventType: 'RequestCreated',
      product: P.gloves,
      quantity: { value: 50, unit: 'each' },
      fromLocation: L.warehouse,
      toLocation: L.vehicle1,
      data: { requestId: 'req-deny' },
    },
  ]);
  expect(statuses).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
  // More gloves than Truck 2 holds: an insufficient-inventory conflict for the conflicts report.
  expect(
    await uploadAs('tech2', [
      {
        eventType: 'ProductIssued',
        product: P.gloves,
        quantity: { value: 5000, unit: 'each' },
        fromLocation: L.vehicle2,
        toLocation: L.customerSite,
        data: {},
      },
    ]),
  ).toEqual(['conflict']);
  page = (await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password)).page;
});
afterAll(() => sut?.close());

const today = () => new Date().toISOString().slice(0, 10);

async function download(name: string): Promise<{ file: string; text: string }> {
  await page.goto(`/reports?report=${name}&from=${today()}&to=${today()}`);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  return { file: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

/** Minimal RFC 4180 reader for the checks (quoted cells with doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('reports', () => {
  it('downloads the regulated-use record as CSV: one row per application, EPA registration numbers, formula cells guarded', async () => {
    const { file, text } = await download('regulated-use');
    expect(file).toBe(`pco-regulated-use-${today()}-to-${today()}.csv`);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      'Date and time (UTC)',
      'Product',
      'EPA Reg. No.',
      'Quantity',
      'Unit',
      'Applicator',
      'Applicator id',
      'From location',
      'Site',
      'Job reference',
      'Event id',
    ]);
    expect(rows.map((r) => [r[1], r[2], r[3], r[4], r[5], r[7], r[8], r[9]])).toEqual([
      [
        'Bromadiolone Rodenticide Bait Blocks',
        '12455-79',
        '3',
        'lb',
        'Alex Rivera',
        'Truck 1',
        'Oakridge Apartments',
        `'${FORMULA_JOB}`,
      ],
      ['Fipronil Termiticide SC', '432-1489', '5', 'fl_oz', 'Alex Rivera', 'Truck 1', 'Oakridge Apartments', 'job-17'],
      [
        'Bromadiolone Rodenticide Bait Blocks',
        '12455-79',
        '1.5',
        'lb',
        'Alex Rivera',
        'Truck 1',
        'Oakridge Apartments',
        'job-18',
      ],
    ]);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), truck 1"`);
  });

  it('downloads usage by product, technician and location, summed', async () => {
    const [header, ...rows] = parseCsv((await download('usage')).text);
    expect(header.slice(0, 9)).toEqual([
      'Product',
      'Product id',
      'Technician',
      'Technician id',
      'Location',
      'Location id',
      'Quantity used',
      'Unit',
      'Jobs',
    ]);
    expect(rows).toEqual([
      [
        'Bromadiolone Rodenticide Bait Blocks',
        P.rodenticide,
        'Alex Rivera',
        W.tech1,
        'Truck 1',
        L.vehicle1,
        '4.5',
        'lb',
        '2',
      ],
      ['Fipronil Termiticide SC', P.termiticide, 'Alex Rivera', W.tech1, 'Truck 1', L.vehicle1, '5', 'fl_oz', '1'],
    ]);
  });

  it('shows a report page at laptop and tablet sizes with no serious accessibility violation; a bad period is refused next to its field', async () => {
    for (const viewport of ['laptop', 'tablet'] as const) {
      const { context, page: p } = await signIn(
        sut.browser,
        sut.url,
        ACCOUNTS.manager.email,
        ACCOUNTS.manager.password,
        viewport,
      );
      try {
        await p.goto(`/reports?report=regulated-use&from=${today()}&to=${today()}`);
        await p.getByRole('heading', { name: /Regulated-product use/ }).waitFor();
        expect(await p.getByRole('row').count()).toBe(4);
        await screenshot(p, `report-regulated-use-${viewport}`);
        expect(await seriousAccessibilityViolations(p)).toEqual([]);
      } finally {
        await context.close();
      }
    }
    await page.goto('/reports?report=usage&from=2026-13-01&to=2026-01-01');
    expect(await page.locator('#from-error').textContent()).toBe('Enter the first day as a date (YYYY-MM-DD).');
    const csv = await page.request.get('/reports/usage/csv?from=2026-11-10&to=2026-11-01');
    expect([csv.status(), await csv.text()]).toEqual([400, 'The last day must be on or after the first day.']);
  });

  it('downloads conflicts with their state and outcome columns', async () => {
    const [header, ...rows] = parseCsv((await download('conflicts')).text);
    expect(header).toEqual([
      'Raised (UTC)',
      'Conflict id',
      'Type',
      'Severity',
      'Status',
      'Device',
      'Product',
      'Location',
      'What happened',
      'Outcome',
      'Decided by',
      'Resolved (UTC)',
    ]);
    expect(rows.map((r) => [r[2], r[4], r[5], r[6], r[7], r[9], r[11]])).toEqual([
      ['INSUFFICIENT_INVENTORY', 'open', D.tech2, 'Nitrile Gloves (pair)', 'Truck 2 (shared)', '', ''],
    ]);
  });
});

describe('requests', () => {
  it('a denial needs a reason; then it is recorded as RequestDenied', async () => {
    await page.goto('/requests?status=pending');
    const row = page.locator('tr[data-request-id="req-deny"]');
    await row.getByRole('button', { name: 'Deny' }).click();
    await page.locator('#reason-req-deny-error').waitFor();
    expect(await page.locator('#reason-req-deny-error').textContent()).toBe(
      'Give a reason for the denial (the technician is told).',
    );
    expect((await getRequest(em(), 'req-deny'))?.status).toBe('pending');
    await page.locator('#reason-req-deny').fill("Gloves are on back-order; use truck 2's");
    await page.locator('tr[data-request-id="req-deny"]').getByRole('button', { name: 'Deny' }).click();
    await page.locator('.notice').waitFor();
    expect(await getRequest(em(), 'req-deny')).toMatchObject({ status: 'denied', decidedBy: W.manager });
  });

  it('approval is a RequestApproved event; a later cancellation from the phone supersedes it and the page names rule 2', async () => {
    await page.goto('/requests?status=pending');
    await page.locator('tr[data-request-id="req-race"]').getByRole('button', { name: 'Approve' }).click();
    await page.locator('.notice', { hasText: 'req-race approved' }).waitFor();
    expect(await getRequest(em(), 'req-race')).toMatchObject({ status: 'approved', decidedBy: W.manager });
    expect(
      (await listConsoleAudit(em(), { limit: 5, offset: 0, target: 'request:req-race' })).map((a) => a.action),
    ).toEqual(['request.approve']);

    // The technician, offline since before the approval, cancels: claimed later, stock not moved ⇒ rule 2.
    expect(
      await uploadAs('tech1', [
        {
          eventType: 'RequestCancelled',
          product: P.glueBoards,
          quantity: { value: 10, unit: 'each' },
          fromLocation: L.warehouse,
          toLocation: L.vehicle1,
          data: { requestId: 'req-race' },
        },
      ]),
    ).toEqual(['accepted']);
    expect((await getRequest(em(), 'req-race'))?.status).toBe('cancelled');
    await page.goto('/requests?status=cancelled');
    const note = page.locator('tr[data-request-id="req-race"] .race-note');
    expect(await note.getAttribute('data-rule')).toBe('2');
    expect(await note.textContent()).toMatch(
      /^Rule 2 \(not moved: the later claimed time wins\): the cancellation claimed at .* replaced the approval claimed at /,
    );
  });
});

describe('review queue', () => {
  it('a revocation fills the queue; closing needs an outcome; the closed item shows who, when and what', async () => {
    await page.goto(`/devices/${D.tech3}`);
    await page.locator('#revoke-reason').fill('Phone lost at a job site');
    await page.locator('#revoke-confirm').check();
    await page.getByRole('button', { name: 'Revoke device' }).click();
    await page.locator('[data-testid="revocation-status"]', { hasText: 'completed' }).waitFor({ timeout: 60_000 });

    await page.goto('/review?kind=dispute');
    const open = await listReviewItemsPage(em(), { state: 'open', kind: 'dispute' }, { limit: 50, offset: 0 });
    expect(open.total).toBeGreaterThan(0);
    const item = open.rows[0];
    const fieldId = `outcome-dispute-${item.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
    await page
      .getByRole('form', { name: `Close ${item.id}` })
      .getByRole('button', { name: 'Close' })
      .click();
    await page.locator(`#${fieldId}-error`).waitFor();
    expect(await page.locator(`#${fieldId}-error`).textContent()).toBe('Give the outcome: what was decided and why.');
    expect((await listReviewItemsPage(em(), { state: 'closed' }, { limit: 50, offset: 0 })).total).toBe(0);

    await page.locator(`#${fieldId}`).fill('Counted on the truck: all there, custody moved to Sam');
    await page
      .getByRole('form', { name: `Close ${item.id}` })
      .getByRole('button', { name: 'Close' })
      .click();
    await page.locator('.notice').waitFor();
    await page.goto('/review?state=closed');
    expect(await page.locator('[data-testid="outcome"]').allTextContents()).toEqual([
      'Counted on the truck: all there, custody moved to Sam',
    ]);
    const closed = (await listReviewItemsPage(em(), { state: 'closed' }, { limit: 5, offset: 0 })).rows[0];
    expect(closed).toMatchObject({
      id: item.id,
      closedBy: W.manager,
      outcome: 'Counted on the truck: all there, custody moved to Sam',
      closedAt: expect.any(String),
    });
  });
});

describe('inventory and the event log', () => {
  it('on hand now includes the uploads; as of a moment before them it does not', async () => {
    const quantityOn = async (query: string) => {
      await page.goto(`/inventory?location=${L.vehicle1}&product=${P.rodenticide}${query}`);
      return Number(await page.locator('tbody tr td.num').textContent());
    };
    const now = await quantityOn('');
    const before = await quantityOn(`&at=${encodeURIComponent(beforeUploads.slice(0, 19))}`);
    expect(before - now).toBe(4.5);
    expect(await page.getByTestId('as-of').textContent()).toMatch(/^As of .*: the log folded through position \d+\.$/);
    await page.goto('/inventory?at=2999-01-01T00:00');
    expect(await page.locator('#at-error').textContent()).toBe(
      'Choose a moment in the past: the log cannot tell the future.',
    );
  });

  it('shows device events with verified signatures and every chain link intact', async () => {
    await page.goto('/events?type=ProductIssued');
    const signatures = await page.getByTestId('signature').allTextContents();
    expect(signatures).toEqual(['valid', 'valid', 'valid']);
    await page.goto('/events');
    const chains = await page.getByTestId('chain').allTextContents();
    expect(chains.length).toBe(20);
    expect(chains.every((c) => c.startsWith('intact'))).toBe(true);
    expect(await page.getByTestId('signature').allTextContents()).toContain('server event (not signed)');
  });

  it('has no serious accessibility violation on the review, requests, inventory, event log and regulated pages', async () => {
    for (const path of [
      '/review',
      '/review?state=closed',
      '/requests',
      '/inventory',
      '/events',
      `/regulated?from=${today()}&to=${today()}`,
    ]) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      expect({ path, violations: await seriousAccessibilityViolations(page) }).toEqual({ path, violations: [] });
      await screenshot(page, `page${path.replace(/[^a-z]+/g, '-')}`.replace(/-+$/, ''));
    }
  });
});

describe('refusals', () => {
  it('a signed-out browser is sent to sign in from every page and the CSV, and its posts change nothing', async () => {
    const context = await sut.browser.newContext({ baseURL: sut.url });
    try {
      const p = await context.newPage();
      for (const path of [
        '/review',
        '/requests',
        '/inventory',
        '/events',
        '/regulated',
        '/reports',
        '/reports/usage/csv',
      ]) {
        await p.goto(path);
        expect(new URL(p.url()).pathname).toBe('/login');
      }
      const post = await context.request.post('/requests', {
        form: { requestId: 'req-x', decision: 'approve' },
        headers: { Origin: sut.url },
        maxRedirects: 0,
      });
      expect([post.status(), post.headers().location]).toEqual([302, '/login?next=%2Frequests']);
    } finally {
      await context.close();
    }
  });

  it('a technician cannot sign in to the console', async () => {
    const context = await sut.browser.newContext({ baseURL: sut.url });
    try {
      const p = await context.newPage();
      await p.goto('/login');
      await p.getByLabel('Email').fill(ACCOUNTS.tech1.email);
      await p.getByLabel('Password').fill(ACCOUNTS.tech1.password);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByText('the console is for managers and admins; technicians use the field app').waitFor();
      expect(await p.getByRole('navigation', { name: 'Console' }).count()).toBe(0);
      expect(await context.request.get('/reports/usage/csv', { maxRedirects: 0 }).then((r) => r.status())).toBe(302);
    } finally {
      await context.close();
    }
  });

  it("a cross-origin post with a manager's session is refused with 403 and changes nothing", async () => {
    const audit = (await listConsoleAudit(em(), { limit: 100, offset: 0 })).length;
    for (const [path, form] of [
      ['/requests', { requestId: 'req-race', decision: 'approve' }],
      ['/review', { kind: 'dispute', id: 'anything', outcome: 'closed by a forged form' }],
    ] as const) {
      const response = await page.request.post(path, {
        form,
        headers: { Origin: 'http://evil.example' },
        maxRedirects: 0,
      });
      expect([path, response.status()]).toEqual([path, 403]);
    }
    expect((await listConsoleAudit(em(), { limit: 100, offset: 0 })).length).toBe(audit);
    expect((await getRequest(em(), 'req-race'))?.status).toBe('cancelled');
  });
});

describe("a technician's photo in the event log", () => {
  // A 1×1 PNG: what a count's photo looks like to the server (bytes named by their SHA-256).
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const sha256 = createHash('sha256').update(png).digest('hex');

  it('shows the photo a count carries, served by its signed hash to a manager only', async () => {
    await saveEventAttachment(em(), {
      sha256,
      contentType: 'image/png',
      bytes: png,
      deviceId: D.tech1,
      now: new Date(),
    });
    const statuses = await uploadAs('tech1', [
      {
        eventType: 'InventoryCounted',
        product: P.gloves,
        quantity: { value: 40, unit: 'each' },
        toLocation: L.vehicle1,
        data: { note: 'photo of the shelf', attachments: [{ sha256, contentType: 'image/png', size: png.length }] },
      },
    ]);
    expect(statuses).toEqual(['accepted']);
    await page.goto('/events?type=InventoryCounted');
    const photo = page.getByTestId('photo').first();
    expect(await photo.getAttribute('href')).toBe(`/attachments/${sha256}`);
    const served = await page.request.get(`/attachments/${sha256}`);
    expect([served.status(), served.headers()['content-type']]).toEqual([200, 'image/png']);
    expect(Buffer.from(await served.body()).equals(png)).toBe(true);
    expect((await page.request.get(`/attachments/${'0'.repeat(64)}`)).status()).toBe(404);
    expect((await page.request.get('/attachments/not-a-hash')).status()).toBe(400);
    const signedOut = await sut.browser.newContext({ baseURL: sut.url });
    try {
      expect((await signedOut.request.get(`/attachments/${sha256}`, { maxRedirects: 0 })).status()).toBe(302);
    } finally {
      await signedOut.close();
    }
  });
});
