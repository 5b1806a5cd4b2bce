export * from './activity-types';
export * from './revoke-device.workflow';
