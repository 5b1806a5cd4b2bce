/** What the Prometheus scrapes of gateways and workers read from the database (one query each). */
import type { StoreOrm } from '../../orm';
import { forkEm } from '../../sql';

export async function countOpenConflicts(orm: StoreOrm): Promise<number> {
  const [row] = await forkEm(orm).execute<Array<{ open: number }>>(
    "select count(*)::int as open from conflicts where status = 'open'",
  );
  return row.open;
}
