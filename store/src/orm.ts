/**
 * The one ORM configuration. Callers fork the EntityManager per request/activity
 * (`orm.em.fork()`); the global context is disallowed so a forgotten fork fails loudly.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ALL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { DEFAULT_POOL_MAX, type StoreConfig } from './config';

export type StoreOrm = MikroORM;

export async function createOrm(config: StoreConfig): Promise<StoreOrm> {
  return MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: config.databaseUrl,
    entities: ALL_ENTITIES,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: config.debug ?? false,
    pool: { min: 0, max: config.poolMax ?? DEFAULT_POOL_MAX },
    // Explicit list: works under tsx, jest and bundlers without glob discovery.
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false, silent: true },
  });
}

/** Applies every pending committed migration (never schema:update). Returns the names applied. */
export async function migrateUp(orm: StoreOrm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
