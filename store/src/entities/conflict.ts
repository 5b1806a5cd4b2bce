/** Conflicts, disputes and quarantined events: human-facing records. */
import { defineEntity } from '@mikro-orm/core';

export const ConflictEntity = defineEntity({
  name: 'ConflictRow',
  tableName: 'conflicts',
  properties: (p) => ({
    id: p.uuid().primary(),
    type: p.string(),
    status: p.string(),
    severity: p.string(),
    deviceId: p.string().nullable(),
    eventId: p.string(),
    sequenceNumber: p.integer().nullable(),
    event: p.json<Record<string, unknown>>(),
    details: p.json<Record<string, unknown>>(),
    locationId: p.string().nullable(),
    productId: p.string().nullable(),
    createdAt: p.datetime(),
    resolvedAt: p.datetime().nullable(),
    resolution: p.json<Record<string, unknown>>().nullable(),
    workflowStarted: p.boolean(),
  }),
});

export const DisputeEntity = defineEntity({
  name: 'DisputeRow',
  tableName: 'disputes',
  properties: (p) => ({
    id: p.string().primary(),
    status: p.string(),
    conflictId: p.uuid().nullable(),
    deviceId: p.string().nullable(),
    openedBy: p.string().nullable(),
    reason: p.text(),
    details: p.json<Record<string, unknown>>().nullable(),
    openedAt: p.datetime(),
    closedAt: p.datetime().nullable(),
    resolution: p.json<Record<string, unknown>>().nullable(),
  }),
});

export const QuarantinedEventEntity = defineEntity({
  name: 'QuarantinedEventRow',
  tableName: 'quarantined_events',
  properties: (p) => ({
    id: p.bigint('string').primary(),
    deviceId: p.string(),
    sequenceNumber: p.integer().nullable(),
    eventId: p.string().nullable(),
    payload: p.json<Record<string, unknown>>(),
    reason: p.text(),
    status: p.string(),
    quarantinedAt: p.datetime(),
    reviewedAt: p.datetime().nullable(),
    reviewedBy: p.string().nullable(),
    decision: p.string().nullable(),
  }),
});
