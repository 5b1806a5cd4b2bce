/** The append-only log, its chain head and the per-device submission ledger. */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';
import { DeviceEntity } from './device';

export const EventLogEntity = defineEntity({
  name: 'EventLogRow',
  tableName: 'event_log',
  indexes: [
    { name: 'event_log_from', properties: ['fromLocation', 'productId', 'position'] },
    { name: 'event_log_to', properties: ['toLocation', 'productId', 'position'] },
    // Pulls: each location's next events as one ordered index range (Migration20261129030000_pull_indexes).
    { name: 'event_log_from_position', properties: ['fromLocation', 'position'] },
    { name: 'event_log_to_position', properties: ['toLocation', 'position'] },
  ],
  uniques: [{ name: 'event_log_device_id_sequence_number_key', properties: ['deviceId', 'sequenceNumber'] }],
  properties: (p) => ({
    position: p.bigint('string').primary().autoincrement(),
    eventId: p.string().columnType(T.text).unique('event_log_event_id_key'),
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .nullable()
      .foreignKeyName('event_log_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    sequenceNumber: p.integer().nullable(),
    eventType: p.string().columnType(T.text),
    productId: p.string().columnType(T.text),
    fromLocation: p.string().columnType(T.text).nullable(),
    toLocation: p.string().columnType(T.text).nullable(),
    payload: p.json<Record<string, unknown>>().columnType(T.jsonb),
    contentHash: p.text(),
    occurredAt: p.datetime().columnType(T.timestamptz),
    recordedAt: p.datetime().columnType(T.timestamptz),
    prevHash: p.text(),
    hash: p.text().unique('event_log_hash_key'),
  }),
});

export const ChainHeadEntity = defineEntity({
  name: 'ChainHeadRow',
  tableName: 'chain_head',
  checks: [{ name: 'chain_head_id_check', expression: 'id = 1' }],
  properties: (p) => ({
    id: p.smallint().primary().autoincrement(false),
    position: p.bigint('string'),
    hash: p.text(),
  }),
});

export const DeviceSubmissionEntity = defineEntity({
  name: 'DeviceSubmissionRow',
  tableName: 'device_submissions',
  properties: (p) => ({
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .primary()
      .foreignKeyName('device_submissions_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    sequenceNumber: p.integer().primary(),
    eventId: p.string().columnType(T.text),
    contentHash: p.text(),
    outcome: p.enum(['accepted', 'rejected', 'conflict']),
    answer: p.json<Record<string, unknown>>().columnType(T.jsonb),
    submittedAt: p.datetime().columnType(T.timestamptz),
  }),
});
