import { Migration20261126000000Initial } from './Migration20261126000000_initial';
import { Migration20261126010000Operations } from './Migration20261126010000_operations';

/** Every migration, in order. New migrations are appended here by hand. */
export const MIGRATIONS = [
  { name: 'Migration20261126000000_initial', class: Migration20261126000000Initial },
  { name: 'Migration20261126010000_operations', class: Migration20261126010000Operations },
];
