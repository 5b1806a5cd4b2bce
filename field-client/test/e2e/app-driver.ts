/** What a technician does on the app, as Playwright steps (labels and roles, as a person sees them). */
import type { Page } from 'playwright-core';

export const PIN = '2468';
/** Generous: the machine is shared by several engineers' test runs. */
export const UI_TIMEOUT = 60_000;

/** The code names the person: the enrol screen asks for no user id. */
export async function enrol(page: Page, appUrl: string, opts: { code: string; deviceName: string }): Promise<void> {
  await page.goto(appUrl);
  await page.getByLabel('Enrolment code').fill(opts.code);
  await page.getByLabel('Name of this phone').fill(opts.deviceName);
  await page.getByLabel(/Choose a PIN/).fill(PIN);
  await page.getByRole('button', { name: 'Enrol phone' }).click();
  await page.getByTestId('status-bar').waitFor({ timeout: UI_TIMEOUT });
}

/** The Workbox service worker controls the page (the app shell is precached): offline reloads work from here on. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
    }
  });
}

export const tab = (page: Page, name: 'Record' | 'Stock' | 'Requests' | 'Reports' | 'Device') =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

export interface ActionInput {
  action: 'Issue to a job' | 'Return' | 'Transfer' | 'Count' | 'Request stock';
  product: string;
  quantity: number;
  from?: string;
  to?: string;
  location?: string;
  job?: string;
  reason?: 'unused' | 'damaged';
  /** datetime-local value, when not now. */
  when?: string;
  photo?: { name: string; mimeType: string; buffer: Buffer };
}

/** Fills the form, checks the confirmation names what will be recorded, confirms; returns the "Recorded #n" text. */
export async function record(page: Page, input: ActionInput): Promise<{ confirm: string; recorded: string }> {
  await tab(page, 'Record');
  await page.getByRole('button', { name: input.action, exact: true }).click();
  if (input.location) await page.getByLabel('Location counted').selectOption(input.location);
  if (input.from) await page.getByLabel('From', { exact: true }).selectOption(input.from);
  if (input.to) await page.getByLabel(/^(To|Deliver to)$/).selectOption(input.to);
  await page.getByLabel('Product', { exact: true }).selectOption(input.product);
  await page.getByLabel(/Quantity|Counted quantity/).fill(String(input.quantity));
  if (input.job) await page.getByLabel('Job reference').fill(input.job);
  if (input.reason) await page.getByLabel('Why').selectOption(input.reason);
  if (input.when) await page.getByLabel('When did this happen?').fill(input.when);
  if (input.photo) {
    await page.getByLabel(/^Photo/).setInputFiles(input.photo);
    await page.getByTestId('photo-status').waitFor({ timeout: UI_TIMEOUT });
  }
  await page.getByRole('button', { name: 'Review' }).click();
  const confirm = (await page.getByTestId('confirm-text').textContent()) ?? '';
  await page.getByRole('button', { name: 'Confirm and record' }).click();
  const recorded = (await page.getByTestId('recorded').textContent({ timeout: UI_TIMEOUT })) ?? '';
  return { confirm, recorded };
}

export const pendingCount = async (page: Page): Promise<number> =>
  Number(((await page.getByTestId('pending-count').textContent()) ?? '').split(' ')[0]);

export async function waitForPending(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="pending-count"]')?.textContent === `${n} pending`,
    count,
    { timeout: UI_TIMEOUT },
  );
}

/** Believed on-hand per product at a location, as the Stock screen shows it. */
export async function stockOf(page: Page, location: string): Promise<Record<string, number>> {
  await tab(page, 'Stock');
  const rows = page.getByTestId(`stock-${location}`).locator('tbody tr');
  const out: Record<string, number> = {};
  for (const row of await rows.all()) {
    const product = await row.getAttribute('data-product');
    if (product) out[product] = Number(await row.getByTestId('believed').textContent());
  }
  return out;
}

/** A datetime-local value (the browser's local time, minutes) for "when did this happen". */
export function localTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
