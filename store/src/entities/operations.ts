/** Operations tables: managers' review queue, monitoring alerts, clock-skew flags, recovery plans. */
import { defineEntity } from '@mikro-orm/core';
import { T } from './column-types';

export const ReviewItemEntity = defineEntity({
  name: 'ReviewItemRow',
  tableName: 'review_queue',
  uniques: [{ name: 'review_queue_kind_subject_id_key', properties: ['kind', 'subjectId'] }],
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    kind: p.string().columnType(T.text),
    subjectId: p.string().columnType(T.text),
    status: p.enum(['open', 'done']).default('open'),
    title: p.text(),
    details: p.json<Record<string, unknown>>().columnType(T.jsonb),
    createdAt: p.datetime().columnType(T.timestamptz),
    resolvedAt: p.datetime().columnType(T.timestamptz).nullable(),
    resolvedBy: p.string().columnType(T.text).nullable(),
    /** What the manager decided, in their words (closed from the console). */
    outcome: p.text().nullable(),
  }),
});

export const AlertEntity = defineEntity({
  name: 'AlertRow',
  tableName: 'alerts',
  // One open incident per key: raising every five minutes inserts once (a partial unique index).
  indexes: [
    {
      name: 'alerts_one_open_incident',
      expression: 'create unique index alerts_one_open_incident on alerts (incident_key) where resolved_at is null',
    },
  ],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    incidentKey: p.text(),
    rule: p.text(),
    severity: p.enum(['warning', 'critical']),
    action: p.text(),
    subjectType: p.text(),
    subjectId: p.text(),
    message: p.text(),
    observed: p.json<Record<string, unknown>>().columnType(T.jsonb),
    raisedAt: p.datetime().columnType(T.timestamptz),
    resolvedAt: p.datetime().columnType(T.timestamptz).nullable(),
  }),
});

export const TimestampFlagEntity = defineEntity({
  name: 'TimestampFlagRow',
  tableName: 'timestamp_flags',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    eventId: p.string().columnType(T.text).unique('timestamp_flags_event_id_key'),
    position: p.bigint('string'),
    deviceId: p.string().columnType(T.text).nullable(),
    sequenceNumber: p.integer().nullable(),
    issues: p.json<unknown>().columnType(T.jsonb),
    orderingAffected: p.boolean(),
    status: p.enum(['open', 'reviewed']).default('open'),
    flaggedAt: p.datetime().columnType(T.timestamptz),
    reviewedAt: p.datetime().columnType(T.timestamptz).nullable(),
    reviewedBy: p.string().columnType(T.text).nullable(),
    correctionEventId: p.string().columnType(T.text).nullable(),
    /** What the manager decided, in their words (closed from the console). */
    outcome: p.text().nullable(),
  }),
});

export const RecoveryPlanEntity = defineEntity({
  name: 'RecoveryPlanRow',
  tableName: 'recovery_plan',
  uniques: [{ name: 'recovery_plan_run_id_rank_key', properties: ['runId', 'rank'] }],
  properties: (p) => ({
    runId: p.string().columnType(T.text).primary(),
    deviceId: p.string().columnType(T.text).primary(),
    rank: p.integer(),
    priority: p.boolean(),
    pendingQueueSize: p.integer(),
    status: p.enum(['queued', 'admitted', 'synced']).default('queued'),
    wave: p.integer().nullable(),
    comeBackAt: p.datetime().columnType(T.timestamptz).nullable(),
    admittedAt: p.datetime().columnType(T.timestamptz).nullable(),
    syncedAt: p.datetime().columnType(T.timestamptz).nullable(),
  }),
});
