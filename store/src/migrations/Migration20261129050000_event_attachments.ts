import { Migration } from '@mikro-orm/migrations';

/**
 * Photos attached to device events (a count, an adjustment, a damaged-product return). The event
 * carries only { sha256, contentType, size } inside its signed payload; the bytes live here, keyed
 * by their hash, so an upload repeated after a lost answer stores nothing twice. Who sent it first
 * is kept for the console's event view and for audits.
 */
export class Migration20261129050000EventAttachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table event_attachments (
       sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
       content_type text not null,
       size integer not null check (size > 0),
       bytes bytea not null,
       device_id text not null references devices(id),
       uploaded_at timestamptz not null)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists event_attachments');
  }
}
