import { Migration } from '@mikro-orm/migrations';

/**
 * Each device's own hash chain (signature version 2): the server keeps the hash of the canonical
 * signed bytes of the device's last event that consumed a sequence number, so the first event of
 * the next batch can be checked against it. Null until the device's first version-2 event
 * (new devices, and devices whose history was signed under the old rule).
 */
export class Migration20261129080000DeviceChainHead extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table devices add column chain_head_hash text null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table devices drop column if exists chain_head_hash');
  }
}
