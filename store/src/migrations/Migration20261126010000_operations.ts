import { Migration } from '@mikro-orm/migrations';

/**
 * Operations tables (added by the operations-workflow engineer): the managers' review queue,
 * device health metrics reported at sync, monitoring alerts (one open incident per key),
 * clock-skew flags, and the mass-recovery plan (one row per device per run, so a run over
 * thousands of devices keeps its state here instead of in workflow history).
 */
export class Migration20261126010000Operations extends Migration {
  override async up(): Promise<void> {
    for (const statement of UP) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists recovery_plan, timestamp_flags, alerts, device_metrics, review_queue cascade`);
  }
}

const UP = [
  `create table review_queue (
     id text primary key,
     kind text not null,
     subject_id text not null,
     status text not null default 'open' check (status in ('open','done')),
     title text not null,
     details jsonb not null,
     created_at timestamptz not null,
     resolved_at timestamptz null,
     resolved_by text null,
     unique (kind, subject_id))`,
  `create table device_metrics (
     device_id text primary key references devices(id),
     pending_queue_size integer not null default 0 check (pending_queue_size >= 0),
     oldest_pending_at timestamptz null,
     consecutive_sync_failures integer not null default 0 check (consecutive_sync_failures >= 0),
     last_failure_at timestamptz null,
     reported_at timestamptz not null)`,
  `create table alerts (
     id bigserial primary key,
     incident_key text not null,
     rule text not null,
     severity text not null check (severity in ('warning','critical')),
     action text not null,
     subject_type text not null,
     subject_id text not null,
     message text not null,
     observed jsonb not null,
     raised_at timestamptz not null,
     resolved_at timestamptz null)`,
  `create unique index alerts_one_open_incident on alerts (incident_key) where resolved_at is null`,
  `create table timestamp_flags (
     id bigserial primary key,
     event_id text not null unique,
     position bigint not null,
     device_id text null,
     sequence_number integer null,
     issues jsonb not null,
     ordering_affected boolean not null,
     status text not null default 'open' check (status in ('open','reviewed')),
     flagged_at timestamptz not null,
     reviewed_at timestamptz null,
     reviewed_by text null,
     correction_event_id text null)`,
  `create table recovery_plan (
     run_id text not null,
     device_id text not null,
     rank integer not null,
     priority boolean not null,
     pending_queue_size integer not null,
     status text not null default 'queued' check (status in ('queued','admitted','synced')),
     wave integer null,
     come_back_at timestamptz null,
     admitted_at timestamptz null,
     synced_at timestamptz null,
     primary key (run_id, device_id),
     unique (run_id, rank))`,
];
