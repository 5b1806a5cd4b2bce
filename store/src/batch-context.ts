/** What one submitBatch transaction loads up front: the locked device, reference data, prior answers. */
import { indexById, type EventAnswer, type Location, type Person, type Product, type SignedEvent } from '@pco/domain';
import { getDevice, type StoredDevice } from './devices';
import { listLocations, listPersons, listProducts } from './reference-data';
import { type Em, query, run } from './sql';

export interface PriorSubmission {
  contentHash: string;
  answer: EventAnswer;
}

export interface BatchReferences {
  products: Map<string, Product>;
  locations: Map<string, Location>;
  persons: Map<string, Person>;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const stringsOf = (values: unknown[]): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string'))];

/** Sequence number of an untrusted event, NaN when absent (validateSequence then refuses it). */
export function sequenceOf(raw: unknown): number {
  const value = asRecord(asRecord(raw).offlineContext).sequenceNumber;
  return typeof value === 'number' ? value : Number.NaN;
}

export const eventIdOf = (raw: unknown): string => {
  const value = asRecord(raw).eventId;
  return typeof value === 'string' ? value : '';
};

/** Locks the device row for the whole batch (concurrent batches of one device queue up here). */
export const lockDevice = (em: Em, deviceId: string): Promise<StoredDevice | null> => getDevice(em, deviceId, { forUpdate: true });

/** Reference rows named by any event of the batch, loaded with one query per table. */
export async function loadBatchReferences(em: Em, events: readonly SignedEvent[], deviceUserId: string): Promise<BatchReferences> {
  const raws = events.map(asRecord);
  // Sequential on purpose: one transaction is one connection.
  const products = await listProducts(em, stringsOf(raws.map((e) => e.product)));
  const locations = await listLocations(em, stringsOf(raws.flatMap((e) => [e.fromLocation, e.toLocation])));
  const persons = await listPersons(em, stringsOf([deviceUserId, ...raws.map((e) => e.performedBy)]));
  return { products: indexById(products), locations: indexById(locations), persons: indexById(persons) };
}

export async function loadPriorSubmissions(em: Em, deviceId: string, sequences: number[]): Promise<Map<number, PriorSubmission>> {
  const wanted = sequences.filter((s) => Number.isSafeInteger(s));
  if (wanted.length === 0) return new Map();
  const rows = await query<{ sequence_number: number; content_hash: string; answer: EventAnswer }>(
    em,
    'select sequence_number, content_hash, answer from device_submissions where device_id = $1 and sequence_number = any($2::int[])',
    [deviceId, wanted],
  );
  return new Map(rows.map((r) => [r.sequence_number, { contentHash: r.content_hash, answer: r.answer }]));
}

/** Event ids of the batch that the log already holds (one query). */
export async function loadTakenEventIds(em: Em, events: readonly unknown[]): Promise<Set<string>> {
  const ids = [...new Set(events.map(eventIdOf).filter((id) => id !== ''))];
  if (ids.length === 0) return new Set();
  const rows = await query<{ event_id: string }>(em, 'select event_id from event_log where event_id = any($1::text[])', [ids]);
  return new Set(rows.map((r) => r.event_id));
}

export interface NewSubmission {
  seq: number;
  contentHash: string;
  answer: EventAnswer;
}

/** One multi-row insert of the answers that consumed a sequence number in this batch. */
export async function insertSubmissions(em: Em, deviceId: string, submissions: readonly NewSubmission[], now: Date): Promise<void> {
  if (submissions.length === 0) return;
  const outcomeOf = (a: EventAnswer): string => (a.status === 'accepted' ? 'accepted' : a.status === 'conflict' ? 'conflict' : 'rejected');
  await run(
    em,
    `insert into device_submissions (device_id, sequence_number, event_id, content_hash, outcome, answer, submitted_at)
     select $1, s, e, h, o, a, $7 from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) as t(s, e, h, o, a)`,
    [deviceId, submissions.map((x) => x.seq), submissions.map((x) => x.answer.eventId), submissions.map((x) => x.contentHash),
      submissions.map((x) => outcomeOf(x.answer)), submissions.map((x) => JSON.stringify(x.answer)), now],
  );
}
