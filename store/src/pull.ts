/**
 * Download phase: events after the device's cursor that touch its user's assigned locations
 * (managers and admins see every location), ascending. The cursor advances over events the
 * device does not see, so `cursor` is the last position examined and `stateHash` the chain hash
 * there — what the device reports back as lastKnownServerStateHash.
 *
 * One SQL query per page (a join over the log and the person's locations), answered on every pull.
 */
import { PULL_PAGE_LIMIT, isSupervisor, type PullPage } from '@pco/domain';
import { getDevice } from './devices';
import { readChainHead, toRecordedEvent, type EventLogRow } from './event-log';
import type { StoreOrm } from './orm';
import { assignedLocationIds, getPerson } from './reference-data';
import { type Em, query, queryOne } from './sql';
import { GENESIS_HASH } from './config';

export interface PullInput {
  deviceId: string;
  afterPosition: number;
  limit?: number;
}

async function hashAt(em: Em, position: number): Promise<string> {
  if (position <= 0) return GENESIS_HASH;
  const row = await queryOne<{ hash: string }>(
    em,
    'select hash from event_log where position <= $1 order by position desc limit 1',
    [position],
  );
  return row?.hash ?? GENESIS_HASH;
}

/** Location filter of the device's user; null = all locations. */
async function visibleLocations(em: Em, deviceId: string): Promise<string[] | null> {
  const device = await getDevice(em, deviceId);
  if (!device) throw new Error(`unknown device ${deviceId}`);
  const person = await getPerson(em, device.userId);
  if (person && isSupervisor(person)) return null;
  return assignedLocationIds(em, device.userId);
}

const COLUMNS = 'position, payload, recorded_at, hash, prev_hash, content_hash';

/** Managers and admins: every event is theirs, so the primary key range is the page. */
const EVERY_LOCATION = `select ${COLUMNS} from event_log where position > $1 and position <= $2 order by position limit $3`;

/**
 * A technician: for each visible location, its next `limit` positions as source and as
 * destination (ordered ranges of event_log_from_position / event_log_to_position), merged, the
 * first `limit` kept, then those rows. The work is bounded by 2 × locations × limit index
 * entries, however long the log and however rare the locations in it.
 */
const THESE_LOCATIONS = `
  select ${COLUMNS} from event_log where position in (
    select position from (
      select f.position from unnest($3::text[]) as l(id) cross join lateral (
        select position from event_log where from_location = l.id and position > $1 and position <= $2 order by position limit $4) f
      union
      select t.position from unnest($3::text[]) as l(id) cross join lateral (
        select position from event_log where to_location = l.id and position > $1 and position <= $2 order by position limit $4) t
    ) candidates order by position limit $4)
  order by position`;

export async function pullEvents(orm: StoreOrm, input: PullInput): Promise<PullPage> {
  const em = orm.em.fork();
  const limit = Math.max(1, Math.min(PULL_PAGE_LIMIT, Math.floor(input.limit ?? PULL_PAGE_LIMIT)));
  const after = Math.max(0, Math.floor(input.afterPosition));
  const locations = await visibleLocations(em, input.deviceId);
  // Head first: every event at or below it is committed (appends commit in position order).
  const head = await readChainHead(em);
  if (after >= head.position) return { events: [], cursor: after, stateHash: await hashAt(em, after), hasMore: false };
  const rows =
    locations === null
      ? await query<EventLogRow>(em, EVERY_LOCATION, [after, head.position, limit + 1])
      : await query<EventLogRow>(em, THESE_LOCATIONS, [after, head.position, locations, limit + 1]);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!hasMore)
    return { events: page.map(toRecordedEvent), cursor: head.position, stateHash: head.hash, hasMore: false };
  const last = page[page.length - 1];
  return { events: page.map(toRecordedEvent), cursor: Number(last.position), stateHash: last.hash, hasMore: true };
}
