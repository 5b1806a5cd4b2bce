/**
 * Devices end to end: revoke a device in the browser (bad input first: nothing changes), watch
 * the revocation workflow's steps complete on the page, and see the device's next connection
 * refused by the real gateway; suspend and reactivate; acknowledge lost sequence numbers and see
 * the device's next event accepted; issue an enrolment code (bad input first: no code) and
 * register a phone with it through the gateway's POST /api/devices.
 */
import type { Page } from 'playwright-core';
import { getDevice, listConsoleAudit, query, type Em } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { connectRecording, currentHash, eventsOf } from '@pco/workers/test-support';
import { generateDeviceKeys, postJson, upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { screenshot, seriousAccessibilityViolations, signIn } from './support/browser';

jest.setTimeout(180_000);
const { devices: D, products: P, locations: L } = DEMO;

let sut: ConsoleSystem;
let page: Page;
beforeAll(async () => {
  sut = await startConsoleSystem();
  page = (await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password)).page;
});
afterAll(() => sut?.close());

const em = () => sut.system.db.orm.em.fork() as Em;
const statusOf = async (deviceId: string) => (await getDevice(em(), deviceId))?.status;
const fieldError = (id: string) => page.locator(`#${id}`).textContent();

it('lists devices with queue health and links each to its page', async () => {
  await page.goto('/devices');
  for (const id of [D.tech1, D.tech2, D.tech3])
    expect(await page.getByRole('row').filter({ hasText: id }).count()).toBe(1);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.getByRole('link', { name: "Alex's phone" }).click();
  await page.getByRole('heading', { name: 'Queue health' }).waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

it('revoking needs a reason and a confirmation; then the workflow runs to the end and the device is refused by the gateway', async () => {
  const before = await connectRecording(sut.system.gateway.url, 'tech1');
  before.socket.close();
  await page.goto(`/devices/${D.tech1}`);
  await page.getByRole('button', { name: 'Revoke device' }).click();
  await page.locator('#revoke-reason-error').waitFor();
  expect(await fieldError('revoke-reason-error')).toBe('Give the reason for revoking (the technician is told).');
  expect(await fieldError('revoke-confirm-error')).toBe('Tick the box to confirm: a revocation cannot be undone.');
  expect(await statusOf(D.tech1)).toBe('active');

  await page.locator('#revoke-reason').fill('Phone reported stolen from the truck');
  await page.locator('#revoke-confirm').check();
  await page.getByRole('button', { name: 'Revoke device' }).click();
  await page.locator('.notice').waitFor();
  // The page polls the workflow; its steps complete without a reload.
  await page.locator('[data-testid="revocation-status"]', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
  const steps = await page.locator('#revocation-h + p + ol li').allTextContents();
  expect(steps).toHaveLength(7);
  expect(steps.every((s) => s.startsWith('✓'))).toBe(true);
  expect(await statusOf(D.tech1)).toBe('revoked');

  await expect(connectRecording(sut.system.gateway.url, 'tech1')).rejects.toThrow(/DEVICE_REVOKED|revoked/i);
  const audit = await listConsoleAudit(em(), { limit: 10, offset: 0, target: `device:${D.tech1}` });
  expect(audit.map((a) => [a.action, a.actorId, a.details.reason])).toEqual([
    ['device.revoke', DEMO.persons.manager, 'Phone reported stolen from the truck'],
  ]);
});

it('suspends and reactivates a device, each with a reason', async () => {
  await page.goto(`/devices/${D.tech3}`);
  await page.getByRole('button', { name: 'Suspend' }).click();
  await page.locator('#suspend-reason-error').waitFor();
  expect(await statusOf(D.tech3)).toBe('active');
  await page.locator('#suspend-reason').fill('Battery swelling: phone sent for repair');
  await page.getByRole('button', { name: 'Suspend' }).click();
  await page.locator('[data-testid="device-status"]', { hasText: 'suspended' }).waitFor();
  expect(await statusOf(D.tech3)).toBe('suspended');
  await page.locator('#reactivate-reason').fill('Repaired');
  await page.getByRole('button', { name: 'Reactivate' }).click();
  await page.locator('[data-testid="device-status"]', { hasText: 'active' }).waitFor();
  expect(await statusOf(D.tech3)).toBe('active');
});

it("acknowledges lost sequence numbers: a wrong number changes nothing; then the device's next event is accepted", async () => {
  await page.goto(`/devices/${D.tech2}`);
  await page.getByLabel('Last lost sequence number').fill('0');
  await page.locator('#acknowledge_lost-reason').fill('Storage corrupted after a crash');
  await page.getByRole('button', { name: 'Acknowledge as lost' }).click();
  await page.locator('#throughSequence-error').waitFor();
  expect(await fieldError('throughSequence-error')).toBe("The device's next expected number is 1: enter 1 or more.");
  expect((await getDevice(em(), D.tech2))?.lastAcceptedSeq).toBe(0);

  await page.getByLabel('Last lost sequence number').fill('3');
  await page.locator('#acknowledge_lost-reason').fill('Storage corrupted after a crash');
  await page.getByRole('button', { name: 'Acknowledge as lost' }).click();
  await page.locator('.notice').waitFor();
  expect(await page.locator('.notice').textContent()).toContain('1, 2, 3 recorded as lost');

  const device = await connectRecording(sut.system.gateway.url, 'tech2');
  try {
    const next = (await eventsOf(sut.system.db.orm, 'tech2')).next({
      eventType: 'ProductIssued',
      product: P.gloves,
      quantity: { value: 1, unit: 'each' },
      fromLocation: L.vehicle2,
      toLocation: L.customerSite,
      data: {},
      lastKnownServerStateHash: await currentHash(sut.system.db.orm),
    });
    expect(next.offlineContext?.sequenceNumber).toBe(4);
    const answer = await upload(device.socket as unknown as DeviceSocket, [next]);
    expect(answer.ok && answer.data.answers.map((a) => a.status)).toEqual(['accepted']);
  } finally {
    device.socket.close();
  }
});

it('issues a one-time enrolment code for a technician; a phone registers with it through the gateway and is listed', async () => {
  const codes = async () => (await query<{ n: string }>(em(), 'select count(*)::text as n from enrolment_codes'))[0].n;
  const before = await codes();
  await page.goto('/devices');
  await page.getByLabel('Valid for (hours)').fill('0');
  await page.getByRole('button', { name: 'Issue code' }).click();
  await page.locator('#enrol-validForHours-error').waitFor();
  expect(await fieldError('enrol-personId-error')).toBe('Choose the technician the phone is for.');
  expect(await fieldError('enrol-validForHours-error')).toBe('Enter a whole number of hours from 1 to 720 (30 days).');
  expect(await codes()).toBe(before);
  // A person the form does not offer (a manager), posted by hand, is refused too.
  const forged = await page.request.post('/devices', {
    form: { personId: DEMO.persons.manager, validForHours: '24' },
    headers: { Origin: sut.url },
  });
  expect(forged.status()).toBe(400);
  expect(await codes()).toBe(before);

  await page.getByLabel('Technician').selectOption(DEMO.persons.tech2);
  await page.getByLabel('Valid for (hours)').fill('2');
  const issuedAt = Date.now();
  await page.getByRole('button', { name: 'Issue code' }).click();
  const code = (await page.locator('[data-testid="enrolment-code"]').textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
  const expiresAt = Date.parse((await page.locator('[data-testid="enrolment-expiry"]').getAttribute('datetime')) ?? '');
  expect(expiresAt - issuedAt).toBeGreaterThan(2 * 3_600_000 - 60_000);
  expect(expiresAt - issuedAt).toBeLessThan(2 * 3_600_000 + 60_000);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, 'devices-enrolment-laptop');

  const audit = await listConsoleAudit(em(), { limit: 5, offset: 0, target: `person:${DEMO.persons.tech2}` });
  expect(audit.map((a) => [a.action, a.actorId])).toEqual([['device.enrolment_code', DEMO.persons.manager]]);
  expect(JSON.stringify(audit[0].details)).not.toContain(code);
  expect(await codes()).toBe(String(Number(before) + 1));

  const keys = generateDeviceKeys();
  const registered = await postJson(`${sut.system.gateway.url}/api/devices`, {
    enrolmentCode: code,
    name: 'Replacement phone for tech 2',
    publicKey: keys.publicKey,
  });
  expect(registered.status).toBe(201);
  const deviceId = (registered.body as { deviceId: string }).deviceId;
  expect(await getDevice(em(), deviceId)).toMatchObject({ userId: DEMO.persons.tech2, status: 'active' });
  const again = await postJson(`${sut.system.gateway.url}/api/devices`, {
    enrolmentCode: code,
    name: 'Second phone',
    publicKey: generateDeviceKeys().publicKey,
  });
  expect(again.body).toMatchObject({ error: { code: 'ENROLMENT_CODE_USED' } });

  await page.goto('/devices');
  const row = page.getByRole('row').filter({ hasText: deviceId });
  expect(await row.count()).toBe(1);
  expect(await row.textContent()).toContain('Replacement phone for tech 2');
});
