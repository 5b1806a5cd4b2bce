export * from './activity-types';
export * from './log-verification.workflow';
export * from './log-verification-schedule-spec';
