/** Conflicts, disputes and quarantined events: human-facing records. */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';
import { DeviceEntity } from './device';

export const ConflictEntity = defineEntity({
  name: 'ConflictRow',
  tableName: 'conflicts',
  indexes: [{ name: 'conflicts_open', properties: ['status', 'createdAt'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    type: p.string().columnType(T.text),
    status: p.enum(['open', 'resolved']),
    severity: p.enum(['info', 'warning', 'critical']),
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .nullable()
      .foreignKeyName('conflicts_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    eventId: p.string().columnType(T.text),
    sequenceNumber: p.integer().nullable(),
    event: p.json<Record<string, unknown>>().columnType(T.jsonb),
    details: p.json<Record<string, unknown>>().columnType(T.jsonb),
    locationId: p.string().columnType(T.text).nullable(),
    productId: p.string().columnType(T.text).nullable(),
    createdAt: p.datetime().columnType(T.timestamptz),
    resolvedAt: p.datetime().columnType(T.timestamptz).nullable(),
    resolution: p.json<Record<string, unknown>>().columnType(T.jsonb).nullable(),
    workflowStarted: p.boolean().default(false),
  }),
});

export const DisputeEntity = defineEntity({
  name: 'DisputeRow',
  tableName: 'disputes',
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    status: p.string().columnType(T.text).default('open'),
    conflictId: p
      .manyToOne(ConflictEntity)
      .mapToPk()
      .fieldName('conflict_id')
      .columnType(T.uuid)
      .nullable()
      .foreignKeyName('disputes_conflict_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    deviceId: p.string().columnType(T.text).nullable(),
    openedBy: p.string().columnType(T.text).nullable(),
    reason: p.text(),
    details: p.json<Record<string, unknown>>().columnType(T.jsonb).nullable(),
    openedAt: p.datetime().columnType(T.timestamptz),
    closedAt: p.datetime().columnType(T.timestamptz).nullable(),
    resolution: p.json<Record<string, unknown>>().columnType(T.jsonb).nullable(),
  }),
});

export const QuarantinedEventEntity = defineEntity({
  name: 'QuarantinedEventRow',
  tableName: 'quarantined_events',
  indexes: [{ name: 'quarantined_events_device', properties: ['deviceId', 'status'] }],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    deviceId: p.string().columnType(T.text),
    sequenceNumber: p.integer().nullable(),
    eventId: p.string().columnType(T.text).nullable(),
    payload: p.json<Record<string, unknown>>().columnType(T.jsonb),
    reason: p.text(),
    status: p.string().columnType(T.text).default('held'),
    quarantinedAt: p.datetime().columnType(T.timestamptz),
    reviewedAt: p.datetime().columnType(T.timestamptz).nullable(),
    reviewedBy: p.string().columnType(T.text).nullable(),
    decision: p.string().columnType(T.text).nullable(),
  }),
});
