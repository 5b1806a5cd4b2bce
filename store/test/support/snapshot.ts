/** Everything a rejected submission must leave untouched, read as plain rows. */
import { query, type Em } from '../../src';

export async function storeSnapshot(em: Em, deviceId: string) {
  return {
    log: await query(em, 'select count(*)::int as n, max(position)::text as max from event_log'),
    head: await query(em, 'select position::text, hash from chain_head'),
    onHand: await query(
      em,
      'select location_id, product_id, quantity::text, updated_position::text from on_hand order by 1, 2',
    ),
    device: await query<Record<string, unknown>>(em, 'select * from devices where id = $1', [deviceId]),
    submissions: await query<{ n: number }>(
      em,
      'select count(*)::int as n from device_submissions where device_id = $1',
      [deviceId],
    ),
    conflicts: await query(em, 'select count(*)::int as n from conflicts'),
  };
}
