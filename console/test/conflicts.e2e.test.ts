/**
 * Conflicts end to end: real conflicts made by two simulated devices through the real gateway,
 * resolved in the browser with each manager option (accept server, accept local with a second
 * manager's approval, merge with an edited quantity, backorder, investigate). After each, the
 * workflow and the database say resolved and the device's queue is no longer held; tech3's next
 * event is accepted. Bad input and a refused update show their message next to the form.
 */
import type { Page } from 'playwright-core';
import { getConflict, listConsoleAudit, type Em } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { decideUpdate } from '@pco/workflows';
import { connectRecording, currentHash, type RecordingDevice } from '@pco/workers/test-support';
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { screenshot, seriousAccessibilityViolations, signIn } from './support/browser';
import { heldBy, issue, raceOnSharedTruck } from './support/conflicts';

jest.setTimeout(180_000);
const { products: P, devices: D } = DEMO;

let sut: ConsoleSystem;
let devices: { tech2: RecordingDevice; tech3: RecordingDevice };
let manager: Page;

beforeAll(async () => {
  sut = await startConsoleSystem();
  devices = {
    tech2: await connectRecording(sut.system.gateway.url, 'tech2'),
    tech3: await connectRecording(sut.system.gateway.url, 'tech3'),
  };
  manager = (await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password)).page;
});

afterAll(async () => {
  devices?.tech2.socket.close();
  devices?.tech3.socket.close();
  await sut?.close();
});

const em = () => sut.system.db.orm.em.fork() as Em;

async function decide(
  page: Page,
  conflictId: string,
  option: string,
  fields: { quantity?: string; reason?: string } = {},
): Promise<string> {
  await page.goto(`/conflicts/${conflictId}`);
  await page.getByRole('heading', { name: 'Decide' }).waitFor();
  await page.locator(`#option-${option}`).check();
  if (fields.quantity !== undefined) await page.getByLabel(/Quantity to apply/).fill(fields.quantity);
  if (fields.reason !== undefined) await page.getByLabel(/^Reason/).fill(fields.reason);
  await page.getByRole('button', { name: 'Commit decision' }).click();
  const message = page.locator('.notice, .refused[role="alert"], .field-error');
  await message.first().waitFor();
  return (await message.first().textContent()) ?? '';
}

async function expectResolved(conflictId: string, option: string): Promise<void> {
  const stored = await getConflict(em(), conflictId);
  expect(stored?.status).toBe('resolved');
  expect((stored?.resolution as { option?: string } | null)?.option).toBe(option);
  expect(await heldBy(sut.system, D.tech3)).toBeNull();
}

it("an escalation from the technician's phone shows the note they wrote, as text", async () => {
  const conflictId = await raceOnSharedTruck(sut.system, devices, P.glueBoards, 1, 1_000);
  const note = 'both of us used it <b>check the truck</b>';
  const escalated = await sut.system.temporal.client.workflow
    .getHandle(`conflict-${conflictId}`)
    .executeUpdate(decideUpdate, {
      args: [{ actor: { personId: DEMO.persons.tech3, role: 'technician' }, decision: { option: 'escalate', note } }],
    });
  expect(escalated).toEqual({ status: 'escalated' });
  await manager.goto(`/conflicts/${conflictId}`);
  const item = manager.getByRole('listitem').filter({ hasText: 'Escalated to managers by the technician' });
  await item.waitFor();
  expect(await item.textContent()).toContain(`: “${note}”`);
  expect(await manager.locator('main b').count()).toBe(0);
  await screenshot(manager, 'conflict-escalated-with-note');
  expect(await seriousAccessibilityViolations(manager)).toEqual([]);
  expect(await decide(manager, conflictId, 'accept_server')).toContain('Resolved');
});

it('accept server: the screen shows event, server state, conflicting events, timers and workflow link; resolving releases the device', async () => {
  const conflictId = await raceOnSharedTruck(sut.system, devices, P.gloves, 100, 110);
  expect(await heldBy(sut.system, D.tech3)).toBe(conflictId);
  await manager.goto(`/conflicts/${conflictId}`);
  await manager.getByRole('heading', { name: 'Decide' }).waitFor();
  const text = (await manager.locator('main').textContent()) ?? '';
  expect(text).toContain('110 each of prod-nitrile-gloves');
  expect(text).toMatch(/On hand at loc-vehicle-2\s*100 each/);
  expect(text).toContain('Acknowledgement');
  expect(text).toContain('Critical escalation');
  expect(await manager.getByRole('row').filter({ hasText: 'ProductIssued' }).count()).toBeGreaterThanOrEqual(1);
  expect(await manager.getByRole('link', { name: 'Workflow in the Temporal UI' }).getAttribute('href')).toContain(
    `/workflows/conflict-${conflictId}`,
  );
  for (const size of ['laptop', 'tablet'] as const) {
    await manager.setViewportSize(size === 'laptop' ? { width: 1366, height: 900 } : { width: 820, height: 1180 });
    await screenshot(manager, `conflict-${size}`);
  }
  expect(await seriousAccessibilityViolations(manager)).toEqual([]);
  await manager.setViewportSize({ width: 1366, height: 900 });

  expect(await decide(manager, conflictId, 'accept_server')).toContain('Resolved');
  await expectResolved(conflictId, 'accept_server');
});

it('bad input changes nothing: no option, a merge above the request, an investigation without a reason', async () => {
  const conflictId = await raceOnSharedTruck(sut.system, devices, P.gloves, 50, 60);
  await manager.goto(`/conflicts/${conflictId}`);
  await manager.getByRole('button', { name: 'Commit decision' }).click();
  await manager.locator('#option-error').waitFor();
  expect(await manager.locator('#option-error').textContent()).toBe('Choose one of the options.');
  expect(await decide(manager, conflictId, 'merge', { quantity: '61' })).toBe(
    'The quantity must be more than 0 and at most 60 each.',
  );
  expect(await decide(manager, conflictId, 'merge', { quantity: 'lots' })).toBe('Enter a quantity in each.');
  expect(await decide(manager, conflictId, 'investigate', { reason: '' })).toBe('Give what should be investigated.');
  expect((await getConflict(em(), conflictId))?.status).toBe('open');
  expect(await heldBy(sut.system, D.tech3)).toBe(conflictId);

  // Merge with an edited quantity: 20 of the 60 asked (50 were left).
  expect(await decide(manager, conflictId, 'merge', { quantity: '20' })).toContain('Resolved');
  await expectResolved(conflictId, 'merge');
  expect((await getConflict(em(), conflictId))?.resolution).toMatchObject({ appliedQuantity: 20 });
});

it('backorder: the chosen quantity is applied and the remainder becomes a request', async () => {
  const conflictId = await raceOnSharedTruck(sut.system, devices, P.gloves, 15, 25);
  expect(await decide(manager, conflictId, 'backorder', { quantity: '10' })).toContain('Resolved');
  await expectResolved(conflictId, 'merge');
  const resolution = (await getConflict(em(), conflictId))?.resolution as {
    appliedQuantity: number;
    backorderRequestId?: string;
  };
  expect(resolution.appliedQuantity).toBe(10);
  expect(resolution.backorderRequestId).toEqual(expect.any(String));
});

it('investigate: a dispute is opened and the device moves on', async () => {
  const conflictId = await raceOnSharedTruck(sut.system, devices, P.gloves, 2, 5);
  expect(
    await decide(manager, conflictId, 'investigate', { reason: 'Count the truck: two technicians disagree' }),
  ).toContain('Resolved');
  await expectResolved(conflictId, 'investigate');
  expect((await getConflict(em(), conflictId))?.resolution).toMatchObject({ disputeId: expect.any(String) });
});

it("accept local needs a second manager: the deciding manager's own approval is refused with the workflow's reason, the admin's is applied", async () => {
  const conflictId = await raceOnSharedTruck(sut.system, devices, P.glueBoards, 30, 35);
  expect(await decide(manager, conflictId, 'accept_local', { reason: 'Truck was restocked by hand' })).toContain(
    'second manager',
  );
  expect((await getConflict(em(), conflictId))?.status).toBe('open');

  await manager.goto(`/conflicts/${conflictId}`);
  await manager.getByRole('button', { name: 'Approve' }).click();
  await manager.locator('#decision-refused').waitFor();
  expect(await manager.locator('#decision-refused').textContent()).toBe(
    'Refused by the workflow: the approver must differ from the manager who decided',
  );
  expect((await getConflict(em(), conflictId))?.status).toBe('open');

  const admin = await signIn(sut.browser, sut.url, ACCOUNTS.admin.email, ACCOUNTS.admin.password);
  try {
    await admin.page.goto(`/conflicts/${conflictId}`);
    await admin.page.getByRole('button', { name: 'Approve' }).click();
    await admin.page.locator('.notice').waitFor();
    expect(await admin.page.locator('.notice').textContent()).toContain('Resolved');
  } finally {
    await admin.context.close();
  }
  await expectResolved(conflictId, 'accept_local');
  expect((await getConflict(em(), conflictId))?.resolution).toMatchObject({
    approvedBy: { personId: DEMO.persons.admin },
  });

  // The device's queue moves on: tech3's next event is accepted.
  const next = await issue(sut.system, devices.tech3, 'tech3', P.gloves, 1, await currentHash(sut.system.db.orm));
  expect(next.ok && next.data.answers.map((a) => a.status)).toEqual(['accepted']);

  const audit = await listConsoleAudit(em(), { limit: 50, offset: 0, target: `conflict:${conflictId}` });
  expect(audit.map((a) => [a.action, a.actorId, a.details.outcome]).reverse()).toEqual([
    ['conflict.decide', DEMO.persons.manager, 'awaiting_approval'],
    ['conflict.approve', DEMO.persons.manager, 'refused'],
    ['conflict.approve', DEMO.persons.admin, 'resolved'],
  ]);
});
