import { freshDatabase, type FreshDatabase } from '../test-support';
import { GENESIS_HASH } from '../src/config';

describe('freshDatabase', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('creates a migrated database whose chain head is the genesis hash', async () => {
    const rows = await db.orm.em
      .fork()
      .execute<{ position: string; hash: string }[]>('select position, hash from chain_head');
    expect(rows).toEqual([{ position: '0', hash: GENESIS_HASH }]);
  });
});
