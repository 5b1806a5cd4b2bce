/** Registered devices and the health metrics they report at sync. */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';
import { PersonEntity } from './reference';

export const DeviceEntity = defineEntity({
  name: 'DeviceRow',
  tableName: 'devices',
  indexes: [{ name: 'devices_user', properties: ['userId'] }],
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    userId: p
      .manyToOne(PersonEntity)
      .mapToPk()
      .fieldName('user_id')
      .columnType(T.text)
      .foreignKeyName('devices_user_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    name: p.string().columnType(T.text),
    status: p.enum(['active', 'suspended', 'revoked']),
    publicKey: p.text(),
    registeredAt: p.datetime().columnType(T.timestamptz),
    lastSyncAt: p.datetime().columnType(T.timestamptz).nullable(),
    lastAcceptedSeq: p.integer().default(0),
    heldByConflictId: p.uuid().nullable(),
    /** Hash of the device's last sequenced version-2 event (its signed bytes); null before its first. */
    chainHeadHash: p.text().nullable(),
    revokedAt: p.datetime().columnType(T.timestamptz).nullable(),
    revokedReason: p.text().nullable(),
  }),
});

export const DeviceMetricsEntity = defineEntity({
  name: 'DeviceMetricsRow',
  tableName: 'device_metrics',
  checks: [
    { name: 'device_metrics_consecutive_sync_failures_check', expression: 'consecutive_sync_failures >= 0' },
    { name: 'device_metrics_pending_queue_size_check', expression: 'pending_queue_size >= 0' },
  ],
  properties: (p) => ({
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .primary()
      .foreignKeyName('device_metrics_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    pendingQueueSize: p.integer().default(0),
    oldestPendingAt: p.datetime().columnType(T.timestamptz).nullable(),
    consecutiveSyncFailures: p.integer().default(0),
    lastFailureAt: p.datetime().columnType(T.timestamptz).nullable(),
    reportedAt: p.datetime().columnType(T.timestamptz),
  }),
});

/** Answered handshake challenges, shared by the gateways (single use across all of them), until they expire. */
export const UsedChallengeEntity = defineEntity({
  name: 'UsedChallengeRow',
  tableName: 'used_challenges',
  indexes: [{ name: 'used_challenges_expiry', properties: ['expiresAt'] }],
  properties: (p) => ({
    challenge: p.string().columnType(T.text).primary(),
    deviceId: p.string().columnType(T.text),
    expiresAt: p.datetime().columnType(T.timestamptz),
  }),
});
