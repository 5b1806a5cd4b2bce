/**
 * A worker process's Prometheus series, served on METRICS_PORT (sync-socket's metrics server).
 * Workflow starts and failures come from Temporal's visibility store (the count of executions
 * by status), not from this process: with two workers, either may run any workflow, and the
 * visibility count is the same whichever worker is scraped. Cached for a few seconds so a
 * scrape costs at most one round of count queries.
 *
 *   pco_workflows{status}        executions in the namespace: all (= started), Running, Failed, TimedOut, Terminated
 *   pco_open_conflicts           conflicts waiting for a decision (database)
 */
import type { Client } from '@temporalio/client';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { countOpenConflicts, type StoreOrm } from '@pco/store';

const STATUSES = ['Running', 'Failed', 'TimedOut', 'Terminated'] as const;
const CACHE_MS = 5_000;

export function createWorkerMetrics(deps: {
  client: Client;
  orm: StoreOrm;
  labels?: Record<string, string>;
}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(deps.labels ?? {});
  collectDefaultMetrics({ register: registry });
  let cached: { at: number; counts: Record<string, number> } | null = null;
  const counts = async (): Promise<Record<string, number>> => {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.counts;
    const all = await deps.client.workflow.count();
    const entries = await Promise.all(
      STATUSES.map(async (s) => [s, (await deps.client.workflow.count(`ExecutionStatus = "${s}"`)).count] as const),
    );
    cached = { at: Date.now(), counts: { all: all.count, ...Object.fromEntries(entries) } };
    return cached.counts;
  };
  new Gauge({
    name: 'pco_workflows',
    help: 'Workflow executions in the namespace by status (all = started)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        for (const [status, count] of Object.entries(await counts())) this.set({ status }, count);
      } catch {
        this.set({ status: 'all' }, Number.NaN); // Temporal unreachable: the scrape still answers
      }
    },
  });
  new Gauge({
    name: 'pco_open_conflicts',
    help: 'Conflicts waiting for a decision',
    registers: [registry],
    async collect() {
      this.set(await countOpenConflicts(deps.orm).catch(() => Number.NaN));
    },
  });
  return registry;
}
