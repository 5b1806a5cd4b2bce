import { Migration } from '@mikro-orm/migrations';

/**
 * Pulls read "events of these locations after a position, in position order". The only indexes
 * on locations led with (location, product), so the pull walked the log by position and filtered
 * every row: a technician whose truck is one row in ten thousand read the whole log for each page.
 * With (location, position) each location's next events are one ordered index range.
 */
export class Migration20261129030000PullIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index event_log_from_position on event_log (from_location, position)');
    this.addSql('create index event_log_to_position on event_log (to_location, position)');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists event_log_from_position');
    this.addSql('drop index if exists event_log_to_position');
  }
}
