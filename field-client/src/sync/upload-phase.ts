import { utf8Bytes, type EventAnswer, type SignedEvent } from '@pco/domain';
import { SYNC_CONFIG } from '../config';
import { FieldClientError, errorCodeOf, messageOf } from '../errors';
import type { LocalEventQueue } from '../queue/local-event-queue';
import { type PendingEvent, bySequence } from '../queue/pending-event';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { applyServerEvent, loadServerState, saveServerState } from '../view/server-state';
import { type RetryDeps, withRetry } from './retry';
import type { SyncTransport } from './transport';

export interface UploadPhaseInput {
  storage: KeyValueStorage;
  queue: LocalEventQueue;
  transport: SyncTransport;
  /** The pre-sync snapshot; only its 'queued' entries are sent, in sequence order. */
  snapshot: readonly PendingEvent[];
  now: () => Date;
  retry: RetryDeps;
  batchSize?: number;
  /** Bytes (JSON) per batch; default SYNC_CONFIG.maxUploadBytes. */
  maxBatchBytes?: number;
}

/** Where a batch is cut; `bytes` drops to the gateway's figure after a PAYLOAD_TOO_LARGE answer. */
interface BatchLimits {
  events: number;
  bytes: number;
}

export interface UploadOutcome {
  accepted: string[];
  conflicted: string[];
  failed: string[];
  /** Answered 'unprocessed' or not answered: still queued. */
  requeued: string[];
  /** 'device': the gateway refused the device itself (revoked, suspended, unknown), not the events. */
  stoppedBy: 'conflict' | 'transport' | 'device' | null;
  /** "CODE: message" of the transport failure or device refusal that stopped the phase. */
  transportError?: string;
}

/** Answers about the device, not the event: the events stay queued (quarantine is the server's job). */
const DEVICE_REFUSALS: readonly string[] = ['DEVICE_REVOKED', 'DEVICE_SUSPENDED', 'UNKNOWN_DEVICE'];

const emptyOutcome = (): UploadOutcome => ({ accepted: [], conflicted: [], failed: [], requeued: [], stoppedBy: null });

/**
 * Spec upload phase, batched: up to batchSize events and maxBatchBytes bytes per `events:upload`.
 * Every status change is written before the next batch goes out. An accepted event is folded into
 * the server-known state at once (the download phase skips own events already applied).
 */
export async function runUploadPhase(input: UploadPhaseInput): Promise<UploadOutcome> {
  const outcome = emptyOutcome();
  let rest = input.snapshot.filter((p) => p.status === 'queued').sort(bySequence);
  const limits: BatchLimits = {
    events: input.batchSize ?? SYNC_CONFIG.uploadBatchSize,
    bytes: input.maxBatchBytes ?? SYNC_CONFIG.maxUploadBytes,
  };
  while (rest.length > 0 && outcome.stoppedBy === null) {
    const batch = takeBatch(rest, limits);
    rest = rest.slice(batch.length);
    await uploadBatch(input, batch, outcome, limits);
  }
  return outcome;
}

/** `[{"events":[` … `]}]` around the events (the gateway measures the emit's arguments), and a comma between two. */
const BATCH_OVERHEAD_BYTES = 15;

/** The next events in order within both limits; always at least one (the gateway judges a lone event). */
function takeBatch(queued: readonly PendingEvent[], limits: BatchLimits): PendingEvent[] {
  const batch: PendingEvent[] = [];
  let bytes = BATCH_OVERHEAD_BYTES;
  for (const p of queued) {
    const size = utf8Bytes(JSON.stringify(p.event)).length + 1;
    if (batch.length > 0 && (batch.length >= limits.events || bytes + size > limits.bytes)) break;
    batch.push(p);
    bytes += size;
  }
  return batch;
}

async function uploadBatch(
  input: UploadPhaseInput,
  batch: PendingEvent[],
  outcome: UploadOutcome,
  limits: BatchLimits,
): Promise<void> {
  const at = input.now().toISOString();
  const sent: SignedEvent[] = [];
  for (const p of batch) sent.push((await input.queue.markSyncing(p.localId, at)).event);
  let answers: EventAnswer[];
  try {
    answers = (await withRetry(() => input.transport.upload(sent), 'events:upload', input.retry)).answers;
  } catch (error) {
    if (errorCodeOf(error) === 'PAYLOAD_TOO_LARGE') return splitTooLarge(input, batch, outcome, limits, error);
    const reason = `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}`;
    for (const p of batch) await input.queue.markQueued(p.localId, reason);
    outcome.requeued.push(...batch.map((p) => p.localId));
    outcome.stoppedBy = 'transport';
    outcome.transportError = reason;
    return;
  }
  await applyAnswers(input, batch, answers, outcome);
}

/**
 * The gateway refused the batch for its size (nothing of it was looked at): halve it and send the
 * halves in order, down to one event, and cut later batches under the gateway's figure. One event
 * too large on its own is marked failed with the reason (visible, never resent): its sequence
 * number stays unused, so the gateway answers SEQUENCE_GAP to later events until a manager
 * acknowledges it as lost (`npm run ops:acknowledge-lost`). Valid events are about 1 kB,
 * far under any sane limit, so only a damaged event should ever get here.
 */
async function splitTooLarge(
  input: UploadPhaseInput,
  batch: PendingEvent[],
  outcome: UploadOutcome,
  limits: BatchLimits,
  error: unknown,
): Promise<void> {
  const maxBytes = error instanceof FieldClientError ? error.maxBytes : undefined;
  if (maxBytes !== undefined && maxBytes > 0) limits.bytes = Math.min(limits.bytes, maxBytes);
  const reason = `PAYLOAD_TOO_LARGE: ${messageOf(error)}`;
  if (batch.length === 1) {
    await input.queue.markFailed(batch[0].localId, reason, input.now().toISOString());
    outcome.failed.push(batch[0].localId);
    return;
  }
  // Back to queued first: if a conflict stops the phase in the first half, the second stays queued.
  for (const p of batch) await input.queue.markQueued(p.localId, reason);
  const half = Math.ceil(batch.length / 2);
  for (const part of [batch.slice(0, half), batch.slice(half)]) {
    if (outcome.stoppedBy !== null) return;
    await uploadBatch(input, part, outcome, limits);
  }
}

/** The server's answer is the truth for each event; a conflict only stops further batches. */
async function applyAnswers(
  input: UploadPhaseInput,
  batch: PendingEvent[],
  answers: EventAnswer[],
  outcome: UploadOutcome,
): Promise<void> {
  const byId = new Map(answers.map((a) => [a.eventId, a]));
  let server = await loadServerState(input.storage);
  for (const p of batch) {
    const answer = byId.get(p.localId);
    const at = input.now().toISOString();
    if (answer?.status === 'accepted') {
      const synced = await input.queue.markAccepted(p.localId, answer.serverId, at);
      server = applyServerEvent(server, synced.event, at);
      outcome.accepted.push(p.localId);
    } else if (answer?.status === 'conflict') {
      await input.queue.markConflicted(p.localId, answer.conflictDetails, answer.conflictId);
      outcome.conflicted.push(p.localId);
      outcome.stoppedBy = 'conflict';
    } else if (answer?.status === 'rejected' && DEVICE_REFUSALS.includes(answer.code)) {
      await input.queue.markQueued(p.localId, `${answer.code}: ${answer.reason}`);
      outcome.requeued.push(p.localId);
      outcome.stoppedBy = 'device';
      outcome.transportError = `${answer.code}: ${answer.reason}`;
    } else if (answer?.status === 'rejected') {
      await input.queue.markFailed(p.localId, `${answer.code}: ${answer.reason}`, at);
      outcome.failed.push(p.localId);
    } else {
      const reason = answer?.status === 'unprocessed' ? `${answer.code}: ${answer.reason}` : 'not answered';
      await input.queue.markQueued(p.localId, reason);
      outcome.requeued.push(p.localId);
    }
  }
  await saveServerState(input.storage, server);
}
