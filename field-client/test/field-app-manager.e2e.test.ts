/**
 * A manager with the app: a technician's request (made on their own phone) is approved offline
 * on the manager's phone, shown as provisional, and becomes the server's decision on sync.
 */
import { getRequest } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { enrolmentCodeFor } from '@pco/sync-socket/test-support';
import { FieldClient } from '../src/client/field-client';
import { screenshot, seriousA11yViolations } from './e2e/browser';
import { phoneAndServices } from './e2e/phone-and-services';
import { UI_TIMEOUT, enrol, tab, waitForPending, waitForServiceWorker } from './e2e/app-driver';

jest.setTimeout(180_000);

const { persons: P, locations: L, products: R } = DEMO;
const sut = phoneAndServices('field-app-manager');

it('Given a pending request, When the manager approves it offline on the app, Then it is provisional until the sync makes it approved on the server', async () => {
  const tech = await FieldClient.create({
    baseUrl: sut.services.gateway.url,
    userId: P.tech1,
    name: "Alex's phone",
    storageName: `pco-e2e-tech1-${Date.now()}`,
  });
  await tech.register(await enrolmentCodeFor(sut.services.orm, P.tech1));
  expect((await tech.sync()).status).toBe('completed');
  const requestId = crypto.randomUUID();
  await tech.createRequest({
    requestId,
    product: R.glueBoards,
    quantity: { value: 20, unit: 'each' },
    toLocation: L.vehicle1,
  });
  expect((await tech.sync()).status).toBe('completed');
  tech.close();

  const page = sut.phone.page;
  // A typo in the code: the gateway refuses, the screen says why, nothing is enrolled.
  const code = await enrolmentCodeFor(sut.services.orm, P.manager);
  await page.goto(sut.services.app.url);
  await page.getByLabel('Enrolment code').fill(`${code}X`);
  await page.getByLabel(/Choose a PIN/).fill('1357');
  await page.getByRole('button', { name: 'Enrol phone' }).click();
  expect(await page.getByRole('alert').textContent({ timeout: UI_TIMEOUT })).toBe(
    'Enrolment failed: No such enrolment code. Check the code and that you are online.',
  );

  // The same code typed right: the manager's phone, enrolled for the person the code names.
  await enrol(page, sut.services.app.url, { code, deviceName: "Morgan's phone" });
  await waitForServiceWorker(page);
  await sut.phone.context.setOffline(true);
  await page.reload();
  await tab(page, 'Requests');
  const card = page.getByTestId('request').filter({ hasText: 'Glue Boards' });
  expect(await card.textContent()).toContain('20 each Glue Boards to Truck 1');
  await card.getByRole('button', { name: 'Approve' }).click();
  expect(await card.getByText(/^This will record: approve the request for 20 each Glue Boards/).count()).toBe(1);
  await card.getByRole('button', { name: 'Confirm approve' }).click();
  await page.getByText('Request approved — provisional until synced.').waitFor({ timeout: UI_TIMEOUT });
  expect(await card.textContent()).toContain('approved (provisional)');
  await screenshot(page, 'offline-manager-requests');
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect((await getRequest(sut.services.orm.em.fork(), requestId))?.status).toBe('pending');

  await sut.phone.context.setOffline(false);
  await waitForPending(page, 0);
  expect((await getRequest(sut.services.orm.em.fork(), requestId))?.status).toBe('approved');
});
