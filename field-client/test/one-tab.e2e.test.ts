/**
 * One phone, two tabs of the app: only one records. Four tabs recording at once once handed out
 * the same sequence numbers twice and the server refused every duplicate (CHAIN_BROKEN), leaving
 * the device stuck. The second tab now waits with a screen that says why, and takes over when
 * the first closes. Real Chromium, one browser profile (what two tabs on a phone share).
 */
import { screenshot, seriousA11yViolations } from './e2e/browser';
import { phoneAndServices } from './e2e/phone-and-services';
import { UI_TIMEOUT } from './e2e/app-driver';

jest.setTimeout(180_000);

const sut = phoneAndServices('one-tab');

it('a second tab waits and says why; it becomes the app when the first tab closes', async () => {
  const first = sut.phone.page;
  await first.goto(sut.services.app.url);
  await first.getByLabel('Enrolment code').waitFor({ timeout: UI_TIMEOUT });

  const second = await sut.phone.context.newPage();
  await second.goto(sut.services.app.url);
  await second.getByRole('heading', { name: 'PCO Inventory is open in another tab' }).waitFor({ timeout: UI_TIMEOUT });
  expect(await second.getByLabel('Enrolment code').count()).toBe(0);
  await screenshot(second, 'one-tab-second-waits');
  expect(await seriousA11yViolations(second)).toEqual([]);

  await first.close();
  await second.getByLabel('Enrolment code').waitFor({ timeout: UI_TIMEOUT });
  expect(await second.getByRole('heading', { name: 'PCO Inventory is open in another tab' }).count()).toBe(0);
});
