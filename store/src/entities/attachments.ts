/** Photo bytes of device events, keyed by the SHA-256 the event's signature covers. */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';
import { DeviceEntity } from './device';

export const EventAttachmentEntity = defineEntity({
  name: 'EventAttachmentRow',
  tableName: 'event_attachments',
  checks: [
    { name: 'event_attachments_sha256_check', expression: "sha256 ~ '^[0-9a-f]{64}$'::text" },
    { name: 'event_attachments_size_check', expression: 'size > 0' },
  ],
  properties: (p) => ({
    sha256: p.string().columnType(T.text).primary(),
    contentType: p.text(),
    size: p.integer(),
    bytes: p.blob().columnType('bytea'),
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .foreignKeyName('event_attachments_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    uploadedAt: p.datetime().columnType(T.timestamptz),
  }),
});
