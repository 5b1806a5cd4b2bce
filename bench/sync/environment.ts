/** Machine and database facts recorded with every run. */
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { Em, StoreOrm } from '@pco/store';
import { query } from '@pco/store';

export interface Environment {
  node: string;
  cpus: number;
  cpuModel: string;
  postgres: string;
  fsync: string;
  synchronousCommit: string;
  /** 1-minute load average at start: the 2 cores are shared with other work. */
  loadAverage1m: number;
}

export const loadAverage1m = (): number => Math.round(loadavg()[0] * 100) / 100;

export async function describeEnvironment(orm: StoreOrm): Promise<Environment> {
  const em = orm.em.fork() as Em;
  const setting = async (name: string) => (await query<Record<string, string>>(em, `show ${name}`))[0][name];
  return {
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    postgres: await setting('server_version'),
    fsync: await setting('fsync'),
    synchronousCommit: await setting('synchronous_commit'),
    loadAverage1m: loadAverage1m(),
  };
}
