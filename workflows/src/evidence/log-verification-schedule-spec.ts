/** Names of the event-log verification schedule, shared by whoever creates it and the tests. No I/O here. */
export const LOG_VERIFICATION_SCHEDULE_ID = 'event-log-verification';
export const LOG_VERIFICATION_WORKFLOW_TYPE = 'eventLogVerificationWorkflow';
/** Each run verifies the whole log (~5,700 signatures/s per core): 1 M events take about 3 minutes. */
export const LOG_VERIFICATION_DEFAULT_INTERVAL = '6 hours' as const;
