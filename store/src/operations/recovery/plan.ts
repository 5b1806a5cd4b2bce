/**
 * Triage for one recovery run: load the fleet with what decides its order, rank it with the
 * caller's pure rule (workflows' `rankForRecovery`), store the plan (batched inserts). A second
 * call for the run is a no-op. Set-based SQL: a fleet is thousands of devices in one statement.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HIGH_VALUE_UNIT_CENTS } from '@pco/domain';

export interface PlanRecoveryInput {
  runId: string;
  deviceIds?: string[];
  offlineSince?: string;
}

export interface RecoveryCandidate {
  deviceId: string;
  lastSyncAt: string | null;
  pendingQueueSize: number;
  priority: boolean;
}

export type RankForRecovery = (candidates: RecoveryCandidate[]) => RecoveryCandidate[];

const INSERT_BATCH = 500;

const PRIORITY_PRODUCT = `(p.regulated or p.unit_value_cents >= ${HIGH_VALUE_UNIT_CENTS})`;

/** Priority: open conflicts of the device on priority products, or priority stock at its user's vehicles. */
const CANDIDATES_SQL = `
  select d.id as device_id, d.last_sync_at, coalesce(m.pending_queue_size, 0) as pending_queue_size,
    (exists (select 1 from conflicts c join products p on p.id = c.product_id
              where c.device_id = d.id and c.status = 'open' and ${PRIORITY_PRODUCT})
     or exists (select 1 from location_assignments la
                  join locations l on l.id = la.location_id and l.kind = 'vehicle'
                  join on_hand oh on oh.location_id = la.location_id and oh.quantity > 0
                  join products p on p.id = oh.product_id
                 where la.person_id = d.user_id and ${PRIORITY_PRODUCT})) as priority
  from devices d left join device_metrics m on m.device_id = d.id
  where d.status = 'active'`;

interface CandidateRow {
  device_id: string;
  last_sync_at: Date | null;
  pending_queue_size: number;
  priority: boolean;
}

async function loadCandidates(em: EntityManager, input: PlanRecoveryInput): Promise<RecoveryCandidate[]> {
  let rows: CandidateRow[];
  if (input.deviceIds) {
    rows =
      input.deviceIds.length === 0
        ? []
        : await em.execute<CandidateRow[]>(`${CANDIDATES_SQL} and d.id in (?)`, [input.deviceIds]);
  } else {
    const since = input.offlineSince ?? new Date(8.64e15).toISOString();
    rows = await em.execute<CandidateRow[]>(
      `${CANDIDATES_SQL} and (d.last_sync_at is null or d.last_sync_at < ?::timestamptz)`,
      [since],
    );
  }
  return rows.map((r) => ({
    deviceId: r.device_id,
    lastSyncAt: r.last_sync_at ? new Date(r.last_sync_at).toISOString() : null,
    pendingQueueSize: Number(r.pending_queue_size),
    priority: r.priority,
  }));
}

export async function planRecovery(
  em: EntityManager,
  input: PlanRecoveryInput,
  rankForRecovery: RankForRecovery,
): Promise<{ total: number; priorityDevices: number }> {
  return em.transactional(async (tem) => {
    const existing = await countPlan(tem, input.runId);
    if (existing.total > 0) return existing;
    const ranked = rankForRecovery(await loadCandidates(tem, input));
    for (let start = 0; start < ranked.length; start += INSERT_BATCH) {
      const batch = ranked.slice(start, start + INSERT_BATCH);
      const values = batch.map(() => '(?, ?, ?, ?, ?)').join(', ');
      const params = batch.flatMap((c, i) => [input.runId, c.deviceId, start + i, c.priority, c.pendingQueueSize]);
      await tem.execute(
        `insert into recovery_plan (run_id, device_id, rank, priority, pending_queue_size) values ${values}`,
        params,
        'run',
      );
    }
    return countPlan(tem, input.runId);
  });
}

async function countPlan(em: EntityManager, runId: string): Promise<{ total: number; priorityDevices: number }> {
  const [row] = await em.execute<Array<{ total: number; priority: number }>>(
    'select count(*)::int as total, count(*) filter (where priority)::int as priority from recovery_plan where run_id = ?',
    [runId],
  );
  return { total: row.total, priorityDevices: row.priority };
}
