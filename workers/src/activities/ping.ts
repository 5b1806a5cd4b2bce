/**
 * The first activity: proves worker → PostgreSQL wiring by reading real rows, and reports both
 * clocks so a skewed worker shows up in the Temporal UI.
 */
import { readPingRow, type StoreOrm } from '@pco/store';
import type { PingActivities, PingReading } from '@pco/workflows';

export interface PingDeps {
  orm: StoreOrm;
  now: () => Date;
}

export function createPingActivities(deps: PingDeps): PingActivities {
  return {
    async readPingReading(): Promise<PingReading> {
      const row = await readPingRow(deps.orm);
      return {
        persons: row.persons,
        databaseTime: row.databaseTime.toISOString(),
        workerTime: deps.now().toISOString(),
      };
    },
  };
}
