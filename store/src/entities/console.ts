/** The managers' console: sign-in credentials, the audit trail of its actions, and sync attempts for its charts. */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';
import { DeviceEntity } from './device';
import { PersonEntity } from './reference';

export const ConsoleCredentialEntity = defineEntity({
  name: 'ConsoleCredentialRow',
  tableName: 'console_credentials',
  properties: (p) => ({
    personId: p
      .manyToOne(PersonEntity)
      .mapToPk()
      .fieldName('person_id')
      .columnType(T.text)
      .primary()
      .foreignKeyName('console_credentials_person_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    passwordHash: p.text(),
    updatedAt: p.datetime().columnType(T.timestamptz),
  }),
});

export const ConsoleAuditEntity = defineEntity({
  name: 'ConsoleAuditRow',
  tableName: 'console_audit',
  // Newest first is how the audit is read (a descending index: written as the migration writes it).
  indexes: [
    {
      name: 'console_audit_by_time',
      expression: 'create index console_audit_by_time on console_audit (at desc, id desc)',
    },
  ],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    actorId: p
      .manyToOne(PersonEntity)
      .mapToPk()
      .fieldName('actor_id')
      .columnType(T.text)
      .foreignKeyName('console_audit_actor_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    action: p.text(),
    target: p.text(),
    details: p.json<Record<string, unknown>>().columnType(T.jsonb),
    at: p.datetime().columnType(T.timestamptz),
  }),
});

export const SyncAttemptEntity = defineEntity({
  name: 'SyncAttemptRow',
  tableName: 'sync_attempts',
  indexes: [{ name: 'sync_attempts_by_time', properties: ['at'] }],
  checks: [{ name: 'sync_attempts_latency_ms_check', expression: 'latency_ms >= 0' }],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .foreignKeyName('sync_attempts_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    at: p.datetime().columnType(T.timestamptz),
    succeeded: p.boolean(),
    latencyMs: p.integer().nullable(),
  }),
});

/** A signed-in console session: the cookie holds a random token, this row (by the token's sha256) holds the session. */
export const ConsoleSessionEntity = defineEntity({
  name: 'ConsoleSessionRow',
  tableName: 'console_sessions',
  indexes: [{ name: 'console_sessions_expiry', properties: ['expiresAt'] }],
  properties: (p) => ({
    tokenHash: p.string().columnType(T.text).primary(),
    data: p.json<Record<string, unknown>>().columnType(T.jsonb),
    createdAt: p.datetime().columnType(T.timestamptz),
    expiresAt: p.datetime().columnType(T.timestamptz),
  }),
});
