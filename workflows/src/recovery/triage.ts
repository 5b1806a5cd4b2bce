/**
 * Spec "Mass Offline Recovery", steps 1 and 3: triage and prioritise. Pure, so the worker's
 * planning activity and the unit tests use the same order.
 */
import type { DeviceId, Timestamp } from '@pco/domain';

export interface RecoveryCandidate {
  deviceId: DeviceId;
  lastSyncAt: Timestamp | null;
  /** Queue size the device last reported (0 when it never reported). */
  pendingQueueSize: number;
  /** Its pending work or custody touches regulated or high-value products (domain isPriorityProduct). */
  priority: boolean;
}

/**
 * Order of admission: priority devices first; then the largest queues (most unsynced work, most
 * at risk of filling the device's storage); then the longest offline (never synced counts as
 * oldest); device id last, so equal devices get a stable order.
 */
export function compareForRecovery(a: RecoveryCandidate, b: RecoveryCandidate): number {
  if (a.priority !== b.priority) return a.priority ? -1 : 1;
  if (a.pendingQueueSize !== b.pendingQueueSize) return b.pendingQueueSize - a.pendingQueueSize;
  const aSync = a.lastSyncAt === null ? -Infinity : Date.parse(a.lastSyncAt);
  const bSync = b.lastSyncAt === null ? -Infinity : Date.parse(b.lastSyncAt);
  if (aSync !== bSync) return aSync < bSync ? -1 : 1;
  return a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0;
}

export const rankForRecovery = (candidates: readonly RecoveryCandidate[]): RecoveryCandidate[] =>
  [...candidates].sort(compareForRecovery);

/**
 * When a device waiting at 0-based `rank` may come back, given the first rank of the next wave.
 * The next wave starts one interval from `nowMs`; each wave ahead of it adds one more interval.
 */
export function comeBackAtMs(input: {
  nowMs: number;
  rank: number;
  nextWaveFirstRank: number;
  waveSize: number;
  waveIntervalMs: number;
}): number {
  const wavesAhead = Math.floor((input.rank - input.nextWaveFirstRank) / input.waveSize) + 1;
  return input.nowMs + wavesAhead * input.waveIntervalMs;
}

/** Conflict rate of a wave: share of its devices that raised at least one conflict. */
export const conflictRate = (devices: number, devicesWithConflicts: number): number =>
  devices === 0 ? 0 : devicesWithConflicts / devices;
