/**
 * Determinism guard: the saved history of a real Device Loss run (written by
 * workers/test/revocation-device-loss.int.test.ts) must replay against today's workflow code.
 * A failure here means a change would break revocations already in flight.
 */
import { Worker } from '@temporalio/worker';
import { loadHistoryFixture } from './recovery-history-loader';

jest.setTimeout(60_000);

it('replays the Device Loss history of revokeDeviceWorkflow without nondeterminism', async () => {
  const history = loadHistoryFixture('revocation-device-loss.history.json');
  const outcomes = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../src/revocation/revoke-device.workflow') },
    [{ workflowId: 'revoke-device-fixture', history }],
  )) outcomes.push(result);
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0].error).toBeUndefined();
  expect(history.events?.length).toBeGreaterThan(20);
});
