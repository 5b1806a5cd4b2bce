/**
 * globalSetup of the `e2e` project: the `int` project's real services (PostgreSQL check, the one
 * shared Temporal dev server — reused when the int project already started it in this run),
 * then ONE production build of the console for every e2e file (each file serves it from its own
 * child process).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import intGlobalSetup from '../../jest/global-setup';

const CONSOLE_DIR = join(__dirname, '..');

export default async function globalSetup(): Promise<void> {
  await intGlobalSetup();
  const started = Date.now();
  execFileSync(process.execPath, [join(CONSOLE_DIR, '../node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
    cwd: CONSOLE_DIR, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' },
  });
  console.log(`\n[e2e] console built in ${Date.now() - started} ms`);
}
