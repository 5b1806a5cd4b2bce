/** Determinism guard for the clock-skew scan (history written by workers/test/recovery-clock-skew.int.test.ts). */
import { Worker } from '@temporalio/worker';
import { loadHistoryFixture } from './recovery-history-loader';

jest.setTimeout(60_000);

it('replays a clockSkewScanWorkflow history without nondeterminism', async () => {
  const history = loadHistoryFixture('recovery-clock-skew.history.json');
  const outcomes = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../src/recovery/clock-skew.workflow') },
    [{ workflowId: 'clock-skew-fixture', history }],
  )) outcomes.push(result);
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0].error).toBeUndefined();
});
