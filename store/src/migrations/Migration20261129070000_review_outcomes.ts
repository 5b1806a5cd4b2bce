import { Migration } from '@mikro-orm/migrations';

/**
 * Review outcomes (added by the console's review-queue engineer): closing a clock-skew flag or a
 * review-queue item in the console records WHO (reviewed_by / resolved_by, already there), WHEN
 * (reviewed_at / resolved_at) and now also WHAT was decided, as the manager's own words.
 * Quarantined events keep theirs in `decision`, disputes in `resolution`.
 */
export class Migration20261129070000ReviewOutcomes extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table timestamp_flags add column outcome text null');
    this.addSql('alter table review_queue add column outcome text null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table timestamp_flags drop column if exists outcome');
    this.addSql('alter table review_queue drop column if exists outcome');
  }
}
