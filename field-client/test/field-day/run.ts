/**
 * `npm run e2e:field-day`: one simulated working day offline on the app, kept out of `npm test`
 * (a few minutes). Real services as in the e2e tests (its own Temporal dev server when none is
 * given). The technician enrols, goes offline, records 152 actions (`-- --actions N`) spread over
 * the day with "when did this happen", with reloads and one browser restart on the way, then
 * comes back online. It checks that every action reached the event log exactly once,
 * in sequence order, and that the server's on-hand equals the app's; it prints its figures and,
 * as its last line, one JSON object. Exit code 1 when anything was lost or duplicated.
 */
import '../../../jest/quiet-temporal-logs';
import type { Page } from 'playwright-core';
import intGlobalSetup from '../../../jest/global-setup';
import intGlobalTeardown from '../../../jest/global-teardown';
import { DEMO } from '@pco/store/demo';
import { enrolmentCodeFor } from '@pco/sync-socket/test-support';
import { buildFieldApp } from '../../../scripts/lib/field-app';
import { openPhone, screenshot } from '../e2e/browser';
import {
  enrol,
  localTime,
  pendingCount,
  record,
  stockOf,
  tab,
  waitForPending,
  waitForServiceWorker,
  type ActionInput,
} from '../e2e/app-driver';
import { deviceEvents, serverOnHand, startServices } from '../e2e/services';

const { persons: P, locations: L, products: R } = DEMO;
const actionsFlag = process.argv.indexOf('--actions');
const ACTIONS = actionsFlag > 0 ? Number(process.argv[actionsFlag + 1]) : 152;
if (!Number.isInteger(ACTIONS) || ACTIONS < 4) throw new Error('usage: npm run e2e:field-day [-- --actions N] (N ≥ 4)');
const RELOAD_EVERY = 40;
const RESTART_AT = Math.floor(ACTIONS * 0.6);

/** The day's rhythm: issue at a job, a return, a transfer between the two trucks, a count now and then. */
function action(i: number, dayStart: Date): ActionInput {
  const when = localTime(new Date(dayStart.getTime() + i * 3 * 60_000));
  switch (i % 4) {
    case 0:
      return {
        action: 'Issue to a job',
        from: L.vehicle3,
        product: R.gloves,
        quantity: 1,
        job: `JOB-${1000 + i}`,
        when,
      };
    case 1:
      return { action: 'Return', to: L.vehicle2, product: R.gloves, quantity: 1, reason: 'unused', when };
    case 2:
      return { action: 'Transfer', from: L.vehicle2, to: L.vehicle3, product: R.gloves, quantity: 1, when };
    default:
      return { action: 'Count', location: L.vehicle3, product: R.termiticide, quantity: 40 - (i % 7), when };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await intGlobalSetup();
  const buildMs = await buildFieldApp();
  const services = await startServices();
  const phone = await openPhone('field-day');
  let ok = false;
  try {
    await enrol(phone.page, services.app.url, {
      code: await enrolmentCodeFor(services.orm, P.tech3),
      deviceName: 'Field day phone',
    });
    await waitForServiceWorker(phone.page);
    const deviceId = await deviceIdFromUi(phone.page);
    await phone.context.setOffline(true);
    // The day ends now: the first action happened ACTIONS × 3 minutes ago (claimed times are never in the future).
    const dayStart = new Date(Date.now() - ACTIONS * 3 * 60_000);
    let reloads = 0;
    let restarts = 0;
    const recordStarted = Date.now();
    for (let i = 0; i < ACTIONS; i++) {
      if (i > 0 && i % RELOAD_EVERY === 0) {
        await phone.page.reload();
        await phone.page.getByTestId('status-bar').waitFor();
        reloads += 1;
      }
      if (i === RESTART_AT) {
        const page = await phone.restart({ offline: true });
        await page.goto(services.app.url);
        await page.getByTestId('status-bar').waitFor();
        restarts += 1;
      }
      await record(phone.page, action(i, dayStart));
    }
    const recordMs = Date.now() - recordStarted;
    const pendingBefore = await pendingCount(phone.page);
    const storageBytes = await phone.page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await screenshot(phone.page, 'field-day-end-offline');

    const syncStarted = Date.now();
    await phone.context.setOffline(false);
    await waitForPending(phone.page, 0);
    const syncMs = Date.now() - syncStarted;
    await screenshot(phone.page, 'field-day-synced');

    const events = await deviceEvents(services.orm, deviceId);
    const sequences = events.map((e) => e.sequence);
    const inOrder = sequences.every((s, k) => s === k + 1);
    const unique = new Set(events.map((e) => e.eventId)).size === events.length;
    const mismatches: string[] = [];
    for (const location of [L.vehicle2, L.vehicle3]) {
      for (const [product, quantity] of Object.entries(await stockOf(phone.page, location))) {
        const server = await serverOnHand(services.orm, location, product);
        if (server !== quantity) mismatches.push(`${location}/${product}: app ${quantity}, server ${server}`);
      }
    }
    ok = events.length === ACTIONS && pendingBefore === ACTIONS && inOrder && unique && mismatches.length === 0;
    const figures = {
      bench: 'field-day',
      ok,
      actions: ACTIONS,
      reloads,
      restarts,
      storedEvents: events.length,
      inSequenceOrder: inOrder,
      duplicates: events.length - new Set(events.map((e) => e.eventId)).size,
      recordMs,
      msPerAction: Math.round(recordMs / ACTIONS),
      syncMs,
      storageBytes,
      buildMs,
      totalMs: Date.now() - started,
      mismatches,
    };
    console.log(
      `field day: ${ACTIONS} actions offline in ${(recordMs / 1000).toFixed(1)} s (${figures.msPerAction} ms each through the UI), ${reloads} reloads, ${restarts} browser restart`,
    );
    console.log(
      `storage used by the app's origin: ${(storageBytes / 1024).toFixed(0)} KB; sync of ${ACTIONS} events: ${(syncMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `event log: ${events.length} events, in sequence order: ${inOrder}, duplicates: ${figures.duplicates}; on-hand mismatches: ${mismatches.length}`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await phone.close();
    await services.close();
    await intGlobalTeardown();
  }
  process.exit(ok ? 0 : 1);
}

async function deviceIdFromUi(page: Page): Promise<string> {
  await tab(page, 'Device');
  return (await page.getByTestId('device-id').textContent()) ?? '';
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
