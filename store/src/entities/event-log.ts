/** The append-only log, its chain head and the per-device submission ledger. */
import { defineEntity } from '@mikro-orm/core';

export const EventLogEntity = defineEntity({
  name: 'EventLogRow',
  tableName: 'event_log',
  properties: (p) => ({
    position: p.bigint('string').primary(),
    eventId: p.string(),
    deviceId: p.string().nullable(),
    sequenceNumber: p.integer().nullable(),
    eventType: p.string(),
    productId: p.string(),
    fromLocation: p.string().nullable(),
    toLocation: p.string().nullable(),
    payload: p.json<Record<string, unknown>>(),
    contentHash: p.text(),
    occurredAt: p.datetime(),
    recordedAt: p.datetime(),
    prevHash: p.text(),
    hash: p.text(),
  }),
});

export const ChainHeadEntity = defineEntity({
  name: 'ChainHeadRow',
  tableName: 'chain_head',
  properties: (p) => ({
    id: p.integer().primary(),
    position: p.bigint('string'),
    hash: p.text(),
  }),
});

export const DeviceSubmissionEntity = defineEntity({
  name: 'DeviceSubmissionRow',
  tableName: 'device_submissions',
  properties: (p) => ({
    deviceId: p.string().primary(),
    sequenceNumber: p.integer().primary(),
    eventId: p.string(),
    contentHash: p.text(),
    outcome: p.string(),
    answer: p.json<Record<string, unknown>>(),
    submittedAt: p.datetime(),
  }),
});
