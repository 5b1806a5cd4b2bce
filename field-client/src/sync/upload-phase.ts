import type { EventAnswer, SignedEvent } from '@pco/domain';
import { SYNC_CONFIG } from '../config';
import { errorCodeOf, messageOf } from '../errors';
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
 * Spec upload phase, batched: up to batchSize events per `events:upload`. Every status change is
 * written before the next batch goes out. An accepted event is folded into the server-known
 * state at once (the download phase skips own events already applied).
 */
export async function runUploadPhase(input: UploadPhaseInput): Promise<UploadOutcome> {
  const outcome = emptyOutcome();
  const queued = input.snapshot.filter((p) => p.status === 'queued').sort(bySequence);
  const size = input.batchSize ?? SYNC_CONFIG.uploadBatchSize;
  for (let start = 0; start < queued.length && outcome.stoppedBy === null; start += size) {
    await uploadBatch(input, queued.slice(start, start + size), outcome);
  }
  return outcome;
}

async function uploadBatch(input: UploadPhaseInput, batch: PendingEvent[], outcome: UploadOutcome): Promise<void> {
  const at = input.now().toISOString();
  const sent: SignedEvent[] = [];
  for (const p of batch) sent.push((await input.queue.markSyncing(p.localId, at)).event);
  let answers: EventAnswer[];
  try {
    answers = (await withRetry(() => input.transport.upload(sent), 'events:upload', input.retry)).answers;
  } catch (error) {
    const reason = `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}`;
    for (const p of batch) await input.queue.markQueued(p.localId, reason);
    outcome.requeued.push(...batch.map((p) => p.localId));
    outcome.stoppedBy = 'transport';
    outcome.transportError = reason;
    return;
  }
  await applyAnswers(input, batch, answers, outcome);
}

/** The server's answer is the truth for each event; a conflict only stops further batches. */
async function applyAnswers(input: UploadPhaseInput, batch: PendingEvent[], answers: EventAnswer[], outcome: UploadOutcome): Promise<void> {
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
