export * from './ports';
export * from './revocation-activities';
export { quarantineLateSubmission, QUARANTINE_REASONS } from './quarantine';
export { custodyOfPerson, stableUuid } from './custody-disputes';
export { createOperationsActivities, type OperationsActivityDeps } from './operations-activities';
