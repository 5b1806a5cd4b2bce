/**
 * `events:upload`: validate at the edge → verify signatures against the device's REGISTERED key →
 * submitBatch (sequence, idempotency, authorisation, conflicts, append: one transaction) → answer.
 *
 * A malformed event is answered `rejected` here and never reaches the store, so it consumes no
 * sequence number. A malformed batch is refused whole and nothing is written.
 */
import {
  canonicalSigningPayload,
  validateSignedEventShape,
  type EventAnswer,
  type SignedEvent,
  type UploadResult,
} from '@pco/domain';
import type { DeviceSession } from '../auth/device-auth';
import type { SignatureVerifier } from '../crypto/signature-verifier';
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
  /** Answers for malformed events, by index in the batch. */
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

/** Signature valid ⇔ signed by the key registered for this device AND the event names that key. */
async function verifySignatures(
  events: SignedEvent[],
  session: DeviceSession,
  verifier: SignatureVerifier,
): Promise<boolean[]> {
  const verdicts = await verifier.verifyAll(
    events.map((event) => ({
      publicKey: session.publicKey,
      payload: canonicalSigningPayload(event),
      signature: event.signature,
    })),
  );
  return verdicts.map((valid, i) => valid && events[i].devicePublicKey === session.publicKey);
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
  const events = screened.valid.map((v) => v.event);
  const screenedAt = performance.now();
  // Verification starts now (in parallel with other devices); submission waits for its turn.
  const verifying = verifySignatures(events, session, deps.verifier).finally(
    () => (timings.verifiedAt = performance.now()),
  );
  const timings = { verifiedAt: 0, submitStartAt: 0 };
  const outcome = await deps.queue.run(session.deviceId, async () => {
    const signatureValid = await verifying;
    timings.submitStartAt = performance.now();
    if (events.length === 0) return { answers: [], accepted: [], conflicts: [] } satisfies BatchOutcome;
    return deps.store.submitBatch({ deviceId: session.deviceId, events, signatureValid, now: deps.now() });
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
