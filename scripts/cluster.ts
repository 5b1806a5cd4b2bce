/**
 * `npm run cluster` — the production-like topology on this machine, the second way to run the
 * system (`npm start` stays the one-process developer default): PostgreSQL, the Temporal server
 * on it, two workers, two gateways sharing live pushes, HAProxy in front. Prints every URL; Ctrl-C
 * stops everything. Ports: CLUSTER_PORT_BASE + offsets (scripts/cluster/ports.ts); data: CLUSTER_DIR.
 */
import { writeSync } from 'node:fs';
import { loadConfigOrExit } from '@pco/config';
import { startCluster } from './cluster/topology';

const startedAt = Date.now();
const log = (line: string) => writeSync(1, `[cluster +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}\n`);

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const cluster = await startCluster({ config, log });
  const width = Math.max(...Object.keys(cluster.urls).map((k) => k.length));
  log(
    `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — Ctrl-C stops everything\n  ${Object.entries(
      cluster.urls,
    )
      .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
      .join('\n  ')}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: stopping`);
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  log(`cluster failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
