/** Conflict severity only rises, and only while the conflict is open: a late timer never downgrades. */
import type { StoreOrm } from '../../orm';
import { forkEm } from '../../sql';

export async function raiseConflictSeverity(
  orm: StoreOrm,
  conflictId: string,
  severity: string,
  lowerSeverities: readonly string[],
): Promise<void> {
  if (lowerSeverities.length === 0) return;
  // MikroORM expands an array parameter into a list: `in (?)` becomes `in ('info', 'warning')`.
  await forkEm(orm).execute("update conflicts set severity = ? where id = ? and status = 'open' and severity in (?)", [
    severity,
    conflictId,
    [...lowerSeverities],
  ]);
}
