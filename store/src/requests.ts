/**
 * The requests projection: one row per requestId, updated with the domain's evolveRequests so the
 * stored rows and a rebuild agree. Status values: pending | approved | denied | cancelled | fulfilled.
 *
 * Multi-row SQL on the append transaction's connection, written beside the log rows it derives from.
 */
import { evolveRequests, type InventoryEvent, type RequestView, type UnitOfMeasure } from '@pco/domain';
import { type Em, query, queryOne, run, toIso } from './sql';

interface RequestDbRow {
  id: string;
  status: RequestView['status'];
  product_id: string;
  quantity: string;
  unit: UnitOfMeasure;
  to_location: string | null;
  from_location: string | null;
  created_by: string;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  moved: boolean;
  last_position: string;
}

function toView(row: RequestDbRow): RequestView {
  const view: RequestView = {
    id: row.id,
    status: row.status,
    product: row.product_id,
    quantity: { value: Number(row.quantity), unit: row.unit },
    fromLocation: row.from_location,
    toLocation: row.to_location,
    requestedBy: row.created_by,
    createdAt: toIso(row.created_at),
    moved: row.moved,
  };
  if (row.decided_at) view.decidedAt = toIso(row.decided_at);
  if (row.decided_by) view.decidedBy = row.decided_by;
  return view;
}

const requestIdOf = (event: InventoryEvent): string | undefined =>
  'requestId' in event.data ? (event.data as { requestId?: string }).requestId : undefined;

export async function getRequest(em: Em, id: string, opts: { forUpdate?: boolean } = {}): Promise<RequestView | null> {
  const row = await queryOne<RequestDbRow>(
    em,
    `select * from requests where id = $1${opts.forUpdate ? ' for update' : ''}`,
    [id],
  );
  return row ? toView(row) : null;
}

async function writeView(em: Em, v: RequestView, position: number): Promise<void> {
  await run(
    em,
    `insert into requests (id, status, product_id, quantity, unit, to_location, from_location, created_by, created_at,
       decided_at, decided_by, moved, last_position)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (id) do update set status = excluded.status, decided_at = excluded.decided_at,
       decided_by = excluded.decided_by, moved = excluded.moved, last_position = excluded.last_position`,
    [
      v.id,
      v.status,
      v.product,
      v.quantity.value,
      v.quantity.unit,
      v.toLocation,
      v.fromLocation,
      v.requestedBy,
      v.createdAt,
      v.decidedAt ?? null,
      v.decidedBy ?? null,
      v.moved,
      position,
    ],
  );
}

export async function applyEventToRequests(em: Em, event: InventoryEvent, position: number): Promise<void> {
  const id = requestIdOf(event);
  if (id === undefined) return;
  const current = await getRequest(em, id, { forUpdate: true });
  const before = new Map(current ? [[id, current]] : []);
  const after = evolveRequests(before, event).get(id);
  if (after && after !== current) await writeView(em, after, position);
}
