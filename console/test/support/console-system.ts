/**
 * Everything a console e2e file needs, real parts only: the wired system of `npm start` (fresh
 * PostgreSQL with the demo seed, the real gateway, a worker with every activity on the shared
 * Temporal dev server, SMTP), console passwords for the demo manager and admin (and one for a
 * technician, who must still be refused), the built console in a child process, one Chromium.
 */
import type { Browser } from 'playwright-core';
import { setConsolePassword, type Em } from '@pco/store';
import { DEMO, DEMO_PERSONS } from '@pco/store/demo';
import { startWiredSystem, teardownAll, type WiredSystem } from '@pco/workers/test-support';
import { testTemporalAddress } from '../../../jest/temporal';
import { launchBrowser } from './browser';
import { startConsoleProcess, type ConsoleProcess } from './console-process';

export const PASSWORDS = { manager: 'manager-e2e-password', admin: 'admin-e2e-password', tech1: 'tech1-e2e-password' };
const emailOf = (personId: string): string => DEMO_PERSONS.find((p) => p.id === personId)!.email;
export const ACCOUNTS = {
  manager: { personId: DEMO.persons.manager, email: emailOf(DEMO.persons.manager), password: PASSWORDS.manager },
  admin: { personId: DEMO.persons.admin, email: emailOf(DEMO.persons.admin), password: PASSWORDS.admin },
  tech1: { personId: DEMO.persons.tech1, email: emailOf(DEMO.persons.tech1), password: PASSWORDS.tech1 },
};

export interface ConsoleSystem {
  system: WiredSystem;
  console: ConsoleProcess;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

export async function startConsoleSystem(): Promise<ConsoleSystem> {
  const system = await startWiredSystem({ notificationSweepMs: 1_000 });
  const em = system.db.orm.em.fork() as Em;
  for (const account of Object.values(ACCOUNTS)) {
    const set = await setConsolePassword(em, {
      personId: account.personId,
      password: account.password,
      now: new Date(),
    });
    if (!set.ok) throw new Error(set.error.message);
  }
  let consoleProcess: ConsoleProcess | undefined;
  let browser: Browser | undefined;
  try {
    consoleProcess = await startConsoleProcess({
      databaseUrl: system.db.databaseUrl,
      temporalAddress: testTemporalAddress(),
      taskQueue: system.taskQueue,
    });
    browser = await launchBrowser();
  } catch (error) {
    await teardownAll([
      ['console', () => consoleProcess?.stop()],
      ['system', () => system.close()],
    ]);
    throw error;
  }
  const running = { consoleProcess, browser };
  return {
    system,
    console: consoleProcess,
    browser,
    url: consoleProcess.url,
    close: () =>
      teardownAll([
        ['browser', () => running.browser.close()],
        ['console', () => running.consoleProcess.stop()],
        ['system', () => system.close()],
      ]),
  };
}
