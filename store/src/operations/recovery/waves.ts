/**
 * One wave of a recovery run: admit the next devices by rank, re-time those still waiting,
 * then read sync progress and the conflict rate of the wave from the database.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export interface AdmitWaveInput {
  runId: string;
  wave: number;
  size: number;
  waveIntervalMs: number;
}

export interface ComeBackNotice {
  deviceId: string;
  at: string;
}

export interface WaveSyncStatus {
  admitted: number;
  synced: number;
}

/** The turn of a waiting device, computed by the caller's rule (workflows' triage comeBackAtMs). */
export type ComeBackAt = (turn: {
  nowMs: number;
  rank: number;
  nextWaveFirstRank: number;
  waveSize: number;
  waveIntervalMs: number;
}) => number;

const UPDATE_BATCH = 500;

/** Marks the next `size` queued devices admitted; a retry of the same wave returns the same devices. */
export async function admitNext(em: EntityManager, input: AdmitWaveInput, now: Date): Promise<string[]> {
  return em.transactional(async (tem) => {
    const already = await tem.execute<Array<{ device_id: string }>>(
      'select device_id from recovery_plan where run_id = ? and wave = ? order by rank',
      [input.runId, input.wave],
    );
    if (already.length > 0) return already.map((r) => r.device_id);
    const admitted = await tem.execute<Array<{ device_id: string }>>(
      `update recovery_plan set status = 'admitted', wave = ?, admitted_at = ?::timestamptz
        where run_id = ? and rank in (select rank from recovery_plan where run_id = ? and status = 'queued' order by rank limit ?)
        returning device_id, rank`,
      [input.wave, now.toISOString(), input.runId, input.runId, input.size],
    );
    return admitted.map((r) => r.device_id);
  });
}

/**
 * Gives every waiting device its expected turn and returns only the changed ones (more than half
 * an interval off), so a steady run does not re-notify thousands of devices at every wave.
 */
export async function retimeWaiting(
  em: EntityManager,
  input: AdmitWaveInput,
  now: Date,
  comeBackAtMs: ComeBackAt,
): Promise<ComeBackNotice[]> {
  const waiting = await em.execute<Array<{ device_id: string; rank: number; come_back_at: Date | null }>>(
    "select device_id, rank, come_back_at from recovery_plan where run_id = ? and status = 'queued' order by rank",
    [input.runId],
  );
  if (waiting.length === 0) return [];
  const nextWaveFirstRank = waiting[0].rank;
  const notices: ComeBackNotice[] = [];
  for (const row of waiting) {
    const at = comeBackAtMs({
      nowMs: now.getTime(),
      rank: row.rank,
      nextWaveFirstRank,
      waveSize: input.size,
      waveIntervalMs: input.waveIntervalMs,
    });
    const known = row.come_back_at ? new Date(row.come_back_at).getTime() : null;
    if (known === null || Math.abs(known - at) > input.waveIntervalMs / 2)
      notices.push({ deviceId: row.device_id, at: new Date(at).toISOString() });
  }
  for (let start = 0; start < notices.length; start += UPDATE_BATCH) {
    const batch = notices.slice(start, start + UPDATE_BATCH);
    await em.execute(
      `update recovery_plan rp set come_back_at = v.at::timestamptz from (values ${batch.map(() => '(?, ?)').join(', ')}) as v(device_id, at)
        where rp.run_id = ? and rp.device_id = v.device_id`,
      [...batch.flatMap((n) => [n.deviceId, n.at]), input.runId],
      'run',
    );
  }
  return notices;
}

/** A device of the wave counts as synced once its last sync is at or after its admission. */
export async function syncStatus(em: EntityManager, runId: string, wave: number): Promise<WaveSyncStatus> {
  await em.execute(
    `update recovery_plan rp set status = 'synced', synced_at = d.last_sync_at from devices d
      where rp.run_id = ? and rp.wave = ? and rp.status = 'admitted' and d.id = rp.device_id and d.last_sync_at >= rp.admitted_at`,
    [runId, wave],
    'run',
  );
  const [row] = await em.execute<Array<{ admitted: number; synced: number }>>(
    `select count(*)::int as admitted, count(*) filter (where status = 'synced')::int as synced
       from recovery_plan where run_id = ? and wave = ?`,
    [runId, wave],
  );
  return row;
}

/** The wave's devices, and how many raised at least one conflict since they were admitted. */
export async function waveConflictCounts(
  em: EntityManager,
  runId: string,
  wave: number,
): Promise<{ devices: number; devicesWithConflicts: number }> {
  const [row] = await em.execute<Array<{ devices: number; with_conflicts: number }>>(
    `select count(*)::int as devices,
            count(*) filter (where exists (select 1 from conflicts c where c.device_id = rp.device_id and c.created_at >= rp.admitted_at))::int as with_conflicts
       from recovery_plan rp where rp.run_id = ? and rp.wave = ?`,
    [runId, wave],
  );
  return { devices: row.devices, devicesWithConflicts: row.with_conflicts };
}
