/** The activity contract of mass recovery (implemented in workers/src/activities/recovery). */
import type { DeviceId, Timestamp } from '@pco/domain';

export interface PlanRecoveryInput {
  runId: string;
  /** Explicit fleet; omitted ⇒ every active device whose last sync is before `offlineSince` (or never). */
  deviceIds?: DeviceId[];
  offlineSince?: Timestamp;
}

export interface AdmitWaveInput {
  runId: string;
  wave: number;
  size: number;
  /** Used to tell every device still waiting when to come back. */
  waveIntervalMs: number;
}

export interface AdmittedWave {
  wave: number;
  admitted: number;
  admittedAt: Timestamp;
  /** Devices told a new "come back at T" in this step. */
  comeBackNotices: number;
}

export interface WaveSyncStatus {
  admitted: number;
  synced: number;
}

export interface WaveConflictRate {
  devices: number;
  devicesWithConflicts: number;
  rate: number;
}

export interface RecoveryActivities {
  /** Triage: ranks the fleet once per run (idempotent) and returns its size. */
  planRecovery(input: PlanRecoveryInput): Promise<{ total: number; priorityDevices: number }>;
  /** Admits the next `size` devices by rank (idempotent per wave number) and re-times the rest. */
  admitWave(input: AdmitWaveInput): Promise<AdmittedWave>;
  /** How many of the wave's devices synced since they were admitted. */
  waveSyncStatus(input: { runId: string; wave: number }): Promise<WaveSyncStatus>;
  /** Share of the wave's devices with a conflict created since admission. */
  measureWaveConflictRate(input: { runId: string; wave: number }): Promise<WaveConflictRate>;
}
