/**
 * Turns a history fixture into a History for Worker.runReplayHistories: the one place that reads
 * fixture JSON. Two writers make fixtures, in two JSON dialects:
 * - proto3 JSON from the Temporal CLI (`temporal workflow show --output json`; saveHistoryFixture
 *   in workers/test/recovery-ops-testkit.ts): timestamps are RFC 3339 strings.
 * - protobufjs's own JSON, `JSON.stringify(await handle.fetchHistory())` (the conflict fixture,
 *   workers/test/conflict-decisions.int.test.ts): timestamps are `{ seconds, nanos }` objects,
 *   which proto3 JSON refuses and `History.fromObject` reads back.
 *
 * Why not `historyFromJSON` from @temporalio/common: in this install @temporalio/common,
 * @temporalio/proto and @temporalio/worker each carry their own nested protobufjs 8.8.1 (the root
 * slot holds 7.x for @grpc/proto-loader), so common's converter rejects proto's types with
 * "type must be a Type". This uses the converter of the same copy the types come from.
 * Fixtures use full enum names (EVENT_TYPE_...), so no enum renaming is needed.
 */
import { dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;
type ProtoJson = { fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History | null };
type FixtureJson = { events?: Array<{ eventTime?: unknown }> };

export const FIXTURES_DIR = `${__dirname}/fixtures`;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson = require(
  require.resolve('protobufjs/ext/protojson', { paths: [dirname(require.resolve('@temporalio/proto/package.json'))] }),
) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

function isProtobufjsJson(json: FixtureJson): boolean {
  return typeof json.events?.[0]?.eventTime === 'object';
}

export function loadHistoryFixture(fileName: string): History {
  const json = JSON.parse(readFileSync(`${FIXTURES_DIR}/${fileName}`, 'utf8')) as FixtureJson;
  const history = isProtobufjsJson(json)
    ? proto.temporal.api.history.v1.History.fromObject(json)
    : protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history?.events?.length) throw new Error(`fixture ${fileName} holds no history events`);
  return history;
}
