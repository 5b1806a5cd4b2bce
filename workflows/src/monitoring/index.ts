export * from './alert-rules';
export * from './activity-types';
export * from './monitoring.workflow';
export * from './schedule-spec';
