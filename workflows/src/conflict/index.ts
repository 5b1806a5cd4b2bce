export * from './ids';
export * from './activity-types';
export * from './messages';
export * from './conflict-resolution.workflow';
