export * from './triage';
export * from './activity-types';
export * from './messages';
export * from './mass-recovery.workflow';
export * from './clock-skew';
export * from './clock-skew-activity-types';
export * from './clock-skew.workflow';
export * from './clock-skew-schedule-spec';
