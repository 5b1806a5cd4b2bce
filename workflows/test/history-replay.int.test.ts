/**
 * Determinism guard: every saved workflow history in ./fixtures must replay against today's
 * workflow code, bundled from the same entry the worker runs (@pco/workflows, src/index.ts).
 * A failure means a change would break workflows already in flight; its test names the workflow.
 *
 * Where the fixtures come from (after a deliberate workflow change, regenerate and commit them):
 * - `*.history.json`: saveHistoryFixture (workers/test/recovery-ops-testkit.ts) writes the CLI's
 *   proto3 JSON when the file is missing, or again with SAVE_HISTORY_FIXTURES=1, e.g.
 *   `SAVE_HISTORY_FIXTURES=1 npx jest workers/test/revocation-device-loss.int.test.ts`
 *   (also recovery-mass-offline, recovery-clock-skew, monitoring-alerts: one fixture each).
 * - `conflict-accept-server.json`: `PCO_WRITE_CONFLICT_FIXTURE=1 npx jest
 *   workers/test/conflict-decisions.int.test.ts` (the accept_server case writes it).
 */
import { readdirSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { FIXTURES_DIR, loadHistoryFixture } from './recovery-history-loader';

jest.setTimeout(60_000);

/**
 * What each known history must hold besides replaying cleanly, so a fixture regenerated from a
 * shorter run is caught. Listing a fixture here also makes its absence a failure.
 */
const MUST_HOLD: Record<string, (types: string[]) => void> = {
  'conflict-accept-server.json': (types) => {
    expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    expect(types.filter((t) => t === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED')).toHaveLength(3);
    expect(types[types.length - 1]).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  },
  'monitoring-alerts.history.json': () => undefined,
  'recovery-clock-skew.history.json': () => undefined,
  'recovery-mass-offline.history.json': (types) => expect(types.length).toBeGreaterThan(10),
  'revocation-device-loss.history.json': (types) => expect(types.length).toBeGreaterThan(20),
};

const fixtureFiles = [
  ...new Set([...Object.keys(MUST_HOLD), ...readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json'))]),
].sort();
const fixtures = fixtureFiles.map((file) => {
  const history = loadHistoryFixture(file);
  const workflowType =
    history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'unknown workflow';
  return { file, history, workflowType };
});

let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  // Once for every fixture; the runtime's logger keeps webpack's report out of the test output.
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../src'),
    logger: Runtime.instance().logger,
  });
});

it.each(fixtures)('$workflowType replays $file without nondeterminism', async ({ file, history, workflowType }) => {
  const outcomes = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, [
    { workflowId: `${workflowType}-fixture`, history },
  ])) {
    outcomes.push(result);
  }

  expect(outcomes).toHaveLength(1);
  expect(outcomes[0].error).toBeUndefined();
  MUST_HOLD[file]?.(history.events!.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]));
});
