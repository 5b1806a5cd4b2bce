import { PersonEntity, ProductEntity, LocationEntity, LocationAssignmentEntity } from './reference';
import { DeviceEntity } from './device';
import { EventLogEntity, ChainHeadEntity, DeviceSubmissionEntity } from './event-log';
import { OnHandEntity, RequestEntity } from './projection';
import { ConflictEntity, DisputeEntity, QuarantinedEventEntity } from './conflict';
import { ConsoleAuditEntity, ConsoleCredentialEntity, SyncAttemptEntity } from './console';

export * from './reference';
export * from './device';
export * from './event-log';
export * from './projection';
export * from './conflict';
export * from './console';

export const ALL_ENTITIES = [
  PersonEntity, ProductEntity, LocationEntity, LocationAssignmentEntity, DeviceEntity,
  EventLogEntity, ChainHeadEntity, DeviceSubmissionEntity, OnHandEntity, RequestEntity,
  ConflictEntity, DisputeEntity, QuarantinedEventEntity, ConsoleCredentialEntity, ConsoleAuditEntity, SyncAttemptEntity,
];
