import { Migration } from '@mikro-orm/migrations';

/**
 * Validates the quantity-step checks of Migration20261129020000 wherever no stored row breaks
 * them (every database created since the rule, and any repaired with
 * `npm run projection:rebuild -- --write`). A database that still holds float noise from before
 * the rule keeps the check NOT VALID — new writes are refused either way — instead of failing
 * its migration; running this statement again after the repair validates it.
 * Validated is also what the entities describe (store/test/entities-match-schema.int.test.ts).
 */
export class Migration20261129020100ValidateQuantityStep extends Migration {
  override async up(): Promise<void> {
    for (const [table, constraint] of [
      ['on_hand', 'on_hand_quantity_step'],
      ['requests', 'requests_quantity_step'],
    ]) {
      this.addSql(`do $$ begin
        if not exists (select 1 from ${table} where quantity <> round(quantity, 3)) then
          alter table ${table} validate constraint ${constraint};
        end if;
      end $$`);
    }
  }

  override async down(): Promise<void> {
    // A validated check cannot be made NOT VALID again; the previous migration's down drops it.
  }
}
