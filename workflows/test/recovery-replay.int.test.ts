/**
 * Determinism guard for mass recovery: the saved history (the first run of a 1,000-device
 * recovery: conflict spike, pause, rejected and accepted updates, resume, continueAsNew) must replay against today's
 * code. Written by workers/test/recovery-mass-offline.int.test.ts.
 */
import { Worker } from '@temporalio/worker';
import { loadHistoryFixture } from './recovery-history-loader';

jest.setTimeout(60_000);

it('replays a massRecoveryWorkflow history without nondeterminism', async () => {
  const history = loadHistoryFixture('recovery-mass-offline.history.json');
  const outcomes = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../src/recovery/mass-recovery.workflow') },
    [{ workflowId: 'mass-recovery-fixture', history }],
  )) outcomes.push(result);
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0].error).toBeUndefined();
  expect(history.events?.length).toBeGreaterThan(10);
});
