/**
 * One production build of the console for every e2e file of a run (each file serves it from its
 * own child process); called by the e2e project's globalSetup (jest/e2e-global-setup.ts).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const CONSOLE_DIR = join(__dirname, '..');

/** Builds console/build with Remix's Vite build; returns the milliseconds it took. */
export function buildConsoleForTests(): number {
  const started = Date.now();
  execFileSync(process.execPath, [join(CONSOLE_DIR, '../node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
    cwd: CONSOLE_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return Date.now() - started;
}
