import { Migration } from '@mikro-orm/migrations';

/**
 * Initial schema, hand-written SQL. Hash chain: event_log.hash =
 * sha256(prev_hash || '|' || content_hash || '|' || position), genesis prev_hash = 64 zeros.
 * chain_head holds the current head; appends lock its single row, which serialises them, and
 * assign position = head + 1 (contiguous; the bigserial default is not used by the store).
 */
export class Migration20261126000000Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of UP) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists quarantined_events, disputes, conflicts, requests, on_hand,
      device_submissions, chain_head, event_log, devices, location_assignments, locations, products, persons cascade`);
  }
}

const UP = [
  `create table persons (
     id text primary key,
     name text not null,
     email text not null unique,
     role text not null check (role in ('technician','manager','admin')))`,
  `create table products (
     id text primary key,
     name text not null,
     unit text not null,
     epa_registration_number text null,
     regulated boolean not null,
     unit_value_cents integer not null check (unit_value_cents >= 0),
     active boolean not null default true)`,
  `create table locations (
     id text primary key,
     name text not null,
     kind text not null check (kind in ('warehouse','vehicle','customer_site')),
     status text not null check (status in ('active','inactive')))`,
  `create table location_assignments (
     location_id text not null references locations(id),
     person_id text not null references persons(id),
     primary key (location_id, person_id))`,
  `create index location_assignments_person on location_assignments (person_id)`,
  `create table devices (
     id text primary key,
     user_id text not null references persons(id),
     name text not null,
     status text not null check (status in ('active','suspended','revoked')),
     public_key text not null,
     registered_at timestamptz not null,
     last_sync_at timestamptz null,
     last_accepted_seq integer not null default 0,
     held_by_conflict_id uuid null,
     revoked_at timestamptz null,
     revoked_reason text null)`,
  `create index devices_user on devices (user_id)`,
  `create table event_log (
     position bigserial primary key,
     event_id text not null unique,
     device_id text null references devices(id),
     sequence_number integer null,
     event_type text not null,
     product_id text not null,
     from_location text null,
     to_location text null,
     payload jsonb not null,
     content_hash text not null,
     occurred_at timestamptz not null,
     recorded_at timestamptz not null,
     prev_hash text not null,
     hash text not null unique,
     unique (device_id, sequence_number))`,
  `create index event_log_from on event_log (from_location, product_id, position)`,
  `create index event_log_to on event_log (to_location, product_id, position)`,
  `create table chain_head (
     id smallint primary key check (id = 1),
     position bigint not null,
     hash text not null)`,
  `insert into chain_head (id, position, hash) values (1, 0, '${'0'.repeat(64)}')`,
  `create table device_submissions (
     device_id text not null references devices(id),
     sequence_number integer not null,
     event_id text not null,
     content_hash text not null,
     outcome text not null check (outcome in ('accepted','rejected','conflict')),
     answer jsonb not null,
     submitted_at timestamptz not null,
     primary key (device_id, sequence_number))`,
  `create table on_hand (
     location_id text not null,
     product_id text not null,
     quantity numeric not null,
     updated_position bigint not null,
     primary key (location_id, product_id))`,
  `create table requests (
     id text primary key,
     status text not null,
     product_id text not null,
     quantity numeric not null,
     unit text not null,
     to_location text null,
     from_location text null,
     created_by text not null,
     created_at timestamptz not null,
     decided_at timestamptz null,
     decided_by text null,
     moved boolean not null default false,
     last_position bigint not null)`,
  `create table conflicts (
     id uuid primary key,
     type text not null,
     status text not null check (status in ('open','resolved')),
     severity text not null check (severity in ('info','warning','critical')),
     device_id text null references devices(id),
     event_id text not null,
     sequence_number integer null,
     event jsonb not null,
     details jsonb not null,
     location_id text null,
     product_id text null,
     created_at timestamptz not null,
     resolved_at timestamptz null,
     resolution jsonb null,
     workflow_started boolean not null default false)`,
  `create index conflicts_open on conflicts (status, created_at)`,
  `create table disputes (
     id text primary key,
     status text not null default 'open',
     conflict_id uuid null references conflicts(id),
     device_id text null,
     opened_by text null,
     reason text not null,
     details jsonb null,
     opened_at timestamptz not null,
     closed_at timestamptz null,
     resolution jsonb null)`,
  `create table quarantined_events (
     id bigserial primary key,
     device_id text not null,
     sequence_number integer null,
     event_id text null,
     payload jsonb not null,
     reason text not null,
     status text not null default 'held',
     quarantined_at timestamptz not null,
     reviewed_at timestamptz null,
     reviewed_by text null,
     decision text null)`,
  `create index quarantined_events_device on quarantined_events (device_id, status)`,
];
