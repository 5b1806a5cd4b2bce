export * from './fleet-port';
export * from './recovery-activities';
export {
  createClockSkewActivities,
  reviewTimestampFlag,
  flagPage,
  FlagReviewError,
  type ClockSkewCorrection,
} from './clock-skew';
export { ensureClockSkewSchedule, type ClockSkewScheduleOptions } from './schedule';
