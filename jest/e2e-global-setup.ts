/**
 * globalSetup of the `e2e` project: the int project's real services (PostgreSQL checked, one
 * shared Temporal dev server, reused when the int project already started it in this run), then
 * ONE build of the field app and ONE production build of the console for every e2e test file,
 * and Chromium must be there.
 */
import { existsSync } from 'node:fs';
import intGlobalSetup from './global-setup';
import { buildFieldApp } from '../scripts/lib/field-app';
import { CHROMIUM } from '../field-client/test/e2e/browser';
import { buildConsoleForTests } from '../console/test/build-console';

export default async function e2eGlobalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(`e2e tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  await intGlobalSetup();
  const fieldMs = await buildFieldApp();
  console.log(`\n[e2e] field app built in ${(fieldMs / 1000).toFixed(1)} s`);
  const consoleMs = buildConsoleForTests();
  console.log(`[e2e] console built in ${(consoleMs / 1000).toFixed(1)} s`);
}
