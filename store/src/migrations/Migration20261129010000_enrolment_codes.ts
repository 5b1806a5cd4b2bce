import { Migration } from '@mikro-orm/migrations';

/**
 * One-time enrolment codes (issue 7.1): a device may register only with a code a manager or admin
 * issued for one person. Only the sha256 of the code is kept (the code is shown once, to the
 * issuer); the row is also the audit record of the issue (who, for whom, when) and of its use.
 * enrolment_attempts records every registration attempt, refused ones included (client address,
 * outcome code, matching code when there is one), for audit. Existing devices are untouched.
 */
export class Migration20261129010000EnrolmentCodes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table enrolment_codes (
       id text primary key,
       code_hash text not null unique,
       person_id text not null references persons(id),
       issued_by text not null references persons(id),
       issued_at timestamptz not null,
       expires_at timestamptz not null,
       used_at timestamptz null,
       used_by_device_id text null references devices(id),
       check (expires_at > issued_at))`);
    this.addSql(`create table enrolment_attempts (
       id bigserial primary key,
       attempted_at timestamptz not null,
       client_address text not null,
       enrolment_code_id text null references enrolment_codes(id),
       outcome text not null,
       device_id text null references devices(id),
       detail text null)`);
    this.addSql(`create index enrolment_attempts_by_time on enrolment_attempts (attempted_at)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists enrolment_attempts, enrolment_codes');
  }
}
