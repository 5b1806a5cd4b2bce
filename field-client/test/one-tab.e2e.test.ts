/**
 * One phone, two tabs of the app: only one records. Four tabs recording at once once handed out
 * the same sequence numbers twice and the server refused every duplicate (CHAIN_BROKEN), leaving
 * the device stuck. The second tab now waits with a screen that says why, and takes over when
 * the first closes. Real Chromium, one browser profile (what two tabs on a phone share).
 */
import { type Phone, openPhone, screenshot, seriousA11yViolations } from './e2e/browser';
import { UI_TIMEOUT } from './e2e/app-driver';
import { type Services, startServices } from './e2e/services';

jest.setTimeout(180_000);

let services: Services;
let phone: Phone;

beforeAll(async () => {
  services = await startServices();
  phone = await openPhone('one-tab');
});

afterAll(async () => {
  await phone?.close();
  await services?.close();
});

it('a second tab waits and says why; it becomes the app when the first tab closes', async () => {
  const first = phone.page;
  await first.goto(services.app.url);
  await first.getByLabel('Enrolment code').waitFor({ timeout: UI_TIMEOUT });

  const second = await phone.context.newPage();
  await second.goto(services.app.url);
  await second.getByRole('heading', { name: 'PCO Inventory is open in another tab' }).waitFor({ timeout: UI_TIMEOUT });
  expect(await second.getByLabel('Enrolment code').count()).toBe(0);
  await screenshot(second, 'one-tab-second-waits');
  expect(await seriousA11yViolations(second)).toEqual([]);

  await first.close();
  await second.getByLabel('Enrolment code').waitFor({ timeout: UI_TIMEOUT });
  expect(await second.getByRole('heading', { name: 'PCO Inventory is open in another tab' }).count()).toBe(0);
});
