/**
 * Invariant 2: every projection can be rebuilt from the log and must equal the stored one.
 * Folds the whole log (in pages) with the domain's evolve/foldEvents and compares to on_hand.
 * Quantities are exact decimals on both sides (numeric column, the domain's integer arithmetic), so
 * they compare exactly: a stored value with float noise (written before the quantity rule) shows
 * up as a difference, and `--write` replaces it with the exact fold.
 *
 * Pages through the whole log with keyset SQL: loading it as entities would hold the log in the identity map.
 */
import { emptyOnHand, foldEvents, parseOnHandKey, type OnHand } from '@pco/domain';
import { lockChainHead, readLogPage } from './event-log';
import type { StoreOrm } from './orm';
import { readStoredOnHand } from './projection';
import { type Em, run } from './sql';

const PAGE = 5000;

export interface ProjectionDifference {
  location: string;
  product: string;
  stored: number | null;
  rebuilt: number | null;
}

export async function foldWholeLog(em: Em): Promise<{ onHand: OnHand; headPosition: number }> {
  let state: OnHand = emptyOnHand();
  let after = 0;
  for (;;) {
    const rows = await readLogPage(em, after, PAGE);
    if (rows.length === 0) return { onHand: state, headPosition: after };
    state = foldEvents(
      rows.map((r) => r.payload),
      state,
    );
    after = Number(rows[rows.length - 1].position);
  }
}

export function compareOnHand(stored: OnHand, rebuilt: OnHand): ProjectionDifference[] {
  const keys = [...new Set([...stored.keys(), ...rebuilt.keys()])].sort();
  const differences: ProjectionDifference[] = [];
  for (const key of keys) {
    const s = stored.get(key);
    const r = rebuilt.get(key);
    // A missing row equals zero: an on_hand row at 0 and no row at all say the same.
    if ((s ?? 0) === (r ?? 0)) continue;
    differences.push({ ...parseOnHandKey(key), stored: s ?? null, rebuilt: r ?? null });
  }
  return differences;
}

/** Compares (and with write: replaces) the stored on_hand with the log's fold, under the append lock. */
export async function rebuildProjection(
  orm: StoreOrm,
  opts: { write?: boolean } = {},
): Promise<{ differences: ProjectionDifference[] }> {
  return orm.em.fork().transactional(async (tem) => {
    const em = tem as Em;
    await lockChainHead(em); // no append may slip in between fold and compare
    const { onHand: rebuilt, headPosition } = await foldWholeLog(em);
    const differences = compareOnHand(await readStoredOnHand(em), rebuilt);
    if (opts.write && differences.length > 0) await replaceOnHand(em, rebuilt, headPosition);
    return { differences };
  });
}

async function replaceOnHand(em: Em, state: OnHand, position: number): Promise<void> {
  await run(em, 'delete from on_hand');
  const keys = [...state.keys()].map(parseOnHandKey);
  await run(
    em,
    `insert into on_hand (location_id, product_id, quantity, updated_position)
     select l, p, q, $4 from unnest($1::text[], $2::text[], $3::numeric[]) as t(l, p, q)`,
    [keys.map((k) => k.location), keys.map((k) => k.product), [...state.values()].map(String), position],
  );
}
