/** Names of the monitoring schedule, shared by whoever creates it and the tests. No I/O here. */
export const MONITORING_SCHEDULE_ID = 'monitoring-alerts';
export const MONITORING_WORKFLOW_TYPE = 'monitoringAlertsWorkflow';
export const MONITORING_DEFAULT_INTERVAL = '5 minutes' as const;
