/** Verification of the hash chain: each row's prev_hash is the previous row's hash. */
import { GENESIS_HASH } from './config';
import { readLogPage } from './event-log';
import { chainHash } from './hashing';
import type { Em } from './sql';

export interface ChainBreak {
  position: number;
  reason: string;
}

export async function verifyChain(
  em: Em,
  pageSize = 5000,
): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  let previous = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await readLogPage(em, after, pageSize);
    if (rows.length === 0) return { checked, firstBreak: null };
    for (const row of rows) {
      const position = Number(row.position);
      if (row.prev_hash !== previous)
        return { checked, firstBreak: { position, reason: 'prev_hash is not the previous hash' } };
      if (row.hash !== chainHash(row.prev_hash, row.content_hash, position))
        return { checked, firstBreak: { position, reason: 'hash does not match its inputs' } };
      previous = row.hash;
      checked += 1;
    }
    after = Number(rows[rows.length - 1].position);
  }
}
