/** "Stored exactly once": event_log rows per benchmark device, counted after each phase. */
import type { Em, StoreOrm } from '@pco/store';
import { query } from '@pco/store';

interface Counts {
  rows: number;
  distinctEvents: number;
  distinctSequences: number;
}

export async function totalLogRows(orm: StoreOrm): Promise<number> {
  const [row] = await query<{ n: string }>(orm.em.fork() as Em, 'select count(*) as n from event_log');
  return Number(row.n);
}

/** Throws unless the devices' rows are exactly `expected`, each event id and (device, seq) once. */
export async function assertStoredOnce(
  orm: StoreOrm,
  deviceIds: string[],
  expected: number,
  phase: string,
): Promise<Counts> {
  const [row] = await query<{ rows: string; events: string; seqs: string }>(
    orm.em.fork() as Em,
    `select count(*) as rows, count(distinct event_id) as events, count(distinct (device_id, sequence_number)) as seqs
     from event_log where device_id = any($1::text[])`,
    [deviceIds],
  );
  const counts = { rows: Number(row.rows), distinctEvents: Number(row.events), distinctSequences: Number(row.seqs) };
  if (counts.rows !== expected || counts.distinctEvents !== expected || counts.distinctSequences !== expected) {
    throw new Error(`${phase}: expected ${expected} event_log rows stored once, found ${JSON.stringify(counts)}`);
  }
  return counts;
}
