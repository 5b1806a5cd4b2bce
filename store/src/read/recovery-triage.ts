/**
 * The mass-recovery triage preview: the devices a run would plan, in the order it would admit
 * them (the same order as the workflows' rankForRecovery: priority — regulated or high-value
 * stock at the user's vehicles, or an open conflict on such a product — then the largest queue,
 * then the longest offline), with the regulated products each one's user holds.
 *
 * SQL: the ranking joins devices, metrics, stock and conflicts for the whole fleet in one statement.
 */
import { HIGH_VALUE_UNIT_CENTS } from '@pco/domain';
import { type Em, query, queryOne, toIso } from '../sql';

const PRIORITY_PRODUCT = `(p.regulated or p.unit_value_cents >= ${HIGH_VALUE_UNIT_CENTS})`;

const CANDIDATES = `
  select d.id, d.name, d.user_id, pe.name as user_name, d.last_sync_at, coalesce(m.pending_queue_size, 0) as pending_queue_size,
    (exists (select 1 from conflicts c join products p on p.id = c.product_id where c.device_id = d.id and c.status = 'open' and ${PRIORITY_PRODUCT})
     or exists (select 1 from location_assignments la join locations l on l.id = la.location_id and l.kind = 'vehicle'
                  join on_hand oh on oh.location_id = la.location_id and oh.quantity > 0 join products p on p.id = oh.product_id
                 where la.person_id = d.user_id and ${PRIORITY_PRODUCT})) as priority,
    coalesce((select array_agg(distinct p.name order by p.name) from location_assignments la
                join locations l on l.id = la.location_id and l.kind = 'vehicle'
                join on_hand oh on oh.location_id = la.location_id and oh.quantity > 0 join products p on p.id = oh.product_id
               where la.person_id = d.user_id and p.regulated), '{}') as regulated_held
  from devices d left join device_metrics m on m.device_id = d.id left join persons pe on pe.id = d.user_id
  where d.status = 'active' and ($1::timestamptz is null or d.last_sync_at is null or d.last_sync_at < $1)`;

export interface TriageRow {
  deviceId: string;
  name: string;
  userName: string | null;
  lastSyncAt: string | null;
  pendingQueueSize: number;
  priority: boolean;
  regulatedHeld: string[];
}

export async function readRecoveryTriage(
  em: Em,
  filter: { offlineSince?: Date },
  page: { limit: number; offset: number },
): Promise<{ rows: TriageRow[]; total: number; priorityDevices: number; pendingEvents: number }> {
  const since = filter.offlineSince ?? null;
  const rows = await query<{
    id: string;
    name: string;
    user_name: string | null;
    last_sync_at: Date | null;
    pending_queue_size: number;
    priority: boolean;
    regulated_held: string[];
  }>(
    em,
    `select * from (${CANDIDATES}) c order by c.priority desc, c.pending_queue_size desc, c.last_sync_at asc nulls first, c.id limit $2 offset $3`,
    [since, page.limit, page.offset],
  );
  const totals = await queryOne<{ total: string; priority: string; pending: string }>(
    em,
    `select count(*) as total, count(*) filter (where c.priority) as priority, coalesce(sum(c.pending_queue_size), 0) as pending from (${CANDIDATES}) c`,
    [since],
  );
  return {
    rows: rows.map((r) => ({
      deviceId: r.id,
      name: r.name,
      userName: r.user_name,
      lastSyncAt: r.last_sync_at ? toIso(r.last_sync_at) : null,
      pendingQueueSize: Number(r.pending_queue_size),
      priority: r.priority,
      regulatedHeld: r.regulated_held,
    })),
    total: Number(totals?.total ?? 0),
    priorityDevices: Number(totals?.priority ?? 0),
    pendingEvents: Number(totals?.pending ?? 0),
  };
}
