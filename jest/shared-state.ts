/** Hands the dev server from globalSetup to globalTeardown: both run in the Jest parent process, sharing globalThis. */
import type { DevServer } from '../scripts/lib/temporal-dev-server';

const KEY = '__pcoSharedTemporalDevServer';
type Holder = { [KEY]?: DevServer };

export function setSharedDevServer(server: DevServer): void {
  (globalThis as Holder)[KEY] = server;
}

export function takeSharedDevServer(): DevServer | undefined {
  const server = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return server;
}
