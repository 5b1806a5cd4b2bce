/**
 * Spec "Mass Offline Recovery" with 1,000 devices as real rows in PostgreSQL and the real
 * massRecoveryWorkflow on the Temporal dev server. The devices themselves cannot run here:
 * SimulatedFleetFake marks an admitted device synced (and raises conflicts in the spiked wave).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DEMO, seedDemoData } from '@pco/store/demo';
import type { FreshDatabase } from '@pco/store/test-support';
import {
  abortRecoverySignal,
  recoveryProgressQuery,
  resumeRecoverySignal,
  setWaveSizeUpdate,
  type massRecoveryWorkflow,
  type RecoveryProgress,
} from '@pco/workflows';
import { SimulatedFleetFake } from '../test-support';
import { createRecoveryActivities } from '../src/activities/recovery';
import { rowsOf, saveHistoryFixture, startOpsHarness, type OpsHarness } from './recovery-ops-testkit';

jest.setTimeout(180_000);

const FLEET = 1000;
const PRIORITY_PERSONS = 5; // × 10 devices each = 50 priority devices
const taskQueue = `recovery-test-${randomUUID()}`;
const now = () => new Date();
const SPIKE_WAVE = 3;

let fleet: SimulatedFleetFake;
let ops: OpsHarness;

const rows = <T>(sql: string, params: unknown[] = []) => ops.rows<T>(sql, params);

/** 100 technicians × 10 devices, offline for 3 days; the first 5 technicians ride the truck with regulated stock. */
async function seedFleet(db: FreshDatabase): Promise<void> {
  const exec = rowsOf(db);
  await exec(`insert into persons (id, name, email, role)
    select 'fleet-tech-' || lpad(i::text, 3, '0'), 'Fleet tech ' || i, 'fleet' || i || '@pco.test', 'technician' from generate_series(0, 99) i`);
  await exec(`insert into devices (id, user_id, name, status, public_key, registered_at, last_sync_at)
    select 'fleet-' || lpad(i::text, 4, '0'), 'fleet-tech-' || lpad((i / 10)::text, 3, '0'), 'phone ' || i, 'active', 'not-used',
           now() - interval '30 days', now() - interval '3 days' - i * interval '1 minute'
      from generate_series(0, ${FLEET - 1}) i`);
  await exec(`insert into device_metrics (device_id, pending_queue_size, reported_at)
    select 'fleet-' || lpad(i::text, 4, '0'), (i * 37) % 300, now() - interval '3 days' from generate_series(0, ${FLEET - 1}) i`);
  await exec(
    `insert into location_assignments (location_id, person_id)
    select ?, 'fleet-tech-' || lpad(i::text, 3, '0') from generate_series(0, ${PRIORITY_PERSONS - 1}) i`,
    [DEMO.locations.vehicle1],
  );
  // The demo devices synced just now: the "offline since" query must leave them out.
  await exec("update devices set last_sync_at = now() where id not like 'fleet-%'");
}

beforeAll(async () => {
  ops = await startOpsHarness({
    poolMax: 4,
    taskQueue,
    seed: async (db) => {
      await seedDemoData(db.orm, now());
      await seedFleet(db);
    },
    workflowsPath: require.resolve('@pco/workflows'),
    activities: (db) => {
      fleet = new SimulatedFleetFake({ orm: db.orm, now, conflictSpikes: { [SPIKE_WAVE]: 0.5 } });
      return createRecoveryActivities({ orm: db.orm, now, fleet });
    },
  });
});

afterAll(() => ops?.stop());

async function waitForProgress(workflowId: string, until: (p: RecoveryProgress) => boolean): Promise<RecoveryProgress> {
  const handle = ops.client.workflow.getHandle(workflowId);
  for (let i = 0; i < 600; i++) {
    const progress = await handle.query(recoveryProgressQuery);
    if (until(progress)) return progress;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`progress of ${workflowId} never matched`);
}

describe('mass recovery of 1,000 devices after an outage', () => {
  const workflowId = `mass-recovery-${randomUUID()}`;
  const offlineSince = new Date(Date.now() - 24 * 3_600_000).toISOString();

  it('admits in waves, pauses on the injected conflict spike, resumes on signal, ends with every device synced', async () => {
    const handle = await ops.client.workflow.start<typeof massRecoveryWorkflow>('massRecoveryWorkflow', {
      taskQueue,
      workflowId,
      args: [
        {
          offlineSince,
          waveSize: 100,
          waveIntervalMs: 150,
          conflictRateThreshold: 0.2,
          waveSyncTimeoutMs: 5_000,
          syncPollMs: 100,
          wavesPerRun: 4,
        },
      ],
    });

    const paused = await waitForProgress(workflowId, (p) => p.phase === 'paused');
    expect(paused).toMatchObject({ total: FLEET, admitted: SPIKE_WAVE * 100, wavesDone: SPIKE_WAVE });
    expect(paused.pauseReason).toMatch(/^conflict spike: wave 3 rate 0\.500 > 0\.2/);
    expect(paused.recentWaves.map((w) => w.conflictRate)).toEqual([0, 0, 0.5]);

    // While paused: an invalid wave size is refused before it reaches history; a valid one is taken.
    await expect(handle.executeUpdate(setWaveSizeUpdate, { args: [0] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    expect(await handle.executeUpdate(setWaveSizeUpdate, { args: [175] })).toBe(100);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await handle.query(recoveryProgressQuery)).admitted).toBe(300);

    await handle.signal(resumeRecoverySignal);
    const result = await handle.result();
    expect(result).toMatchObject({ phase: 'completed', total: FLEET, admitted: FLEET, synced: FLEET, wavesDone: 7 });
    expect(result.continuedAsNew).toBeGreaterThanOrEqual(1);
    // The first run: it holds the spike, the pause, the updates, the resume and the continueAsNew.
    saveHistoryFixture(workflowId, 'recovery-mass-offline.history.json', handle.firstExecutionRunId);
  });

  it('synced every device: the plan and the device rows agree', async () => {
    const [plan] = await rows<{ synced: number; total: number }>(
      "select count(*) filter (where status = 'synced')::int as synced, count(*)::int as total from recovery_plan where run_id = ?",
      [workflowId],
    );
    expect(plan).toEqual({ synced: FLEET, total: FLEET });
    const [stale] = await rows<{ n: number }>(
      "select count(*)::int as n from devices where id like 'fleet-%' and last_sync_at < ?::timestamptz",
      [offlineSince],
    );
    expect(stale.n).toBe(0);
  });

  it('admitted the regulated/high-value devices first, then the biggest queues', async () => {
    const firstWave = await rows<{ priority: boolean; pending_queue_size: number }>(
      'select priority, pending_queue_size from recovery_plan where run_id = ? and wave = 1 order by rank',
      [workflowId],
    );
    expect(firstWave.slice(0, 50).every((r) => r.priority)).toBe(true);
    const [{ n }] = await rows<{ n: number }>(
      'select count(*)::int as n from recovery_plan where run_id = ? and priority',
      [workflowId],
    );
    expect(n).toBe(PRIORITY_PERSONS * 10);
    const queues = firstWave.slice(50).map((r) => r.pending_queue_size);
    expect(queues).toEqual([...queues].sort((a, b) => b - a));
    const waveSizes = await rows<{ wave: number; n: number }>(
      'select wave, count(*)::int as n from recovery_plan where run_id = ? group by wave order by wave',
      [workflowId],
    );
    expect(waveSizes.map((w) => w.n)).toEqual([100, 100, 100, 175, 175, 175, 175]);
  });

  it('told every device outside the first wave when to come back', () => {
    const told = new Set(fleet.comeBackNotices.map((n) => n.deviceId));
    const firstWave = new Set(fleet.admittedWaves.get(1));
    expect(told.size).toBe(FLEET - 100);
    expect([...firstWave].some((id) => told.has(id))).toBe(false);
  });
});

describe('operator abort', () => {
  it('stops admitting further waves and reports aborted', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `fleet-${String(i).padStart(4, '0')}`);
    const workflowId = `mass-recovery-abort-${randomUUID()}`;
    const handle = await ops.client.workflow.start<typeof massRecoveryWorkflow>('massRecoveryWorkflow', {
      taskQueue,
      workflowId,
      args: [
        {
          deviceIds: ids,
          waveSize: 10,
          waveIntervalMs: 60_000,
          conflictRateThreshold: 0.2,
          waveSyncTimeoutMs: 5_000,
          syncPollMs: 100,
        },
      ],
    });
    await waitForProgress(workflowId, (p) => p.wavesDone === 1);
    await handle.signal(abortRecoverySignal, { reason: 'outage again' });
    const result = await handle.result();
    expect(result).toMatchObject({ phase: 'aborted', total: 30, admitted: 10 });
    const [{ queued }] = await rows<{ queued: number }>(
      "select count(*)::int as queued from recovery_plan where run_id = ? and status = 'queued'",
      [workflowId],
    );
    expect(queued).toBe(20);
  });
});
