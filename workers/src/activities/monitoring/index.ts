export * from './monitoring-activities';
export { recordSyncAttempt, type SyncAttemptReport } from './device-metrics';
export { ensureMonitoringSchedule, type MonitoringScheduleOptions } from './schedule';
