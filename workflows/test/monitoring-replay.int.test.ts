/**
 * Determinism guard for the monitoring pass started by the `monitoring-alerts` schedule
 * (history written by workers/test/monitoring-alerts.int.test.ts).
 */
import { Worker } from '@temporalio/worker';
import { loadHistoryFixture } from './recovery-history-loader';

jest.setTimeout(60_000);

it('replays a monitoringAlertsWorkflow history without nondeterminism', async () => {
  const history = loadHistoryFixture('monitoring-alerts.history.json');
  const outcomes = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../src/monitoring/monitoring.workflow') },
    [{ workflowId: 'monitoring-fixture', history }],
  )) outcomes.push(result);
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0].error).toBeUndefined();
});
