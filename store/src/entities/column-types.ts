/**
 * The migrations are hand-written SQL (text columns, no varchar lengths, Postgres' default
 * no-action foreign keys); these constants let the entities say the same thing, so the schema
 * generator sees no difference (store/test/entities-match-schema.int.test.ts).
 */
export const T = {
  text: 'text',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
  numeric: 'numeric',
  bigint: 'bigint',
  uuid: 'uuid',
} as const;
export const FK = { noAction: 'no action' } as const;
