/**
 * `historyFromJSON` from @temporalio/common works on a `temporal workflow show --output json`
 * history: it needs ONE protobufjs copy shared by @temporalio/common and @temporalio/proto
 * (root package.json pins it with `overrides`; with nested copies it threw "type must be a Type").
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { loadHistoryFixture } from './recovery-history-loader';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('./fixtures/revocation-device-loss.history.json') as { events: Array<{ eventType: string }> };

describe('historyFromJSON on a stored fixture', () => {
  it('Given the revocation history JSON, When converted, Then every event comes back typed, in order, first WorkflowExecutionStarted', () => {
    const history = historyFromJSON(fixture);

    expect(history.events).toHaveLength(fixture.events.length);
    expect(history.events![0].eventType).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    expect(history.events![0].workflowExecutionStartedEventAttributes?.workflowType?.name).toBeTruthy();
  });

  it('Given the same fixture, Then it equals what the local loader (recovery-history-loader) builds', () => {
    const viaCommon = historyFromJSON(fixture);
    const viaLoader = loadHistoryFixture('revocation-device-loss.history.json');

    expect(viaCommon.events!.map((e) => e.eventType)).toEqual(viaLoader.events!.map((e) => e.eventType));
    expect(viaCommon.events!.map((e) => String(e.eventId))).toEqual(viaLoader.events!.map((e) => String(e.eventId)));
  });
});
