import { onHandKey } from '@pco/domain';
import { chainHash, sha256Hex } from '../src/hashing';
import { compareOnHand } from '../src/rebuild-projection';
import { GENESIS_HASH } from '../src/config';

describe('chainHash', () => {
  it('Given the genesis hash, When hashing content at position 1, Then it is sha256 of "prev|content|position"', () => {
    expect(chainHash(GENESIS_HASH, 'abc', 1)).toBe(sha256Hex(`${GENESIS_HASH}|abc|1`));
    expect(chainHash(GENESIS_HASH, 'abc', 1)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('binds the position: the same content at another position hashes differently', () => {
    expect(chainHash(GENESIS_HASH, 'abc', 1)).not.toBe(chainHash(GENESIS_HASH, 'abc', 2));
  });
});

describe('compareOnHand', () => {
  const key = onHandKey('loc-a', 'prod-x');
  it('treats a missing row as zero', () => {
    expect(compareOnHand(new Map([[key, 0]]), new Map())).toEqual([]);
  });
  it('compares exactly: float noise stored before the quantity rule is a difference, so --write replaces it', () => {
    expect(compareOnHand(new Map([[key, 0.1 + 0.2]]), new Map([[key, 0.3]]))).toEqual([
      { location: 'loc-a', product: 'prod-x', stored: 0.30000000000000004, rebuilt: 0.3 },
    ]);
  });
  it('reports a real difference with both values', () => {
    expect(compareOnHand(new Map([[key, 5]]), new Map([[key, 4]]))).toEqual([
      { location: 'loc-a', product: 'prod-x', stored: 5, rebuilt: 4 },
    ]);
  });
});
