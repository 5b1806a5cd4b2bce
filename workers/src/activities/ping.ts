/**
 * The first activity: proves worker → PostgreSQL wiring by reading real rows, and reports both
 * clocks so a skewed worker shows up in the Temporal UI.
 */
import type { StoreOrm } from '@pco/store';
import type { PingActivities, PingReading } from '@pco/workflows';

export interface PingDeps {
  orm: StoreOrm;
  now: () => Date;
}

export function createPingActivities(deps: PingDeps): PingActivities {
  return {
    async readPingReading(): Promise<PingReading> {
      // A fork per activity: the global EntityManager is disabled in the store.
      const connection = deps.orm.em.fork().getConnection();
      const [row] = await connection.execute<Array<{ persons: number; database_time: Date }>>(
        'select count(*)::int as persons, now() as database_time from persons',
      );
      return {
        persons: row.persons,
        databaseTime: new Date(row.database_time).toISOString(),
        workerTime: deps.now().toISOString(),
      };
    },
  };
}
