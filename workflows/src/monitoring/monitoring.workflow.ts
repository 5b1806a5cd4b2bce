/**
 * One monitoring pass, started by the Temporal Schedule `monitoring-alerts` every few minutes:
 * load what the gateway recorded, evaluate the spec's alert table, raise each incident once.
 */
import { proxyActivities } from '@temporalio/workflow';
import { evaluateAlerts } from './alert-rules';
import type { MonitoringActivities } from './activity-types';

const activities = proxyActivities<MonitoringActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

export interface MonitoringPassResult {
  observedAt: string;
  holding: number;
  raised: string[];
  resolved: string[];
  notified: number;
}

export async function monitoringAlertsWorkflow(): Promise<MonitoringPassResult> {
  const snapshot = await activities.loadMonitoringSnapshot();
  const alerts = evaluateAlerts(snapshot);
  const { raised, resolved } = await activities.raiseAlerts({ alerts, observedAt: snapshot.observedAt });
  const notified = raised.length > 0 ? await activities.notifyManagersOfAlerts({ alerts: raised }) : 0;
  return {
    observedAt: snapshot.observedAt,
    holding: alerts.length,
    raised: raised.map((alert) => alert.incidentKey),
    resolved,
    notified,
  };
}
