/**
 * Monitoring end to end: the real Temporal Schedule `monitoring-alerts` (triggered instead of
 * waiting five minutes) starts monitoringAlertsWorkflow on a real worker, which reads real
 * PostgreSQL rows, raises each alert once per incident, and emails the manager over real SMTP.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduleHandle } from '@temporalio/client';
import { DEMO, seedDemoData } from '@pco/store/demo';
import { MONITORING_SCHEDULE_ID, type MonitoringPassResult } from '@pco/workflows';
import { forkEm } from '@pco/store';
import { createMonitoringActivities, ensureMonitoringSchedule, recordSyncAttempt } from '../src/activities/monitoring';
import {
  saveHistoryFixture,
  startMailbox,
  startOpsHarness,
  type Mailbox,
  type OpsHarness,
} from './recovery-ops-testkit';

jest.setTimeout(120_000);

const taskQueue = `monitoring-test-${randomUUID()}`;
// Unique per run: the shared dev server outlives this file. Production uses MONITORING_SCHEDULE_ID.
const scheduleId = `${MONITORING_SCHEDULE_ID}-${randomUUID()}`;
const now = () => new Date();

let mailbox: Mailbox;
let ops: OpsHarness;
let schedule: ScheduleHandle;

const rows = <T>(sql: string, params: unknown[] = []) => ops.rows<T>(sql, params);

async function insertOpenConflict(deviceId: string, ageHours: number): Promise<string> {
  const id = randomUUID();
  await rows(
    `insert into conflicts (id, type, status, severity, device_id, event_id, event, details, created_at)
    values (?, 'INSUFFICIENT_INVENTORY', 'open', 'warning', ?, ?, '{}'::jsonb, '{}'::jsonb, now() - ? * interval '1 hour')`,
    [id, deviceId, randomUUID(), ageHours],
  );
  return id;
}

/** Runs one pass through the schedule and returns its result. */
async function triggerPass(): Promise<MonitoringPassResult> {
  const before = (await schedule.describe()).info.recentActions.length;
  await schedule.trigger();
  for (let i = 0; i < 200; i++) {
    const actions = (await schedule.describe()).info.recentActions;
    if (actions.length > before) {
      const workflowId = actions[actions.length - 1].action.workflow.workflowId;
      return ops.client.workflow.getHandle<() => Promise<MonitoringPassResult>>(workflowId).result();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the schedule did not start a monitoring pass');
}

beforeAll(async () => {
  mailbox = await startMailbox();
  ops = await startOpsHarness({
    poolMax: 3,
    taskQueue,
    seed: (db) => seedDemoData(db.orm, now()),
    workflowsPath: require.resolve('@pco/workflows'),
    activities: (db) => createMonitoringActivities({ orm: db.orm, now, mailer: mailbox.mailer }),
  });
});

afterAll(async () => {
  await schedule?.delete().catch(() => undefined);
  await ops?.stop();
  await mailbox?.close();
});

describe('monitoring-alerts schedule', () => {
  const conflictIds: string[] = [];

  beforeAll(async () => {
    // Given: tech1 offline 30h; tech2 offline 80h with 600 queued and 12 failed syncs; tech3 fine but 150 queued.
    await rows("update devices set last_sync_at = now() - interval '30 hours' where id = ?", [DEMO.devices.tech1]);
    await rows("update devices set last_sync_at = now() - interval '80 hours' where id = ?", [DEMO.devices.tech2]);
    await rows('update devices set last_sync_at = now() where id = ?', [DEMO.devices.tech3]);
    for (let i = 0; i < 12; i++) {
      await recordSyncAttempt(forkEm(ops.db.orm), {
        deviceId: DEMO.devices.tech2,
        at: now().toISOString(),
        succeeded: false,
        pendingQueueSize: 600,
      });
    }
    await recordSyncAttempt(forkEm(ops.db.orm), {
      deviceId: DEMO.devices.tech3,
      at: now().toISOString(),
      succeeded: true,
      pendingQueueSize: 150,
    });
    conflictIds.push(
      await insertOpenConflict(DEMO.devices.tech1, 30),
      await insertOpenConflict(DEMO.devices.tech3, 8 * 24),
    );
    await insertOpenConflict(DEMO.devices.tech3, 2); // young: no alert
    schedule = (await ensureMonitoringSchedule(ops.client, { taskQueue, scheduleId, interval: '5 minutes' })).handle;
  });

  it('is created once: a second ensure finds it', async () => {
    const again = await ensureMonitoringSchedule(ops.client, { taskQueue, scheduleId });
    expect(again.created).toBe(false);
    const described = await schedule.describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'monitoringAlertsWorkflow',
      taskQueue,
    });
    expect(described.spec.intervals?.map((i) => i.every)).toEqual([300_000]);
  });

  it('raises every holding alert with its severity and action, and emails the manager', async () => {
    const pass = await triggerPass();
    expect(pass.raised).toHaveLength(7);
    const alerts = await rows<{ rule: string; severity: string; action: string; subject_id: string }>(
      'select rule, severity, action, subject_id from alerts where resolved_at is null order by rule, subject_id',
    );
    expect(alerts.map((a) => [a.rule, a.severity, a.action, a.subject_id])).toEqual([
      ['CONFLICT_UNRESOLVED_24H', 'warning', 'Escalate', conflictIds[0]],
      ['CONFLICT_UNRESOLVED_7D', 'critical', 'Manager notification', conflictIds[1]],
      ['DEVICE_OFFLINE_24H', 'warning', 'Notify manager', DEMO.devices.tech1],
      ['DEVICE_OFFLINE_72H', 'critical', 'Investigate', DEMO.devices.tech2],
      ['QUEUE_OVER_100', 'warning', 'Prompt sync', DEMO.devices.tech3],
      ['QUEUE_OVER_500', 'critical', 'Force sync or archive', DEMO.devices.tech2],
      ['SYNC_FAILURES_OVER_10', 'critical', 'Check network/server', DEMO.devices.tech2],
    ]);
    expect(mailbox.inbox).toHaveLength(1);
    expect(mailbox.inbox[0].to).toEqual(['morgan.lee@pco.example']);
    expect(mailbox.inbox[0].body).toContain('7 new alert(s), 4 critical');
  });

  it('raises each alert only once per incident: the next pass raises and mails nothing', async () => {
    const pass = await triggerPass();
    expect(pass).toMatchObject({ holding: 7, raised: [], resolved: [], notified: 0 });
    expect(await rows('select 1 from alerts')).toHaveLength(7);
    expect(mailbox.inbox).toHaveLength(1);
  });

  it('closes an incident when its condition stops holding; a relapse is a new incident', async () => {
    await recordSyncAttempt(forkEm(ops.db.orm), {
      deviceId: DEMO.devices.tech3,
      at: now().toISOString(),
      succeeded: true,
      pendingQueueSize: 0,
    });
    expect((await triggerPass()).resolved).toEqual([`QUEUE_OVER_100:device:${DEMO.devices.tech3}`]);
    await recordSyncAttempt(forkEm(ops.db.orm), {
      deviceId: DEMO.devices.tech3,
      at: now().toISOString(),
      succeeded: true,
      pendingQueueSize: 120,
    });
    const relapse = await triggerPass();
    expect(relapse.raised).toEqual([`QUEUE_OVER_100:device:${DEMO.devices.tech3}`]);
    const rowsForKey = await rows<{ resolved: boolean }>(
      "select resolved_at is not null as resolved from alerts where rule = 'QUEUE_OVER_100' order by id",
    );
    expect(rowsForKey).toEqual([{ resolved: true }, { resolved: false }]);
    saveHistoryFixture(
      (await schedule.describe()).info.recentActions.at(-1)!.action.workflow.workflowId,
      'monitoring-alerts.history.json',
    );
  });

  it('a successful sync resets the consecutive-failure count', async () => {
    await recordSyncAttempt(forkEm(ops.db.orm), {
      deviceId: DEMO.devices.tech2,
      at: now().toISOString(),
      succeeded: true,
      pendingQueueSize: null,
    });
    const [metrics] = await rows<{ consecutive_sync_failures: number; pending_queue_size: number }>(
      'select consecutive_sync_failures, pending_queue_size from device_metrics where device_id = ?',
      [DEMO.devices.tech2],
    );
    expect(metrics).toEqual({ consecutive_sync_failures: 0, pending_queue_size: 600 });
  });
});
