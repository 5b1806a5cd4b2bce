export { createEvidenceActivities } from './evidence-activities';
export { ensureLogVerificationSchedule, type LogVerificationScheduleOptions } from './schedule';
