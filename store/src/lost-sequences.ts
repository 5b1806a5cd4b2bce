/**
 * Acknowledging sequence numbers lost on a device.
 *
 * When a device's storage is corrupted, events it never uploaded may be gone for good. Its next
 * event then arrives with a gap, and SEQUENCE_GAP does not consume a number, so every later
 * event is refused for ever. A manager or admin (never the technician) acknowledges the missing
 * numbers: each becomes a rejected submission with code SEQUENCE_LOST, naming who and why, and
 * the device's cursor moves past them. Nothing is appended to the event log — nothing happened
 * to stock that the server knows of — and the acknowledgement is the audit record.
 */
import { err, ok, type EventAnswer, type Result } from '@pco/domain';
import type { StoreOrm } from './orm';
import { getDevice } from './devices';
import { getPerson } from './reference-data';
import { run, type Em } from './sql';

export interface AcknowledgeLostSequencesInput {
  deviceId: string;
  /** The last lost number: every number after the device's cursor up to this one is acknowledged. */
  throughSequence: number;
  acknowledgedBy: string;
  reason: string;
  now: Date;
}

export interface LostSequencesAcknowledged {
  deviceId: string;
  sequences: number[];
}

/** Refuses anything past this many numbers at once: a typo must not swallow a device's future. */
export const MAX_LOST_SEQUENCES = 500;

export async function acknowledgeLostSequences(
  orm: StoreOrm,
  input: AcknowledgeLostSequencesInput,
): Promise<Result<LostSequencesAcknowledged>> {
  return orm.em.fork().transactional(async (tem) => {
    const em = tem as Em;
    const checked = await checkAcknowledgement(em, input);
    if (!checked.ok) return checked;
    const sequences = checked.value;
    for (const sequenceNumber of sequences) await recordLost(em, input, sequenceNumber);
    await run(em, 'update devices set last_accepted_seq = $2 where id = $1', [input.deviceId, input.throughSequence]);
    return ok({ deviceId: input.deviceId, sequences });
  });
}

async function checkAcknowledgement(em: Em, input: AcknowledgeLostSequencesInput): Promise<Result<number[]>> {
  const person = await getPerson(em, input.acknowledgedBy);
  if (!person) return err('UNKNOWN_PERSON', `person ${input.acknowledgedBy} does not exist`);
  if (person.role === 'technician')
    return err('FORBIDDEN', 'only a manager or an admin may acknowledge lost sequence numbers');
  if (input.reason.trim().length === 0) return err('VALIDATION_ERROR', 'a reason is required');
  const device = await getDevice(em, input.deviceId, { forUpdate: true });
  if (!device) return err('UNKNOWN_DEVICE', `device ${input.deviceId} is not registered`);
  const first = device.lastAcceptedSeq + 1;
  const count = input.throughSequence - device.lastAcceptedSeq;
  if (!Number.isInteger(input.throughSequence) || count < 1) {
    return err('VALIDATION_ERROR', `throughSequence must be an integer ≥ ${first} (the device's next expected number)`);
  }
  if (count > MAX_LOST_SEQUENCES)
    return err('VALIDATION_ERROR', `at most ${MAX_LOST_SEQUENCES} numbers at once, asked for ${count}`);
  return ok(Array.from({ length: count }, (_, i) => first + i));
}

async function recordLost(em: Em, input: AcknowledgeLostSequencesInput, sequenceNumber: number): Promise<void> {
  const answer: EventAnswer = {
    status: 'rejected',
    eventId: lostEventId(input.deviceId, sequenceNumber),
    sequenceNumber,
    code: 'SEQUENCE_LOST',
    reason: `acknowledged lost by ${input.acknowledgedBy} at ${input.now.toISOString()}: ${input.reason}`,
  };
  // content_hash 'lost' never equals a real event's hash, so the device re-sending this number
  // with any content is answered DUPLICATE_OR_REPLAY rather than silently accepted.
  await run(
    em,
    `insert into device_submissions (device_id, sequence_number, event_id, content_hash, outcome, answer, submitted_at)
     values ($1, $2, $3, 'lost', 'rejected', $4, $5)`,
    [input.deviceId, sequenceNumber, answer.eventId, JSON.stringify(answer), input.now],
  );
}

const lostEventId = (deviceId: string, sequenceNumber: number): string => `lost:${deviceId}:${sequenceNumber}`;
