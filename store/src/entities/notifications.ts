/** The durable device notification outbox (store/src/notifications.ts writes and delivers it). */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';
import { DeviceEntity } from './device';

export const DeviceNotificationEntity = defineEntity({
  name: 'DeviceNotificationRow',
  tableName: 'device_notifications',
  // The gateway's two reads: a device's undelivered rows in order, and "who has any".
  indexes: [
    {
      name: 'device_notifications_undelivered',
      expression:
        'create index device_notifications_undelivered on device_notifications (device_id, id) where delivered_at is null',
    },
  ],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .foreignKeyName('device_notifications_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    kind: p.enum([
      'conflict:notice',
      'conflict:resolved',
      'device:revoked',
      'recovery:admitted',
      'recovery:come-back-at',
      'disconnect',
    ]),
    payload: p.json<Record<string, unknown>>().columnType(T.jsonb),
    dedupeKey: p.string().columnType(T.text).nullable().unique('device_notifications_dedupe_key_key'),
    createdAt: p.datetime().columnType(T.timestamptz),
    deliveredAt: p.datetime().columnType(T.timestamptz).nullable(),
  }),
});
