/** The activity contract the monitoring workflow calls (implemented in workers/src/activities/monitoring). */
import type { Alert, MonitoringSnapshot } from './alert-rules';

export interface RaiseAlertsResult {
  /** Alerts whose incident was not open yet: raised now. */
  raised: Alert[];
  /** Incident keys that were open and no longer hold: closed now. */
  resolved: string[];
}

export interface MonitoringActivities {
  loadMonitoringSnapshot(): Promise<MonitoringSnapshot>;
  /** Records each alert once per open incident and closes incidents that no longer hold. */
  raiseAlerts(input: { alerts: Alert[]; observedAt: string }): Promise<RaiseAlertsResult>;
  /** Tells managers about newly raised alerts (email). */
  notifyManagersOfAlerts(input: { alerts: Alert[] }): Promise<number>;
}
