/**
 * Stock on hand by location and product, now (the on_hand projection) or as of a chosen moment:
 * the domain's projection folded over the log as it stood then, i.e. every event RECORDED at or
 * before that moment, in log order. (Recorded, not claimed: an offline event claiming an earlier
 * time was not known to the company before it synced, and folding by claim would make a past
 * answer change when a late event arrives.)
 *
 * SQL: the "as of" fold streams payloads by position range; the current view goes through the ORM.
 */
import {
  emptyOnHand,
  foldEvents,
  parseOnHandKey,
  normaliseQuantity,
  type InventoryEvent,
  type OnHand,
} from '@pco/domain';
import { LocationEntity, OnHandEntity, ProductEntity } from '../entities';
import { type Em, query } from '../sql';

export interface OnHandFilter {
  locationId?: string;
  productId?: string;
}

export interface OnHandLine {
  locationId: string;
  locationName: string;
  productId: string;
  productName: string;
  unit: string;
  quantity: number;
}

const FOLD_PAGE = 5000;

/** The log folded up to the last position recorded at or before `at`. */
export async function foldLogAsOf(em: Em, at: Date): Promise<{ onHand: OnHand; throughPosition: number }> {
  const last = await query<{ p: string | null }>(
    em,
    'select max(position) as p from event_log where recorded_at <= $1',
    [at],
  );
  const through = Number(last[0]?.p ?? 0);
  let state: OnHand = emptyOnHand();
  let after = 0;
  while (after < through) {
    const rows = await query<{ position: string; payload: InventoryEvent }>(
      em,
      'select position, payload from event_log where position > $1 and position <= $2 order by position limit $3',
      [after, through, FOLD_PAGE],
    );
    if (rows.length === 0) break;
    state = foldEvents(
      rows.map((r) => r.payload),
      state,
    );
    after = Number(rows[rows.length - 1].position);
  }
  return { onHand: state, throughPosition: through };
}

async function names(
  em: Em,
): Promise<{ products: Map<string, { name: string; unit: string }>; locations: Map<string, string> }> {
  const [products, locations] = await Promise.all([em.find(ProductEntity, {}), em.find(LocationEntity, {})]);
  return {
    products: new Map(products.map((p) => [p.id, { name: p.name, unit: p.unit }])),
    locations: new Map(locations.map((l) => [l.id, l.name])),
  };
}

/**
 * Lines (non-zero quantities) matching the filter, ordered by location then product, one page.
 * `at` omitted ⇒ now (the stored projection, which the rebuild check keeps equal to the fold).
 */
export async function listOnHandPage(
  em: Em,
  filter: OnHandFilter & { at?: Date },
  page: { limit: number; offset: number },
): Promise<{ rows: OnHandLine[]; total: number; throughPosition: number | null }> {
  let quantities: Array<{ locationId: string; productId: string; quantity: number }>;
  let throughPosition: number | null = null;
  if (filter.at) {
    const folded = await foldLogAsOf(em, filter.at);
    throughPosition = folded.throughPosition;
    quantities = [...folded.onHand]
      .map(([key, quantity]) => ({ ...parseOnHandKey(key), quantity }))
      .map((q) => ({ locationId: q.location, productId: q.product, quantity: q.quantity }));
  } else {
    const where = {
      ...(filter.locationId ? { locationId: filter.locationId } : {}),
      ...(filter.productId ? { productId: filter.productId } : {}),
    };
    const rows = await em.find(OnHandEntity, where);
    quantities = rows.map((r) => ({ locationId: r.locationId, productId: r.productId, quantity: Number(r.quantity) }));
  }
  const { products, locations } = await names(em);
  const lines = quantities
    .filter((q) => normaliseQuantity(q.quantity) !== 0)
    .filter(
      (q) =>
        (!filter.locationId || q.locationId === filter.locationId) &&
        (!filter.productId || q.productId === filter.productId),
    )
    .map((q) => ({
      locationId: q.locationId,
      locationName: locations.get(q.locationId) ?? q.locationId,
      productId: q.productId,
      productName: products.get(q.productId)?.name ?? q.productId,
      unit: products.get(q.productId)?.unit ?? '',
      quantity: normaliseQuantity(q.quantity),
    }))
    .sort(
      (a, b) =>
        a.locationName.localeCompare(b.locationName) ||
        a.locationId.localeCompare(b.locationId) ||
        a.productName.localeCompare(b.productName),
    );
  return { rows: lines.slice(page.offset, page.offset + page.limit), total: lines.length, throughPosition };
}

export interface NamedOption {
  id: string;
  name: string;
}

/** Products and locations for filter drop-downs, by name. */
export async function listFilterOptions(em: Em): Promise<{ products: NamedOption[]; locations: NamedOption[] }> {
  const [products, locations] = await Promise.all([
    em.find(ProductEntity, {}, { orderBy: { name: 'asc' } }),
    em.find(LocationEntity, {}, { orderBy: { name: 'asc' } }),
  ]);
  return {
    products: products.map((p) => ({ id: p.id, name: p.name })),
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
  };
}
