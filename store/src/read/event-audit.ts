/**
 * Reads of the fault campaign's audit (`npm run chaos`): how many times each event a device
 * created is in the log, and what the server answered for each of a device's sequence numbers.
 * "Stored exactly once" is counted, not assumed from the unique index.
 */
import type { StoreOrm } from '../orm';
import { forkEm, query } from '../sql';

/** eventId → rows in event_log with that event id (absent ⇒ 0). */
export async function countLoggedEvents(orm: StoreOrm, eventIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < eventIds.length; i += 5_000) {
    const rows = await query<{ event_id: string; n: number }>(
      forkEm(orm),
      'select event_id, count(*)::int as n from event_log where event_id = any($1::text[]) group by event_id',
      [eventIds.slice(i, i + 5_000)],
    );
    for (const row of rows) counts.set(row.event_id, row.n);
  }
  return counts;
}

/** Log rows that share a (device, sequence number) with another row, over these devices. */
export async function countDuplicateDeviceSequences(orm: StoreOrm, deviceIds: string[]): Promise<number> {
  const [row] = await query<{ n: number }>(
    forkEm(orm),
    `select coalesce(sum(n - 1), 0)::int as n from (
       select count(*) as n from event_log where device_id = any($1::text[]) group by device_id, sequence_number having count(*) > 1
     ) d`,
    [deviceIds],
  );
  return row.n;
}

/** Log rows written by these devices (to compare with what the devices say they created). */
export async function countDeviceLogRows(orm: StoreOrm, deviceIds: string[]): Promise<number> {
  const [row] = await query<{ n: number }>(
    forkEm(orm),
    'select count(*)::int as n from event_log where device_id = any($1::text[])',
    [deviceIds],
  );
  return row.n;
}

/** eventId → the server's recorded outcome for it ('accepted' | 'rejected' | 'conflict'). */
export async function submissionOutcomes(orm: StoreOrm, deviceIds: string[]): Promise<Map<string, string>> {
  const rows = await query<{ event_id: string; outcome: string }>(
    forkEm(orm),
    'select event_id, outcome from device_submissions where device_id = any($1::text[])',
    [deviceIds],
  );
  return new Map(rows.map((r) => [r.event_id, r.outcome]));
}
