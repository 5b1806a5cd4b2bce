/**
 * The spec's "Alert Conditions" table as a pure function. No clock: the observation time comes
 * with the snapshot, so the same input always gives the same alerts (and workflow replay is safe).
 */
import type { ConflictId, DeviceId, Timestamp } from '@pco/domain';

export type AlertSeverity = 'warning' | 'critical';
export type AlertRuleId =
  | 'DEVICE_OFFLINE_24H'
  | 'DEVICE_OFFLINE_72H'
  | 'QUEUE_OVER_100'
  | 'QUEUE_OVER_500'
  | 'CONFLICT_UNRESOLVED_24H'
  | 'CONFLICT_UNRESOLVED_7D'
  | 'SYNC_FAILURES_OVER_10';

export interface AlertRule {
  id: AlertRuleId;
  /** Rules of one family describe the same incident at rising severity; only the worst is raised. */
  family: 'device-offline' | 'queue-size' | 'conflict-age' | 'sync-failures';
  severity: AlertSeverity;
  action: string;
  condition: string;
}

const HOUR_MS = 3_600_000;

/** One row per line of the spec's table, worst first within a family. */
export const ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'DEVICE_OFFLINE_72H',
    family: 'device-offline',
    severity: 'critical',
    action: 'Investigate',
    condition: 'Device offline >72h',
  },
  {
    id: 'DEVICE_OFFLINE_24H',
    family: 'device-offline',
    severity: 'warning',
    action: 'Notify manager',
    condition: 'Device offline >24h',
  },
  {
    id: 'QUEUE_OVER_500',
    family: 'queue-size',
    severity: 'critical',
    action: 'Force sync or archive',
    condition: 'Pending queue >500 events',
  },
  {
    id: 'QUEUE_OVER_100',
    family: 'queue-size',
    severity: 'warning',
    action: 'Prompt sync',
    condition: 'Pending queue >100 events',
  },
  {
    id: 'CONFLICT_UNRESOLVED_7D',
    family: 'conflict-age',
    severity: 'critical',
    action: 'Manager notification',
    condition: 'Unresolved conflict >7d',
  },
  {
    id: 'CONFLICT_UNRESOLVED_24H',
    family: 'conflict-age',
    severity: 'warning',
    action: 'Escalate',
    condition: 'Unresolved conflict >24h',
  },
  {
    id: 'SYNC_FAILURES_OVER_10',
    family: 'sync-failures',
    severity: 'critical',
    action: 'Check network/server',
    condition: 'Sync failures >10 consecutive',
  },
];

export const ALERT_THRESHOLDS = {
  offlineWarningMs: 24 * HOUR_MS,
  offlineCriticalMs: 72 * HOUR_MS,
  queueWarning: 100,
  queueCritical: 500,
  conflictWarningMs: 24 * HOUR_MS,
  conflictCriticalMs: 7 * 24 * HOUR_MS,
  consecutiveFailuresCritical: 10,
} as const;

/** What the gateway recorded about one active device (revoked and suspended ones are left out). */
export interface DeviceHealth {
  deviceId: DeviceId;
  registeredAt: Timestamp;
  lastSyncAt: Timestamp | null;
  pendingQueueSize: number;
  consecutiveSyncFailures: number;
}

export interface OpenConflictAge {
  conflictId: ConflictId;
  createdAt: Timestamp;
}

export interface MonitoringSnapshot {
  observedAt: Timestamp;
  devices: DeviceHealth[];
  openConflicts: OpenConflictAge[];
}

export interface Alert {
  /** Same incident ⇒ same key, so an open alert is raised once however often it is evaluated. */
  incidentKey: string;
  rule: AlertRuleId;
  severity: AlertSeverity;
  action: string;
  subjectType: 'device' | 'conflict';
  subjectId: string;
  message: string;
  observed: Record<string, number | string | null>;
}

const ruleById = (id: AlertRuleId): AlertRule => ALERT_RULES.find((rule) => rule.id === id) as AlertRule;

function alertFor(
  id: AlertRuleId,
  subjectType: Alert['subjectType'],
  subjectId: string,
  observed: Alert['observed'],
): Alert {
  const rule = ruleById(id);
  return {
    incidentKey: `${rule.id}:${subjectType}:${subjectId}`,
    rule: rule.id,
    severity: rule.severity,
    action: rule.action,
    subjectType,
    subjectId,
    message: `${rule.condition}: ${subjectType} ${subjectId}`,
    observed,
  };
}

const ageMs = (from: Timestamp, now: number): number => now - Date.parse(from);

function deviceAlerts(device: DeviceHealth, now: number): Alert[] {
  const alerts: Alert[] = [];
  // A device that never synced has been offline since it was registered.
  const offlineMs = ageMs(device.lastSyncAt ?? device.registeredAt, now);
  const offline = { offlineHours: Math.floor(offlineMs / HOUR_MS), lastSyncAt: device.lastSyncAt };
  if (offlineMs > ALERT_THRESHOLDS.offlineCriticalMs)
    alerts.push(alertFor('DEVICE_OFFLINE_72H', 'device', device.deviceId, offline));
  else if (offlineMs > ALERT_THRESHOLDS.offlineWarningMs)
    alerts.push(alertFor('DEVICE_OFFLINE_24H', 'device', device.deviceId, offline));

  const queue = { pendingQueueSize: device.pendingQueueSize };
  if (device.pendingQueueSize > ALERT_THRESHOLDS.queueCritical)
    alerts.push(alertFor('QUEUE_OVER_500', 'device', device.deviceId, queue));
  else if (device.pendingQueueSize > ALERT_THRESHOLDS.queueWarning)
    alerts.push(alertFor('QUEUE_OVER_100', 'device', device.deviceId, queue));

  if (device.consecutiveSyncFailures > ALERT_THRESHOLDS.consecutiveFailuresCritical) {
    alerts.push(
      alertFor('SYNC_FAILURES_OVER_10', 'device', device.deviceId, {
        consecutiveSyncFailures: device.consecutiveSyncFailures,
      }),
    );
  }
  return alerts;
}

function conflictAlerts(conflict: OpenConflictAge, now: number): Alert[] {
  const openMs = ageMs(conflict.createdAt, now);
  const observed = { openHours: Math.floor(openMs / HOUR_MS), createdAt: conflict.createdAt };
  if (openMs > ALERT_THRESHOLDS.conflictCriticalMs)
    return [alertFor('CONFLICT_UNRESOLVED_7D', 'conflict', conflict.conflictId, observed)];
  if (openMs > ALERT_THRESHOLDS.conflictWarningMs)
    return [alertFor('CONFLICT_UNRESOLVED_24H', 'conflict', conflict.conflictId, observed)];
  return [];
}

/** Every alert that holds at `snapshot.observedAt`: at most one per (family, subject), the worst. */
export function evaluateAlerts(snapshot: MonitoringSnapshot): Alert[] {
  const now = Date.parse(snapshot.observedAt);
  return [
    ...snapshot.devices.flatMap((device) => deviceAlerts(device, now)),
    ...snapshot.openConflicts.flatMap((conflict) => conflictAlerts(conflict, now)),
  ];
}
