/** @pco/store: PostgreSQL through MikroORM — event log, projections, device submissions. */
export * from './config';
export { createOrm, migrateUp, type StoreOrm } from './orm';
export { query, queryOne, run, type Em } from './sql';
export * from './entities';
export {
  appendEvent,
  headHash,
  LogWriter,
  lockChainHead,
  positionOfHash,
  readChainHead,
  toRecordedEvent,
  type AppendOptions,
  type ChainHead,
} from './event-log';
export { chainHash, contentHashOf, sha256Hex } from './hashing';
export { verifyChain, type ChainBreak } from './chain';
export { onHandQuantity, readStoredOnHand } from './projection';
export { getRequest } from './requests';
export { submitBatch, type SubmitBatchInput, type SubmitBatchResult } from './submit-batch';
export { submitGroup, type GroupOutcome, type SubmitGroupOptions } from './submit-group';
export { appendServerEvent, appendServerEventIn } from './server-events';
export { pullEvents, type PullInput } from './pull';
export {
  acknowledgeLostSequences,
  acknowledgeLostSequencesIn,
  MAX_LOST_SEQUENCES,
  type AcknowledgeLostSequencesInput,
  type LostSequencesAcknowledged,
} from './lost-sequences';
export * from './devices';
export { claimChallenge, type ChallengeClaim } from './used-challenges';
export * from './reference-data';
export * from './conflicts';
export { rebuildProjection, compareOnHand, foldWholeLog, type ProjectionDifference } from './rebuild-projection';
export {
  DEFAULT_ENROLMENT_CODE_TTL_MS,
  MAX_ENROLMENT_CODE_TTL_MS,
  MIN_ENROLMENT_CODE_TTL_MS,
  enrolDevice,
  enrolmentCodeHash,
  issueEnrolmentCode,
  issueEnrolmentCodeIn,
  normaliseEnrolmentCode,
  recordEnrolmentAttempt,
  type EnrolDeviceInput,
  type EnrolmentAttempt,
  type IssueEnrolmentCodeInput,
  type IssuedEnrolmentCode,
} from './operations/enrolment-codes';
export * from './notifications';
export { recordSyncAttempt, recordSyncAttempts, type SyncAttemptReport } from './device-metrics';
export { forkEm, inTransaction } from './sql';
export * from './operations';
export * from './read';
export {
  startPgListener,
  type PgListener,
  type PgListenerOptions,
  type ListenerLogger,
} from './notifications-listener';
export { saveEventAttachment, getEventAttachment, type StoredAttachment } from './operations/event-attachments';
export * from './operations/console-credentials';
export * from './operations/console-audit';
export * from './operations/console-devices';
export * from './operations/console-enrolment';
export * from './read/offline-metrics';
export * from './read/alerts';
export * from './read/conflicts-page';
export * from './read/devices-page';
export * from './read/recovery-triage';
export * from './read/review-items';
export * from './operations/review-outcomes';
export * from './read/requests-page';
export * from './operations/request-decisions';
export * from './read/inventory-on-hand';
export * from './read/event-log-page';
export * from './read/reports';
export * from './operations/central-admin';
export * from './operations/console-sessions';
