/** recordSyncAttempt lives in @pco/store (the gateway calls it after each upload batch); re-exported here for the monitoring tests. */
export { recordSyncAttempt, type SyncAttemptReport } from '@pco/store';
