/**
 * The entities are the one description of the schema: on a freshly migrated database, MikroORM's
 * schema generator must find nothing to change. A migration without its entity change (or an
 * entity change without its migration) fails here.
 */
import { freshDatabase, type FreshDatabase } from '../test-support';
import { ALL_ENTITIES } from '../src';

let db: FreshDatabase;

beforeAll(async () => {
  db = await freshDatabase({ poolMax: 2 });
});

afterAll(async () => {
  await db.drop();
});

describe('entities and migrations', () => {
  test('every table of the migrations has an entity', async () => {
    const tables = await db.orm.em
      .fork()
      .execute<Array<{ table_name: string }>>(
        "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'mikro_orm_migrations' order by table_name",
      );
    const mapped = new Set(ALL_ENTITIES.map((entity) => db.orm.getMetadata().get(entity.meta.className).tableName));
    expect(tables.map((t) => t.table_name).filter((name) => !mapped.has(name))).toEqual([]);
  });

  test('the schema generator finds no difference between entities and the migrated database', async () => {
    const diff = await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    expect(diff.trim()).toBe('');
  });
});
