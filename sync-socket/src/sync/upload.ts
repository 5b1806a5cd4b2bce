/**
 * `events:upload`: validate at the edge → check the batch's chain links and verify one signature
 * per linked run against the device's REGISTERED key (batch-verification.ts) → submitBatch
 * (sequence, chain head, idempotency, authorisation, conflicts, append: one transaction) → answer.
 *
 * A malformed event is answered `rejected` here and never reaches the store, so it consumes no
 * sequence number. A malformed batch is refused whole and nothing is written.
 */
import { validateSignedEventShape, type EventAnswer, type SignedEvent, type UploadResult } from '@pco/domain';
import type { DeviceSession } from '../auth/device-auth';
import type { SignatureVerifier } from '../crypto/signature-verifier';
import { brokenChainAnswers, verifyBatch, type BatchVerdicts } from './batch-verification';
import { GatewayError } from '../errors';
import type { BatchOutcome, GatewayStore } from '../store-port';
import type { Logger } from '../logger';
import type { DeviceQueue } from './device-queue';

const ms = (value: number): number => Math.round(value * 10) / 10;

export interface UploadDeps {
  logger: Logger;
  store: GatewayStore;
  verifier: SignatureVerifier;
  queue: DeviceQueue;
  now: () => Date;
  maxBatchEvents: number;
}

interface Screened {
  /** Answers for malformed events (and a broken chain's tail), by index in the batch. */
  rejected: Map<number, EventAnswer>;
  /** Well-formed events with their index in the batch. */
  valid: Array<{ index: number; event: SignedEvent }>;
  total: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Best effort identity of an event too malformed to parse, so the client can match the answer. */
function identityOf(raw: unknown): { eventId: string; sequenceNumber: number } {
  const event = isRecord(raw) ? raw : {};
  const context = isRecord(event.offlineContext) ? event.offlineContext : {};
  const eventId = typeof event.eventId === 'string' ? event.eventId.slice(0, 100) : '';
  const sequenceNumber = Number.isSafeInteger(context.sequenceNumber) ? (context.sequenceNumber as number) : 0;
  return { eventId, sequenceNumber };
}

export function screenBatch(batch: unknown, maxBatchEvents: number): Screened {
  if (!isRecord(batch) || !Array.isArray(batch.events)) {
    throw new GatewayError('VALIDATION_ERROR', 'A batch must be an object with an `events` array');
  }
  if (batch.events.length > maxBatchEvents) {
    throw new GatewayError('VALIDATION_ERROR', `A batch holds at most ${maxBatchEvents} events`);
  }
  const screened: Screened = { rejected: new Map(), valid: [], total: batch.events.length };
  batch.events.forEach((raw: unknown, index) => {
    const result = validateSignedEventShape(raw);
    if (result.ok) screened.valid.push({ index, event: result.value });
    else
      screened.rejected.set(index, {
        status: 'rejected',
        ...identityOf(raw),
        code: result.error.code,
        reason: result.error.message,
      });
  });
  return screened;
}

/** Events from the first broken link on are answered here and dropped from what the store sees. */
function refuseBrokenTail(screened: Screened, verdicts: BatchVerdicts): SignedEvent[] {
  const events = screened.valid.map((v) => v.event);
  if (verdicts.broken === null) return events;
  const at = verdicts.broken.index;
  const answers = brokenChainAnswers(events, verdicts.broken);
  screened.valid.slice(at).forEach((v, k) => screened.rejected.set(v.index, answers[k]));
  screened.valid = screened.valid.slice(0, at);
  return events.slice(0, at);
}

function mergeAnswers(screened: Screened, storeAnswers: EventAnswer[]): EventAnswer[] {
  const answers: EventAnswer[] = [];
  let next = 0;
  for (let index = 0; index < screened.total; index++) {
    const rejected = screened.rejected.get(index);
    answers.push(rejected ?? storeAnswers[next++]);
  }
  return answers;
}

export interface UploadOutcome extends BatchOutcome {
  result: UploadResult;
}

export async function handleUpload(batch: unknown, session: DeviceSession, deps: UploadDeps): Promise<UploadOutcome> {
  const startedAt = performance.now();
  const screened = screenBatch(batch, deps.maxBatchEvents);
  const screenedAt = performance.now();
  // Verification starts now (in parallel with other devices); submission waits for its turn.
  const all = screened.valid.map((v) => v.event);
  const verifying = verifyBatch(all, session.deviceId, session.publicKey, deps.verifier).finally(
    () => (timings.verifiedAt = performance.now()),
  );
  const timings = { verifiedAt: 0, submitStartAt: 0 };
  let events: SignedEvent[] = all;
  const outcome = await deps.queue.run(session.deviceId, async () => {
    const verdicts = await verifying;
    events = refuseBrokenTail(screened, verdicts);
    timings.submitStartAt = performance.now();
    if (events.length === 0) return { answers: [], accepted: [], conflicts: [] } satisfies BatchOutcome;
    const kept = events.length;
    return deps.store.submitBatch({
      deviceId: session.deviceId,
      events,
      now: deps.now(),
      signatureValid: verdicts.signatureValid.slice(0, kept),
      signedHashes: verdicts.signedHashes.slice(0, kept),
    });
  });
  deps.logger.debug('batch timings (ms)', {
    deviceId: session.deviceId,
    events: screened.total,
    screen: ms(screenedAt - startedAt),
    verify: ms(timings.verifiedAt - screenedAt),
    submit: ms(performance.now() - timings.submitStartAt),
    total: ms(performance.now() - startedAt),
  });
  if (outcome.answers.length !== events.length) throw new Error('store answered a different number of events');
  return { ...outcome, result: { answers: mergeAnswers(screened, outcome.answers) } };
}
