export * from './deps';
export * from './conflict-activities';
export * from './device-notifier';
export * from './start-conflict-workflows';
export { derivedUuid, resolutionIds } from './resolution-ids';
export * from './conflict-decision-hook';
