export * from './deps';
export * from './conflict-activities';
export * from './device-notifier';
export * from './start-conflict-workflows';
export { planResolution, derivedUuid, type ResolutionPlan } from './resolution-plan';
export * from './conflict-decision-hook';
