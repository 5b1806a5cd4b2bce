/**
 * One device event inside a submitBatch transaction, in sequence order.
 *
 * No SQL of its own: it works on the group's preloaded context and the LogWriter's buffered appends.
 */
import {
  validateSequence,
  type ConflictDetails,
  type EventAnswer,
  type RecordedEvent,
  type SignedEvent,
} from '@pco/domain';
import { eventIdOf, sequenceOf, type BatchReferences, type NewSubmission, type PriorSubmission } from './batch-context';
import { insertConflict, type RecordedConflict } from './conflicts';
import type { StoredDevice } from './devices';
import { checkDeviceEvent } from './event-checks';
import type { KnownState } from './known-state';
import type { LogWriter } from './log-writer';
import type { Em } from './sql';

/** Mutable state of one batch; lastSeq/heldBy are written back to the device row at the end. */
export interface BatchRun {
  em: Em;
  device: StoredDevice;
  now: Date;
  lastSeq: number;
  heldBy: string | null;
  refs: BatchReferences;
  /** The events are validateSignedEventShape's output (see SubmitBatchInput.shapeValidated). */
  shapeValidated: boolean;
  prior: Map<number, PriorSubmission>;
  accepted: RecordedEvent[];
  conflicts: RecordedConflict[];
  writer: LogWriter;
  known: KnownState;
  /** Event ids of this batch already in the log before it started. */
  takenEventIds: Set<string>;
  /** Answers that consumed a number, inserted in one statement at the end. */
  submissions: NewSubmission[];
}

type Rejected = Extract<EventAnswer, { status: 'rejected' }>;
const rejected = (raw: unknown, code: Rejected['code'], reason: string): EventAnswer => ({
  status: 'rejected',
  eventId: eventIdOf(raw),
  sequenceNumber: sequenceOf(raw) || 0,
  code,
  reason,
});

/** Stores the answer under (device, seq): the number is consumed and a retry gets this answer back. */
async function consume(run: BatchRun, seq: number, contentHash: string, answer: EventAnswer): Promise<EventAnswer> {
  run.submissions.push({ seq, contentHash, answer });
  run.prior.set(seq, { contentHash, answer });
  run.lastSeq = seq;
  return answer;
}

const eventIdTaken = (run: BatchRun, eventId: string): boolean =>
  run.takenEventIds.has(eventId) || run.writer.hasAppended(eventId);

async function holdForConflict(
  run: BatchRun,
  event: SignedEvent,
  details: ConflictDetails,
  seq: number,
  hash: string,
): Promise<EventAnswer> {
  const conflict = await insertConflict(run.em, {
    deviceId: run.device.id,
    event,
    details,
    severity: 'info',
    now: run.now,
  });
  run.conflicts.push(conflict);
  run.heldBy = conflict.conflictId;
  const answer: EventAnswer = {
    status: 'conflict',
    eventId: event.eventId,
    sequenceNumber: seq,
    conflictId: conflict.conflictId,
    conflictDetails: details,
  };
  return consume(run, seq, hash, answer);
}

async function accept(
  run: BatchRun,
  checked: { event: SignedEvent; raceDetails?: ConflictDetails },
  seq: number,
  hash: string,
): Promise<EventAnswer> {
  const { event } = checked;
  // `hash` is the content hash of the submitted value; validation only copies known fields (it
  // refuses unknown ones and never rewrites values), so the validated event has the same content.
  const recorded = await run.writer.append(event, {
    recordedAt: run.now,
    deviceId: run.device.id,
    sequenceNumber: seq,
    contentHash: hash,
  });
  run.accepted.push(recorded);
  if (checked.raceDetails) {
    // A superseded request decision is never silent: recorded, but the device is not held.
    run.conflicts.push(
      await insertConflict(run.em, {
        deviceId: run.device.id,
        event,
        details: checked.raceDetails,
        severity: 'warning',
        now: run.now,
      }),
    );
  }
  const answer: EventAnswer = {
    status: 'accepted',
    eventId: event.eventId,
    sequenceNumber: seq,
    serverId: recorded.serverId,
    position: recorded.position,
    recordedAt: recorded.recordedAt,
    hash: recorded.hash,
  };
  return consume(run, seq, hash, answer);
}

/** The in-sequence event passed the sequence checks: rule checks, conflicts, append. */
async function processNext(run: BatchRun, raw: SignedEvent, seq: number, hash: string): Promise<EventAnswer> {
  const checked = await checkDeviceEvent(run.em, raw, run.device, run.refs, run.shapeValidated);
  if (!checked.ok) return consume(run, seq, hash, rejected(raw, checked.error.code, checked.error.message));
  const { event, race } = checked.value;
  if (eventIdTaken(run, event.eventId)) {
    return consume(run, seq, hash, rejected(raw, 'DUPLICATE_OR_REPLAY', `event ${event.eventId} is already recorded`));
  }
  const shortage = await run.known.checkInsufficientInventory(event);
  if (shortage) return holdForConflict(run, event, shortage, seq, hash);
  return accept(run, { event, raceDetails: race?.conflict }, seq, hash);
}

export async function processInSequence(
  run: BatchRun,
  raw: SignedEvent,
  hash: string,
  signatureValid: boolean,
): Promise<EventAnswer> {
  const seq = sequenceOf(raw);
  const existing = run.prior.get(seq);
  if (Number.isSafeInteger(seq) && seq <= run.lastSeq) {
    const verdict = validateSequence({
      lastAcceptedSeq: run.lastSeq,
      incomingSeq: seq,
      incomingContentHash: hash,
      existing: existing && { contentHash: existing.contentHash, result: existing.answer },
    });
    if (verdict.ok && verdict.value.kind === 'replay-identical') return verdict.value.result;
    return rejected(
      raw,
      verdict.ok ? 'DUPLICATE_OR_REPLAY' : verdict.error.code,
      verdict.ok ? 'sequence already used' : verdict.error.message,
    );
  }
  if (run.heldBy !== null) {
    return {
      status: 'unprocessed',
      eventId: eventIdOf(raw),
      sequenceNumber: seq || 0,
      code: 'CONFLICT_PENDING',
      reason: `conflict ${run.heldBy} must be resolved first`,
    };
  }
  if (!signatureValid)
    return rejected(raw, 'INVALID_SIGNATURE', 'signature does not verify with the registered device key');
  const verdict = validateSequence({ lastAcceptedSeq: run.lastSeq, incomingSeq: seq, incomingContentHash: hash });
  if (!verdict.ok) return rejected(raw, verdict.error.code, verdict.error.message);
  return processNext(run, raw, seq, hash);
}
