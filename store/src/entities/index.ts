/**
 * One entity per table: the entities are the schema's description, and
 * store/test/entities-match-schema.int.test.ts proves the migrations build exactly this.
 */
import { PersonEntity, ProductEntity, LocationEntity, LocationAssignmentEntity } from './reference';
import { DeviceEntity, DeviceMetricsEntity, UsedChallengeEntity } from './device';
import { EventLogEntity, ChainHeadEntity, DeviceSubmissionEntity } from './event-log';
import { OnHandEntity, RequestEntity } from './projection';
import { ConflictEntity, DisputeEntity, QuarantinedEventEntity } from './conflict';
import { AlertEntity, RecoveryPlanEntity, ReviewItemEntity, TimestampFlagEntity } from './operations';
import { DeviceNotificationEntity } from './notifications';
import { EnrolmentAttemptEntity, EnrolmentCodeEntity } from './enrolment';
import { EventAttachmentEntity } from './attachments';
import { ConsoleAuditEntity, ConsoleCredentialEntity, ConsoleSessionEntity, SyncAttemptEntity } from './console';

export * from './reference';
export * from './device';
export * from './event-log';
export * from './projection';
export * from './conflict';
export * from './operations';
export * from './notifications';
export * from './enrolment';
export * from './attachments';
export * from './console';

export const ALL_ENTITIES = [
  PersonEntity,
  ProductEntity,
  LocationEntity,
  LocationAssignmentEntity,
  DeviceEntity,
  DeviceMetricsEntity,
  EventLogEntity,
  ChainHeadEntity,
  DeviceSubmissionEntity,
  OnHandEntity,
  RequestEntity,
  ConflictEntity,
  DisputeEntity,
  QuarantinedEventEntity,
  ReviewItemEntity,
  AlertEntity,
  TimestampFlagEntity,
  RecoveryPlanEntity,
  DeviceNotificationEntity,
  EnrolmentCodeEntity,
  EnrolmentAttemptEntity,
  EventAttachmentEntity,
  ConsoleCredentialEntity,
  ConsoleAuditEntity,
  SyncAttemptEntity,
  UsedChallengeEntity,
  ConsoleSessionEntity,
];
