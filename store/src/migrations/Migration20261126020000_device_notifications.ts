import { Migration } from '@mikro-orm/migrations';

/**
 * The durable device notification outbox (added by the integration engineer). Workers write a
 * row (and `pg_notify('device_notifications', id)` in the same transaction); gateways deliver it
 * to the device's socket and set delivered_at. A device that is offline gets its rows, in id
 * order, when it next connects. dedupe_key lets a retried activity write the same notice once.
 */
export class Migration20261126020000DeviceNotifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table device_notifications (
       id bigserial primary key,
       device_id text not null references devices(id),
       kind text not null check (kind in (
         'conflict:notice', 'conflict:resolved', 'device:revoked', 'recovery:admitted', 'recovery:come-back-at', 'disconnect')),
       payload jsonb not null,
       dedupe_key text null unique,
       created_at timestamptz not null,
       delivered_at timestamptz null)`);
    // The gateway's two reads: a device's undelivered rows in order, and "who has any".
    this.addSql(
      `create index device_notifications_undelivered on device_notifications (device_id, id) where delivered_at is null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists device_notifications');
  }
}
