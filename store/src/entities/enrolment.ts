/** One-time enrolment codes (only their hash) and every registration attempt, for audit. */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';
import { DeviceEntity } from './device';
import { PersonEntity } from './reference';

export const EnrolmentCodeEntity = defineEntity({
  name: 'EnrolmentCodeRow',
  tableName: 'enrolment_codes',
  checks: [{ name: 'enrolment_codes_check', expression: 'expires_at > issued_at' }],
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    codeHash: p.string().columnType(T.text).unique('enrolment_codes_code_hash_key'),
    personId: p
      .manyToOne(PersonEntity)
      .mapToPk()
      .fieldName('person_id')
      .columnType(T.text)
      .foreignKeyName('enrolment_codes_person_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    issuedBy: p
      .manyToOne(PersonEntity)
      .mapToPk()
      .fieldName('issued_by')
      .columnType(T.text)
      .foreignKeyName('enrolment_codes_issued_by_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    issuedAt: p.datetime().columnType(T.timestamptz),
    expiresAt: p.datetime().columnType(T.timestamptz),
    usedAt: p.datetime().columnType(T.timestamptz).nullable(),
    usedByDeviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('used_by_device_id')
      .columnType(T.text)
      .nullable()
      .foreignKeyName('enrolment_codes_used_by_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
  }),
});

export const EnrolmentAttemptEntity = defineEntity({
  name: 'EnrolmentAttemptRow',
  tableName: 'enrolment_attempts',
  indexes: [{ name: 'enrolment_attempts_by_time', properties: ['attemptedAt'] }],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    attemptedAt: p.datetime().columnType(T.timestamptz),
    clientAddress: p.text(),
    enrolmentCodeId: p
      .manyToOne(EnrolmentCodeEntity)
      .mapToPk()
      .fieldName('enrolment_code_id')
      .columnType(T.text)
      .nullable()
      .foreignKeyName('enrolment_attempts_enrolment_code_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    outcome: p.text(),
    deviceId: p
      .manyToOne(DeviceEntity)
      .mapToPk()
      .fieldName('device_id')
      .columnType(T.text)
      .nullable()
      .foreignKeyName('enrolment_attempts_device_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    detail: p.text().nullable(),
  }),
});
