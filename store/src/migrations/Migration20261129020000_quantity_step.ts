import { Migration } from '@mikro-orm/migrations';

/**
 * Quantities are exact decimals (domain/src/quantity.ts): no unit allows more than 3 decimals, so
 * a stored on-hand or request amount with more is float noise that got past the domain. The
 * columns stay `numeric` (exact, and the text a reader gets back is unchanged, e.g. '5' not
 * '5.000'); these checks refuse any new write with a finer step. The per-unit scale (whole
 * counts) is the domain's rule and is not repeated here.
 *
 * NOT VALID: rows written before the rule are left alone (the event log is append-only and
 * the projection must equal its fold); `npm run projection:rebuild -- --write` rewrites a
 * noisy on_hand row from the log, after which `validate constraint` would pass.
 */
export class Migration20261129020000QuantityStep extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table on_hand add constraint on_hand_quantity_step check (quantity = round(quantity, 3)) not valid',
    );
    this.addSql(
      'alter table requests add constraint requests_quantity_step check (quantity = round(quantity, 3)) not valid',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table requests drop constraint if exists requests_quantity_step');
    this.addSql('alter table on_hand drop constraint if exists on_hand_quantity_step');
  }
}
