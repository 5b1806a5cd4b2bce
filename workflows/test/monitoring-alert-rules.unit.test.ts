import { ALERT_RULES, evaluateAlerts, type DeviceHealth, type MonitoringSnapshot } from '../src/monitoring/alert-rules';

const NOW = '2026-11-26T12:00:00.000Z';
const hoursAgo = (h: number): string => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();

const healthyDevice = (over: Partial<DeviceHealth> = {}): DeviceHealth => ({
  deviceId: 'device-1',
  registeredAt: hoursAgo(1000),
  lastSyncAt: hoursAgo(1),
  pendingQueueSize: 0,
  consecutiveSyncFailures: 0,
  ...over,
});
const snapshot = (over: Partial<MonitoringSnapshot>): MonitoringSnapshot => ({
  observedAt: NOW,
  devices: [],
  openConflicts: [],
  ...over,
});
const rulesOf = (s: MonitoringSnapshot) => evaluateAlerts(s).map((a) => [a.rule, a.severity, a.action]);

describe('evaluateAlerts: the spec Alert Conditions table', () => {
  it('has one rule per table row', () => {
    expect(ALERT_RULES.map((r) => r.condition).sort()).toEqual([
      'Device offline >24h',
      'Device offline >72h',
      'Pending queue >100 events',
      'Pending queue >500 events',
      'Sync failures >10 consecutive',
      'Unresolved conflict >24h',
      'Unresolved conflict >7d',
    ]);
  });

  it('Given a healthy device and no conflicts, When evaluated, Then nothing is raised', () => {
    expect(evaluateAlerts(snapshot({ devices: [healthyDevice()] }))).toEqual([]);
  });

  describe('Device offline', () => {
    it('exactly 24h is not yet an alert (strictly greater)', () => {
      expect(rulesOf(snapshot({ devices: [healthyDevice({ lastSyncAt: hoursAgo(24) })] }))).toEqual([]);
    });
    it('>24h is a warning: Notify manager', () => {
      expect(rulesOf(snapshot({ devices: [healthyDevice({ lastSyncAt: hoursAgo(25) })] }))).toEqual([
        ['DEVICE_OFFLINE_24H', 'warning', 'Notify manager'],
      ]);
    });
    it('>72h is critical: Investigate (only the worst row of the family)', () => {
      expect(rulesOf(snapshot({ devices: [healthyDevice({ lastSyncAt: hoursAgo(73) })] }))).toEqual([
        ['DEVICE_OFFLINE_72H', 'critical', 'Investigate'],
      ]);
    });
    it('a device that never synced is offline since registration', () => {
      expect(rulesOf(snapshot({ devices: [healthyDevice({ lastSyncAt: null, registeredAt: hoursAgo(30) })] }))).toEqual(
        [['DEVICE_OFFLINE_24H', 'warning', 'Notify manager']],
      );
    });
  });

  describe('Pending queue', () => {
    it('100 events is fine, 101 is a warning: Prompt sync', () => {
      expect(rulesOf(snapshot({ devices: [healthyDevice({ pendingQueueSize: 100 })] }))).toEqual([]);
      expect(rulesOf(snapshot({ devices: [healthyDevice({ pendingQueueSize: 101 })] }))).toEqual([
        ['QUEUE_OVER_100', 'warning', 'Prompt sync'],
      ]);
    });
    it('>500 events is critical: Force sync or archive', () => {
      expect(rulesOf(snapshot({ devices: [healthyDevice({ pendingQueueSize: 501 })] }))).toEqual([
        ['QUEUE_OVER_500', 'critical', 'Force sync or archive'],
      ]);
    });
  });

  describe('Unresolved conflict', () => {
    it('open 23h is fine, >24h is a warning: Escalate', () => {
      expect(rulesOf(snapshot({ openConflicts: [{ conflictId: 'c1', createdAt: hoursAgo(23) }] }))).toEqual([]);
      expect(rulesOf(snapshot({ openConflicts: [{ conflictId: 'c1', createdAt: hoursAgo(25) }] }))).toEqual([
        ['CONFLICT_UNRESOLVED_24H', 'warning', 'Escalate'],
      ]);
    });
    it('>7d is critical: Manager notification', () => {
      expect(rulesOf(snapshot({ openConflicts: [{ conflictId: 'c1', createdAt: hoursAgo(7 * 24 + 1) }] }))).toEqual([
        ['CONFLICT_UNRESOLVED_7D', 'critical', 'Manager notification'],
      ]);
    });
  });

  describe('Sync failures', () => {
    it('10 consecutive is fine, 11 is critical: Check network/server', () => {
      expect(rulesOf(snapshot({ devices: [healthyDevice({ consecutiveSyncFailures: 10 })] }))).toEqual([]);
      expect(rulesOf(snapshot({ devices: [healthyDevice({ consecutiveSyncFailures: 11 })] }))).toEqual([
        ['SYNC_FAILURES_OVER_10', 'critical', 'Check network/server'],
      ]);
    });
  });

  it('keys identify the incident (rule + subject), so re-evaluation gives the same key', () => {
    const s = snapshot({
      devices: [
        healthyDevice({
          deviceId: 'd-9',
          pendingQueueSize: 600,
          lastSyncAt: hoursAgo(80),
          consecutiveSyncFailures: 12,
        }),
      ],
    });
    expect(evaluateAlerts(s).map((a) => a.incidentKey)).toEqual([
      'DEVICE_OFFLINE_72H:device:d-9',
      'QUEUE_OVER_500:device:d-9',
      'SYNC_FAILURES_OVER_10:device:d-9',
    ]);
    expect(evaluateAlerts(s)).toEqual(evaluateAlerts(s));
  });
});
