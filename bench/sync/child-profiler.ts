/**
 * CPU profile of the gateway child's main thread over one phase only (no start-up, no warm-up):
 * the parent sends 'profile-start' before phase (b) and 'profile-stop' after it; the profile is
 * written to data/profiles/ as a .cpuprofile (Chrome DevTools format; summarise it with
 * `npx tsx bench/profile-summary.ts <file>`).
 */
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROFILE_DIR = 'data/profiles';

const post = (session: Session, method: string, params?: object): Promise<unknown> =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

export class ChildProfiler {
  private session: Session | null = null;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await post(this.session, 'Profiler.enable');
    await post(this.session, 'Profiler.start');
  }

  /** Stops, writes the profile and returns its path. */
  async stop(name: string): Promise<string> {
    if (!this.session) throw new Error('profiler not started');
    const { profile } = (await post(this.session, 'Profiler.stop')) as { profile: unknown };
    this.session.disconnect();
    this.session = null;
    mkdirSync(PROFILE_DIR, { recursive: true });
    const path = join(PROFILE_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    return path;
  }
}
