/** The catalogue facts a logical backup and restore need: tables, their foreign keys, their sequences. */
import { query, run, type Em } from '../../sql';

/** MikroORM's record of applied migrations; restored like any other table. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Every ordinary table of the public schema, by name. */
export async function listPublicTables(em: Em): Promise<string[]> {
  const rows = await query<{ name: string }>(
    em,
    `select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  return rows.map((r) => r.name);
}

/**
 * `tables` ordered so a table comes after every table its foreign keys name: rows inserted in
 * this order never point at a row that is not there yet. A cycle is refused (the schema has none).
 */
export async function parentsFirst(em: Em, tables: readonly string[]): Promise<string[]> {
  const edges = await query<{ child: string; parent: string }>(
    em,
    `select c.relname as child, p.relname as parent
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges) if (parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error('the foreign keys between the tables form a cycle');
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

/** Moves every sequence a column of these tables draws from past the largest value restored. */
export async function resetSequences(em: Em, tables: readonly string[]): Promise<void> {
  const columns = await query<{ table_name: string; column_name: string; sequence: string }>(
    em,
    `select table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
       from information_schema.columns
      where table_schema = 'public' and table_name = any($1::text[])
        and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`,
    [tables],
  );
  for (const c of columns)
    await run(
      em,
      `select setval($1, coalesce((select max(${quoteIdent(c.column_name)}) from ${quoteIdent(c.table_name)}), 1),
                     (select count(*) > 0 from ${quoteIdent(c.table_name)}))`,
      [c.sequence],
    );
}

export { quoteIdent };
