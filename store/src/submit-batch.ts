/**
 * THE server-side acceptance path for device events. A commit group is one or more device batches
 * in ONE transaction: the device rows are locked FOR UPDATE (id order), then the chain head (so
 * conflict detection reads a stable on_hand); the devices' batches run one after another in
 * arrival order, each strictly in sequence order, exactly as consecutive transactions would
 * (a later device sees an earlier one's appends as events since its known state). Everything
 * the group needs is loaded up front with one query per kind; rows are written with a few
 * multi-row statements at the end. Answers come back in input order.
 * If anything throws, the transaction rolls back and no answers exist (see submit-group.ts for
 * the per-device fallback).
 *
 * Sequence numbers (ARCHITECTURE invariant 4): accepted, conflicted and rule-rejected events
 * consume their number (device_submissions row + last_accepted_seq); invalid signatures, gaps,
 * replays and unprocessed events do not, and store nothing.
 *
 * SQL, not the unit of work: row locks in a fixed order and multi-row statements are what keep bench:sync above its targets.
 */
import type { EventAnswer, RecordedEvent, SignedEvent } from '@pco/domain';
import {
  eventIdOf,
  loadBatchReferences,
  loadTakenEventIds,
  sequenceOf,
  type BatchReferences,
  type PriorSubmission,
} from './batch-context';
import type { RecordedConflict } from './conflicts';
import type { StoredDevice } from './devices';
import {
  insertGroupSubmissions,
  loadPriorSubmissionsOf,
  lockDevices,
  updateDeviceProgress,
  type DeviceProgress,
  type DeviceSubmission,
} from './group-context';
import { KnownState } from './known-state';
import { LogWriter } from './log-writer';
import { contentHashOfRaw } from './hashing';
import type { StoreOrm } from './orm';
import { processInSequence, type BatchRun } from './submit-event';
import type { Em } from './sql';

export interface SubmitBatchInput {
  deviceId: string;
  events: SignedEvent[];
  /** signatureValid[i] is the gateway's Ed25519 verdict for events[i]. */
  signatureValid: boolean[];
  now: Date;
  /**
   * True when every event is the value validateSignedEventShape returned (the gateway validates
   * at the edge, in the same process): the store then skips repeating that shape check. Any other
   * caller leaves it unset and the store validates.
   */
  shapeValidated?: boolean;
}

export interface SubmitBatchResult {
  answers: EventAnswer[];
  accepted: RecordedEvent[];
  conflicts: RecordedConflict[];
}

const notLooked = (
  raw: unknown,
  code: 'UNKNOWN_DEVICE' | 'DEVICE_REVOKED' | 'DEVICE_SUSPENDED',
  reason: string,
): EventAnswer => ({
  status: 'rejected',
  eventId: eventIdOf(raw),
  sequenceNumber: sequenceOf(raw) || 0,
  code,
  reason,
});

function refusedDevice(input: SubmitBatchInput, device: StoredDevice | undefined): SubmitBatchResult {
  const [code, reason] = !device
    ? (['UNKNOWN_DEVICE', 'device is not registered'] as const)
    : device.status === 'revoked'
      ? (['DEVICE_REVOKED', 'device is revoked'] as const)
      : (['DEVICE_SUSPENDED', 'device is suspended'] as const);
  return { answers: input.events.map((raw) => notLooked(raw, code, reason)), accepted: [], conflicts: [] };
}

/** (location, product) pairs the group may touch, so on_hand is read in one query. */
function stockPairsOf(events: readonly unknown[]): Array<{ location: string; product: string }> {
  const pairs: Array<{ location: string; product: string }> = [];
  for (const raw of events) {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof e.product !== 'string') continue;
    for (const location of [e.fromLocation, e.toLocation])
      if (typeof location === 'string') pairs.push({ location, product: e.product });
  }
  return pairs;
}

/** Indices of the batch in processing order: by sequence number, malformed ones last. */
function sequenceOrder(events: readonly unknown[]): number[] {
  const key = (i: number): number =>
    Number.isFinite(sequenceOf(events[i])) ? sequenceOf(events[i]) : Number.MAX_SAFE_INTEGER;
  return events.map((_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
}

/** What every device batch of the group shares: one lock holder, one writer, one set of loads. */
interface GroupShared {
  em: Em;
  writer: LogWriter;
  known: KnownState;
  refs: BatchReferences;
  takenEventIds: Set<string>;
}

async function runDeviceBatch(
  shared: GroupShared,
  device: StoredDevice,
  prior: Map<number, PriorSubmission>,
  input: SubmitBatchInput,
) {
  const batch: BatchRun = {
    ...shared,
    device,
    prior,
    now: input.now,
    lastSeq: device.lastAcceptedSeq,
    heldBy: device.heldByConflictId,
    shapeValidated: input.shapeValidated === true,
    accepted: [],
    conflicts: [],
    submissions: [],
  };
  const answers: EventAnswer[] = new Array(input.events.length);
  for (const i of sequenceOrder(input.events)) {
    answers[i] = await processInSequence(
      batch,
      input.events[i],
      contentHashOfRaw(input.events[i]),
      input.signatureValid[i] === true,
    );
  }
  return { batch, result: { answers, accepted: batch.accepted, conflicts: batch.conflicts } };
}

/**
 * Runs the group inside the caller's transaction. A device appears at most once per group (the
 * gateway's per-device queue guarantees it); a repeated device id is refused loudly.
 */
export async function runGroup(em: Em, inputs: readonly SubmitBatchInput[]): Promise<SubmitBatchResult[]> {
  if (new Set(inputs.map((i) => i.deviceId)).size !== inputs.length)
    throw new Error('a commit group holds each device at most once');
  for (const input of inputs)
    if (input.signatureValid.length !== input.events.length)
      throw new Error('signatureValid must have one entry per event');
  const devices = await lockDevices(
    em,
    inputs.map((i) => i.deviceId),
  );
  const active = inputs.filter((i) => devices.get(i.deviceId)?.status === 'active');
  if (active.length === 0) return inputs.map((i) => refusedDevice(i, devices.get(i.deviceId)));
  const events = active.flatMap((i) => i.events);
  const writer = await LogWriter.open(em);
  // Sequential on purpose: one transaction is one connection.
  const refs = await loadBatchReferences(
    em,
    events,
    active.map((i) => devices.get(i.deviceId)!.userId),
  );
  const prior = await loadPriorSubmissionsOf(
    em,
    active.flatMap((i) => i.events.map((e) => ({ deviceId: i.deviceId, seq: sequenceOf(e) }))),
  );
  const takenEventIds = await loadTakenEventIds(em, events);
  await writer.preload(stockPairsOf(events));
  const known = new KnownState(em, writer);
  await known.preload(events);
  const shared: GroupShared = { em, writer, known, refs, takenEventIds };
  const results: SubmitBatchResult[] = [];
  const submissions: DeviceSubmission[] = [];
  const progress: DeviceProgress[] = [];
  for (const input of inputs) {
    const device = devices.get(input.deviceId);
    if (!device || device.status !== 'active') {
      results.push(refusedDevice(input, device));
      continue;
    }
    const { batch, result } = await runDeviceBatch(shared, device, prior.get(device.id) ?? new Map(), input);
    results.push(result);
    submissions.push(...batch.submissions.map((s) => ({ ...s, deviceId: device.id, submittedAt: input.now })));
    if (batch.lastSeq !== device.lastAcceptedSeq)
      progress.push({ deviceId: device.id, lastSeq: batch.lastSeq, heldBy: batch.heldBy, syncedAt: input.now });
  }
  await writer.flush();
  await insertGroupSubmissions(em, submissions);
  await updateDeviceProgress(em, progress);
  return results;
}

/** One device batch in its own transaction. */
export async function submitBatch(orm: StoreOrm, input: SubmitBatchInput): Promise<SubmitBatchResult> {
  const [result] = await orm.em.fork().transactional((em) => runGroup(em as Em, [input]));
  return result;
}
