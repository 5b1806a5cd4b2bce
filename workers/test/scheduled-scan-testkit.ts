/**
 * What the tests of the worker's standing Schedules (clock-skew scan, event-log verification)
 * share: the ops harness over a seeded database, a real gateway the test's devices upload
 * through, and a teardown that deletes the test's Schedule before stopping the rest.
 */
import { seedDemoData } from '@pco/store/demo';
import { createGateway, type Gateway } from '@pco/sync-socket';
import { startOpsHarness, type OpsHarness, type OpsHarnessOptions } from './recovery-ops-testkit';

export interface ScheduledScanHarness {
  ops: OpsHarness;
  /** The gateway's URL. */
  url: string;
  stop(): Promise<void>;
}

export async function startScheduledScanHarness(options: {
  taskQueue: string;
  scheduleId: string;
  activities: OpsHarnessOptions['activities'];
}): Promise<ScheduledScanHarness> {
  let gateway: Gateway | undefined;
  let url = '';
  const ops = await startOpsHarness({
    poolMax: 4,
    taskQueue: options.taskQueue,
    seed: async (db) => {
      await seedDemoData(db.orm, new Date());
      gateway = createGateway({
        orm: db.orm,
        now: () => new Date(),
        config: { logLevel: 'silent', verifierThreads: 0 },
      });
      url = await gateway.listen(0);
    },
    workflowsPath: require.resolve('@pco/workflows'),
    activities: options.activities,
  });
  return {
    ops,
    url,
    async stop() {
      await ops.client.schedule
        .getHandle(options.scheduleId)
        .delete()
        .catch(() => undefined);
      await gateway?.close();
      await ops.stop();
    },
  };
}
