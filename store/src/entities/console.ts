/** The managers' console: sign-in credentials, the audit trail of its actions, and sync attempts for its charts. */
import { defineEntity } from '@mikro-orm/core';

export const ConsoleCredentialEntity = defineEntity({
  name: 'ConsoleCredentialRow',
  tableName: 'console_credentials',
  properties: (p) => ({
    personId: p.string().primary(),
    passwordHash: p.text(),
    updatedAt: p.datetime(),
  }),
});

export const ConsoleAuditEntity = defineEntity({
  name: 'ConsoleAuditRow',
  tableName: 'console_audit',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    actorId: p.string(),
    action: p.string(),
    target: p.text(),
    details: p.json<Record<string, unknown>>(),
    at: p.datetime(),
  }),
});

export const SyncAttemptEntity = defineEntity({
  name: 'SyncAttemptRow',
  tableName: 'sync_attempts',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    deviceId: p.string(),
    at: p.datetime(),
    succeeded: p.boolean(),
    latencyMs: p.integer().nullable(),
  }),
});
