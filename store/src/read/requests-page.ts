/**
 * Technicians' stock requests for the console: a paginated list with names, and one request's
 * history (every logged event carrying its requestId, in log order) so the console can show which
 * approve/cancel race rule decided its current state.
 *
 * SQL: a page with its names joined, and a jsonb lookup of the log by requestId.
 */
import type { InventoryEvent, RequestStatus } from '@pco/domain';
import { type Em, query, queryOne, toIso } from '../sql';

export const REQUEST_STATUSES: RequestStatus[] = ['pending', 'approved', 'denied', 'cancelled', 'fulfilled'];

export interface RequestRow {
  id: string;
  status: RequestStatus;
  productId: string;
  productName: string | null;
  quantity: number;
  unit: string;
  fromLocation: string | null;
  toLocation: string | null;
  toLocationName: string | null;
  requestedBy: string;
  requestedByName: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  moved: boolean;
  /** REQUEST_STATE_RACE conflicts recorded for this request (a superseded decision). */
  raceConflicts: number;
}

interface RequestDbRow {
  id: string;
  status: RequestStatus;
  product_id: string;
  product_name: string | null;
  quantity: string;
  unit: string;
  from_location: string | null;
  to_location: string | null;
  to_location_name: string | null;
  created_by: string;
  created_by_name: string | null;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  moved: boolean;
  race_conflicts: string;
}

const SELECT = `select r.*, p.name as product_name, l.name as to_location_name, c.name as created_by_name, d.name as decided_by_name,
    (select count(*) from conflicts k where k.type = 'REQUEST_STATE_RACE' and k.event->'data'->>'requestId' = r.id) as race_conflicts
  from requests r left join products p on p.id = r.product_id left join locations l on l.id = r.to_location
  left join persons c on c.id = r.created_by left join persons d on d.id = r.decided_by`;

const toRow = (r: RequestDbRow): RequestRow => ({
  id: r.id,
  status: r.status,
  productId: r.product_id,
  productName: r.product_name,
  quantity: Number(r.quantity),
  unit: r.unit,
  fromLocation: r.from_location,
  toLocation: r.to_location,
  toLocationName: r.to_location_name,
  requestedBy: r.created_by,
  requestedByName: r.created_by_name,
  createdAt: toIso(r.created_at),
  decidedAt: r.decided_at ? toIso(r.decided_at) : null,
  decidedBy: r.decided_by,
  decidedByName: r.decided_by_name,
  moved: r.moved,
  raceConflicts: Number(r.race_conflicts),
});

export async function listRequestsPage(
  em: Em,
  filter: { status?: RequestStatus },
  page: { limit: number; offset: number },
): Promise<{ rows: RequestRow[]; total: number }> {
  const rows = await query<RequestDbRow>(
    em,
    `${SELECT} where ($1::text is null or r.status = $1)
    order by (r.status = 'pending') desc, r.created_at desc, r.id limit $2 offset $3`,
    [filter.status ?? null, page.limit, page.offset],
  );
  const total = await queryOne<{ n: string }>(
    em,
    'select count(*) as n from requests where ($1::text is null or status = $1)',
    [filter.status ?? null],
  );
  return { rows: rows.map(toRow), total: Number(total?.n ?? 0) };
}

export async function readRequestRow(em: Em, id: string): Promise<RequestRow | null> {
  const row = await queryOne<RequestDbRow>(em, `${SELECT} where r.id = $1`, [id]);
  return row ? toRow(row) : null;
}

export interface RequestHistoryEntry {
  position: number;
  recordedAt: string;
  event: InventoryEvent;
}

/** Every logged event of one request, in log order (the order the gateway decided them in). */
export async function readRequestHistory(em: Em, requestId: string): Promise<RequestHistoryEntry[]> {
  const rows = await query<{ position: string; recorded_at: Date; payload: InventoryEvent }>(
    em,
    `select position, recorded_at, payload from event_log where payload->'data'->>'requestId' = $1 order by position`,
    [requestId],
  );
  return rows.map((r) => ({ position: Number(r.position), recordedAt: toIso(r.recorded_at), event: r.payload }));
}
