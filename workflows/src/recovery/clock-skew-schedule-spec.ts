/** Names of the clock-skew scan schedule, shared by whoever creates it and the tests. No I/O here. */
export const CLOCK_SKEW_SCHEDULE_ID = 'clock-skew-scan';
export const CLOCK_SKEW_WORKFLOW_TYPE = 'clockSkewScanWorkflow';
/** A device with a wrong clock is flagged within this long of its upload. */
export const CLOCK_SKEW_DEFAULT_INTERVAL = '15 minutes' as const;
