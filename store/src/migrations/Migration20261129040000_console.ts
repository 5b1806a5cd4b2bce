import { Migration } from '@mikro-orm/migrations';

/**
 * The managers' console (added by the console engineer):
 * - console_credentials: a slow password hash (scrypt, per-user salt) for persons allowed to sign
 *   in. Technicians get no row in practice and are refused by role anyway.
 * - console_audit: one row per console action (who, when, what, on what), written in the same
 *   transaction as the action's own write, or right after a workflow was started or signalled.
 * - sync_attempts: one row per device upload attempt (ok or not, server-side latency), so the
 *   dashboard can show a failure rate over 24 h and sync health over time; device_metrics keeps
 *   only the latest state.
 */
export class Migration20261129040000Console extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table console_credentials (
       person_id text primary key references persons(id),
       password_hash text not null,
       updated_at timestamptz not null)`);
    this.addSql(`create table console_audit (
       id bigserial primary key,
       actor_id text not null references persons(id),
       action text not null,
       target text not null,
       details jsonb not null,
       at timestamptz not null)`);
    this.addSql('create index console_audit_by_time on console_audit (at desc, id desc)');
    this.addSql(`create table sync_attempts (
       id bigserial primary key,
       device_id text not null references devices(id),
       at timestamptz not null,
       succeeded boolean not null,
       latency_ms integer null check (latency_ms >= 0))`);
    this.addSql('create index sync_attempts_by_time on sync_attempts (at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sync_attempts, console_audit, console_credentials');
  }
}
