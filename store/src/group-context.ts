/**
 * Set-based loads and writes for a commit group (one or more device batches in one transaction):
 * every device row, every prior answer and every submission/device update is one statement for
 * the whole group, not one per device or per event.
 */
import type { EventAnswer } from '@pco/domain';
import { toStoredDevice, type StoredDevice } from './devices';
import type { NewSubmission, PriorSubmission } from './batch-context';
import { type Em, query, run } from './sql';

/**
 * Locks the group's device rows (FOR UPDATE) in id order, so two groups never wait on each other
 * in a cycle; the chain head is locked after this (lock order: device rows, then chain head).
 */
export async function lockDevices(em: Em, deviceIds: readonly string[]): Promise<Map<string, StoredDevice>> {
  const ids = [...new Set(deviceIds)].sort();
  const rows = await query<Parameters<typeof toStoredDevice>[0]>(
    em,
    'select * from devices where id = any($1::text[]) order by id for update',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, toStoredDevice(r)]));
}

/** Prior answers for every (device, sequence) of the group, one query; keyed by device then seq. */
export async function loadPriorSubmissionsOf(
  em: Em,
  wanted: Array<{ deviceId: string; seq: number }>,
): Promise<Map<string, Map<number, PriorSubmission>>> {
  const byDevice = new Map<string, Map<number, PriorSubmission>>();
  for (const { deviceId } of wanted) byDevice.set(deviceId, new Map());
  const valid = wanted.filter((w) => Number.isSafeInteger(w.seq) && Math.abs(w.seq) <= 2_147_483_647);
  if (valid.length === 0) return byDevice;
  const rows = await query<{ device_id: string; sequence_number: number; content_hash: string; answer: EventAnswer }>(
    em,
    `select s.device_id, s.sequence_number, s.content_hash, s.answer from device_submissions s
     join unnest($1::text[], $2::int[]) as w(d, q) on s.device_id = w.d and s.sequence_number = w.q`,
    [valid.map((w) => w.deviceId), valid.map((w) => w.seq)],
  );
  for (const r of rows)
    byDevice.get(r.device_id)?.set(r.sequence_number, { contentHash: r.content_hash, answer: r.answer });
  return byDevice;
}

export interface DeviceSubmission extends NewSubmission {
  deviceId: string;
  submittedAt: Date;
}

const outcomeOf = (a: EventAnswer): string =>
  a.status === 'accepted' ? 'accepted' : a.status === 'conflict' ? 'conflict' : 'rejected';

/**
 * One multi-row insert of every answer of the group that consumed a sequence number. The rows
 * travel as ONE JSON document (one JSON.stringify) rather than seven parameter arrays: a jsonb[]
 * parameter makes pg escape every answer's JSON again as an array element.
 */
export async function insertGroupSubmissions(em: Em, submissions: readonly DeviceSubmission[]): Promise<void> {
  if (submissions.length === 0) return;
  const rows = submissions.map((x) => ({
    d: x.deviceId,
    s: x.seq,
    e: x.answer.eventId,
    h: x.contentHash,
    o: outcomeOf(x.answer),
    a: x.answer,
    t: x.submittedAt,
  }));
  await run(
    em,
    `insert into device_submissions (device_id, sequence_number, event_id, content_hash, outcome, answer, submitted_at)
     select d, s, e, h, o, a, t from jsonb_to_recordset($1::jsonb) as t(d text, s int, e text, h text, o text, a jsonb, t timestamptz)`,
    [JSON.stringify(rows)],
  );
}

export interface DeviceProgress {
  deviceId: string;
  lastSeq: number;
  heldBy: string | null;
  syncedAt: Date;
}

/** One update for every device whose last accepted sequence moved in this group. */
export async function updateDeviceProgress(em: Em, progress: readonly DeviceProgress[]): Promise<void> {
  if (progress.length === 0) return;
  await run(
    em,
    `update devices d set last_accepted_seq = t.s, last_sync_at = t.at, held_by_conflict_id = t.h
     from unnest($1::text[], $2::int[], $3::uuid[], $4::timestamptz[]) as t(id, s, h, at) where d.id = t.id`,
    [
      progress.map((p) => p.deviceId),
      progress.map((p) => p.lastSeq),
      progress.map((p) => p.heldBy),
      progress.map((p) => p.syncedAt),
    ],
  );
}
