/**
 * @pco/store/test-support: what tests and benchmarks need from the store and production never does —
 * a throw-away migrated database per test file, and the clean-up of those a killed run left behind.
 */
export { freshDatabase, type FreshDatabase } from './fresh-database';
export * from './stale-databases';
export { allValid, offlineIssue, signWithDemoKey, type IssueSpec } from './device-events';
export { installPoisonTrigger, POISON_JOB_REFERENCE } from './poison-trigger';
export { simulateFleetSync } from './simulated-sync';
