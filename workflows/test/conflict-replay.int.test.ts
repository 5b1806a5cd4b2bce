/**
 * Determinism guard: the saved history of a completed conflict workflow (notice, acknowledge and
 * decide updates, resolution, resolved notice — written by workers/test/conflict-decisions.int.test.ts
 * with PCO_WRITE_CONFLICT_FIXTURE=1) must replay against today's workflow code. A failure means a
 * change would break conflicts already in flight.
 */
import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

jest.setTimeout(60_000);

/** The fixture is `JSON.stringify(await handle.fetchHistory())`: protobufjs's own JSON, so fromObject reads it back. */
function loadConflictHistory(fileName: string): temporal.api.history.v1.History {
  const json = JSON.parse(readFileSync(`${__dirname}/fixtures/${fileName}`, 'utf8')) as Record<string, unknown>;
  return temporal.api.history.v1.History.fromObject(json);
}

it('replays the accept_server history of conflictResolutionWorkflow without nondeterminism', async () => {
  const history = loadConflictHistory('conflict-accept-server.json');
  const types = history.events.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]);

  const outcomes = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../src/conflict/conflict-resolution.workflow') },
    [{ workflowId: 'conflict-fixture', history }],
  )) outcomes.push(result);

  expect(outcomes).toHaveLength(1);
  expect(outcomes[0].error).toBeUndefined();
  expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
  expect(types.filter((t) => t === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED')).toHaveLength(3);
  expect(types[types.length - 1]).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
});
