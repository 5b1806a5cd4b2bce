/**
 * Reads of the on_hand projection. It is written by LogWriter in the append transaction, through
 * the domain's evolve, so the stored projection and a rebuild share arithmetic and rounding.
 *
 * SQL reads on the caller's transaction connection, so they see its own uncommitted appends.
 */
import { onHandKey, type OnHand } from '@pco/domain';
import { type Em, query } from './sql';

interface OnHandDbRow {
  location_id: string;
  product_id: string;
  quantity: string;
}

export async function onHandQuantity(em: Em, location: string, product: string): Promise<number> {
  const rows = await query<{ quantity: string }>(
    em,
    'select quantity from on_hand where location_id = $1 and product_id = $2',
    [location, product],
  );
  return rows.length ? Number(rows[0].quantity) : 0;
}

/** The whole stored on_hand projection as a domain OnHand map. */
export async function readStoredOnHand(em: Em): Promise<OnHand> {
  const rows = await query<OnHandDbRow>(em, 'select location_id, product_id, quantity from on_hand');
  return new Map(rows.map((r) => [onHandKey(r.location_id, r.product_id), Number(r.quantity)]));
}
