/**
 * Spec "Mass Offline Recovery": triage once, then admit devices in staggered waves, watch each
 * wave's conflict rate and pause on a spike until an operator resumes. The plan lives in the
 * database (recovery_plan), so the workflow carries only counters; it continues as new every
 * `wavesPerRun` waves (or when Temporal suggests it) to keep each history small.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { PlanRecoveryInput, RecoveryActivities } from './activity-types';
import {
  abortRecoverySignal,
  checkWaveSize,
  pauseRecoverySignal,
  recoveryProgressQuery,
  resumeRecoverySignal,
  setWaveSizeUpdate,
  type RecoveryProgress,
  type WaveSummary,
} from './messages';
import { conflictRate } from './triage';

const activities = proxyActivities<RecoveryActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 10 },
});

export interface MassRecoveryInput extends Omit<PlanRecoveryInput, 'runId'> {
  /** Plan key; defaults to the workflow id, so every continued run finds the same plan. */
  runId?: string;
  waveSize: number;
  waveIntervalMs: number;
  /** Pause when a wave's conflict rate is above this share (0..1). */
  conflictRateThreshold: number;
  /** How long to wait for a wave's devices to sync before moving on (stragglers sync later). */
  waveSyncTimeoutMs: number;
  syncPollMs: number;
  /** Continue as new after this many waves in one run. */
  wavesPerRun?: number;
  /** Carried across continueAsNew; absent on the first run. */
  carried?: RecoveryProgress;
}

export interface MassRecoveryResult {
  runId: string;
  phase: 'completed' | 'aborted';
  total: number;
  admitted: number;
  synced: number;
  wavesDone: number;
  continuedAsNew: number;
}

const RECENT_WAVES = 10;
const DEFAULT_WAVES_PER_RUN = 50;

function initialProgress(runId: string, input: MassRecoveryInput): RecoveryProgress {
  checkWaveSize(input.waveSize);
  return {
    runId,
    phase: 'planning',
    pauseReason: null,
    total: 0,
    admitted: 0,
    synced: 0,
    wavesDone: 0,
    waveSize: input.waveSize,
    recentWaves: [],
    continuedAsNew: 0,
  };
}

export async function massRecoveryWorkflow(input: MassRecoveryInput): Promise<MassRecoveryResult> {
  const runId = input.runId ?? workflowInfo().workflowId;
  const progress: RecoveryProgress = input.carried ?? initialProgress(runId, input);
  installHandlers(progress);

  if (!input.carried) {
    progress.total = (
      await activities.planRecovery({ runId, deviceIds: input.deviceIds, offlineSince: input.offlineSince })
    ).total;
    // An operator may have paused or aborted while planning ran: keep that.
    if (progress.phase === 'planning') progress.phase = 'running';
  }

  // A function, not an inline comparison: handlers change the phase while the loop awaits.
  const aborted = (): boolean => progress.phase === 'aborted';
  let wavesThisRun = 0;
  while (progress.admitted < progress.total && !aborted()) {
    await condition(() => progress.phase !== 'paused');
    if (aborted()) break;
    if (wavesThisRun >= (input.wavesPerRun ?? DEFAULT_WAVES_PER_RUN) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof massRecoveryWorkflow>({
        ...input,
        runId,
        carried: { ...progress, continuedAsNew: progress.continuedAsNew + 1 },
      });
    }
    await runWave(input, progress);
    wavesThisRun++;
    if (progress.phase === 'running' && progress.admitted < progress.total) {
      // The stagger: wait one interval, cut short only by an abort.
      await condition(aborted, input.waveIntervalMs);
    }
  }
  if (progress.phase !== 'aborted') progress.phase = 'completed';
  await condition(allHandlersFinished);
  const { total, admitted, synced, wavesDone, continuedAsNew } = progress;
  return {
    runId,
    phase: progress.phase === 'aborted' ? 'aborted' : 'completed',
    total,
    admitted,
    synced,
    wavesDone,
    continuedAsNew,
  };
}

async function runWave(input: MassRecoveryInput, progress: RecoveryProgress): Promise<void> {
  const wave = progress.wavesDone + 1;
  const admittedWave = await activities.admitWave({
    runId: progress.runId,
    wave,
    size: progress.waveSize,
    waveIntervalMs: input.waveIntervalMs,
  });
  const synced = await waitForWaveSync(input, progress.runId, wave, admittedWave.admitted);
  const measured = await activities.measureWaveConflictRate({ runId: progress.runId, wave });
  const summary: WaveSummary = {
    wave,
    admitted: admittedWave.admitted,
    synced,
    conflictRate: conflictRate(measured.devices, measured.devicesWithConflicts),
  };
  progress.admitted += summary.admitted;
  progress.synced += synced;
  progress.wavesDone = wave;
  progress.recentWaves = [...progress.recentWaves, summary].slice(-RECENT_WAVES);
  if (summary.conflictRate > input.conflictRateThreshold && progress.phase === 'running') {
    progress.phase = 'paused';
    progress.pauseReason = `conflict spike: wave ${wave} rate ${summary.conflictRate.toFixed(3)} > ${input.conflictRateThreshold}`;
  }
}

/** Polls until every admitted device of the wave synced or the timeout passed; returns how many synced. */
async function waitForWaveSync(
  input: MassRecoveryInput,
  runId: string,
  wave: number,
  admitted: number,
): Promise<number> {
  let waitedMs = 0;
  for (;;) {
    const status = await activities.waveSyncStatus({ runId, wave });
    if (status.synced >= admitted || waitedMs >= input.waveSyncTimeoutMs) return status.synced;
    await sleep(input.syncPollMs);
    waitedMs += input.syncPollMs;
  }
}

function installHandlers(progress: RecoveryProgress): void {
  setHandler(pauseRecoverySignal, (arg) => {
    if (progress.phase === 'running' || progress.phase === 'planning') {
      progress.phase = 'paused';
      progress.pauseReason = arg?.reason ?? 'paused by operator';
    }
  });
  setHandler(resumeRecoverySignal, () => {
    if (progress.phase === 'paused') {
      progress.phase = 'running';
      progress.pauseReason = null;
    }
  });
  setHandler(abortRecoverySignal, (arg) => {
    if (progress.phase !== 'completed') {
      progress.phase = 'aborted';
      progress.pauseReason = arg?.reason ?? 'aborted by operator';
    }
  });
  setHandler(
    setWaveSizeUpdate,
    (size) => {
      const previous = progress.waveSize;
      progress.waveSize = size;
      return previous;
    },
    { validator: checkWaveSize },
  );
  setHandler(recoveryProgressQuery, () => progress);
}
