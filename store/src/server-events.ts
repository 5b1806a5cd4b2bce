/**
 * Events that do not come from a device queue (admin receipts, manager adjustments, conflict
 * resolution events): the same domain checks and the same appendEvent path, in one transaction.
 * Bad input returns a typed error and stores nothing.
 *
 * Runs on the same append path as device events (SQL under the chain-head lock); reference data comes through its set-based preloads.
 */
import {
  authorise,
  checkReferences,
  err,
  indexById,
  ok,
  validateEventShape,
  type InventoryEvent,
  type RecordedEvent,
  type Result,
} from '@pco/domain';
import { KnownState } from './known-state';
import { LogWriter } from './log-writer';
import type { StoreOrm } from './orm';
import { listLocations, listPersons, listProducts } from './reference-data';
import { getRequest } from './requests';
import { type Em, queryOne } from './sql';

const requestIdOf = (event: InventoryEvent): string | undefined =>
  'requestId' in event.data ? (event.data as { requestId?: string }).requestId : undefined;

async function checkServerEvent(em: Em, event: InventoryEvent, writer: LogWriter): Promise<Result<void>> {
  const locationIds = [event.fromLocation, event.toLocation].filter((id): id is string => id !== null);
  const locations = indexById(await listLocations(em, locationIds));
  const persons = indexById(await listPersons(em, [event.performedBy]));
  const refs = { products: indexById(await listProducts(em, [event.product])), locations, persons };
  const references = checkReferences(event, refs);
  if (!references.ok) return references;
  const requestId = requestIdOf(event);
  const request = requestId === undefined ? null : await getRequest(em, requestId, { forUpdate: true });
  const person = persons.get(event.performedBy);
  if (!person) return err('UNKNOWN_PERSON', `unknown person ${event.performedBy}`);
  const allowed = authorise(person, event, locations, { requestedBy: request?.requestedBy, offline: false });
  if (!allowed.ok) return allowed;
  if (await queryOne(em, 'select 1 from event_log where event_id = $1', [event.eventId])) {
    return err('DUPLICATE_OR_REPLAY', `event ${event.eventId} is already recorded`);
  }
  const shortage = await new KnownState(em, writer).checkInsufficientInventory(event);
  return shortage ? err('INSUFFICIENT_INVENTORY', shortage.message) : ok(undefined);
}

/** Inside the caller's transaction (seed, resolution activities that write more rows atomically). */
export async function appendServerEventIn(em: Em, input: unknown, now: Date): Promise<Result<RecordedEvent>> {
  const shaped = validateEventShape(input);
  if (!shaped.ok) return shaped;
  const event = shaped.value;
  if (event.offlineContext)
    return err('VALIDATION_ERROR', 'server events carry no offlineContext; device events go through submitBatch');
  const writer = await LogWriter.open(em);
  const checked = await checkServerEvent(em, event, writer);
  if (!checked.ok) return checked;
  const recorded = await writer.append(event, { recordedAt: now });
  await writer.flush();
  return ok(recorded);
}

export async function appendServerEvent(orm: StoreOrm, input: unknown, now: Date): Promise<Result<RecordedEvent>> {
  return orm.em.fork().transactional((tem) => appendServerEventIn(tem as Em, input, now));
}
