/**
 * What the server host hands every loader and action (Remix load context): the loaded config, a
 * store ORM and a Temporal client. Built by server/services.ts; tests start the real host with
 * their own database and Temporal, so nothing here is a module-level singleton.
 */
import type { Config } from '@pco/config';
import type { StoreOrm } from '@pco/store';
import type { Client } from '@temporalio/client';

export interface ConsoleServices {
  config: Config;
  orm: StoreOrm;
  temporal: Client;
  now: () => Date;
  /** Base URL of the Temporal Web UI, for links to workflows. */
  temporalUiUrl: string;
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: ConsoleServices;
  }
}
