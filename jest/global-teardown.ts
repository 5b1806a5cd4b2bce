/** globalTeardown of the `int` project: stops the shared Temporal dev server, if setup started one. */
import { takeSharedDevServer } from './shared-state';

export default async function globalTeardown(): Promise<void> {
  await takeSharedDevServer()?.stop();
}
