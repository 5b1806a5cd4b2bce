/**
 * What a commit group loads up front (reference data, taken event ids) and the parsing of untrusted ids.
 *
 * Set-based SQL (one `= any($1)` statement per kind for the whole group), not one ORM load per id: it runs on every upload.
 */
import { indexById, type EventAnswer, type Location, type Person, type Product, type SignedEvent } from '@pco/domain';
import { listLocations, listPersons, listProducts } from './reference-data';
import { type Em, query } from './sql';

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
const stringsOf = (values: unknown[]): string[] => [
  ...new Set(values.filter((v): v is string => typeof v === 'string')),
];

/** Sequence number of an untrusted event, NaN when absent (validateSequence then refuses it). */
export function sequenceOf(raw: unknown): number {
  const value = asRecord(asRecord(raw).offlineContext).sequenceNumber;
  return typeof value === 'number' ? value : Number.NaN;
}

export const eventIdOf = (raw: unknown): string => {
  const value = asRecord(raw).eventId;
  return typeof value === 'string' ? value : '';
};

/** Reference rows named by any event of the group (and the devices' users), one query per table. */
export async function loadBatchReferences(
  em: Em,
  events: readonly SignedEvent[],
  deviceUserIds: readonly string[],
): Promise<BatchReferences> {
  const raws = events.map(asRecord);
  // Sequential on purpose: one transaction is one connection.
  const products = await listProducts(em, stringsOf(raws.map((e) => e.product)));
  const locations = await listLocations(em, stringsOf(raws.flatMap((e) => [e.fromLocation, e.toLocation])));
  const persons = await listPersons(em, stringsOf([...deviceUserIds, ...raws.map((e) => e.performedBy)]));
  return { products: indexById(products), locations: indexById(locations), persons: indexById(persons) };
}

/** Event ids of the batch that the log already holds (one query). */
export async function loadTakenEventIds(em: Em, events: readonly unknown[]): Promise<Set<string>> {
  const ids = [...new Set(events.map(eventIdOf).filter((id) => id !== ''))];
  if (ids.length === 0) return new Set();
  const rows = await query<{ event_id: string }>(
    em,
    'select event_id from event_log where event_id = any($1::text[])',
    [ids],
  );
  return new Set(rows.map((r) => r.event_id));
}

export interface NewSubmission {
  seq: number;
  contentHash: string;
  answer: EventAnswer;
}
