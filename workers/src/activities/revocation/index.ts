export * from './ports';
export * from './revocation-activities';
export { createOperationsActivities, type OperationsActivityDeps } from './operations-activities';
