/** Operator controls and progress of mass recovery: signals, one validated update, one query. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export type RecoveryPhase = 'planning' | 'running' | 'paused' | 'aborted' | 'completed';

export interface WaveSummary {
  wave: number;
  admitted: number;
  synced: number;
  conflictRate: number;
}

export interface RecoveryProgress {
  runId: string;
  phase: RecoveryPhase;
  pauseReason: string | null;
  total: number;
  admitted: number;
  synced: number;
  wavesDone: number;
  waveSize: number;
  /** Most recent waves only, so the query answer (and history) stays small. */
  recentWaves: WaveSummary[];
  /** How many times this workflow continued as new. */
  continuedAsNew: number;
}

export const pauseRecoverySignal = defineSignal<[{ reason?: string }?]>('pauseRecovery');
export const resumeRecoverySignal = defineSignal('resumeRecovery');
export const abortRecoverySignal = defineSignal<[{ reason?: string }?]>('abortRecovery');
/** Returns the previous wave size. Validated before it reaches history. */
export const setWaveSizeUpdate = defineUpdate<number, [number]>('setWaveSize');
export const recoveryProgressQuery = defineQuery<RecoveryProgress>('recoveryProgress');

export const MAX_WAVE_SIZE = 10_000;

export function checkWaveSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_WAVE_SIZE) {
    throw new RangeError(`wave size must be an integer from 1 to ${MAX_WAVE_SIZE}, got ${size}`);
  }
}
