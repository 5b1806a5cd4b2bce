import type { Timestamp } from '@pco/domain';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';

/** Spec "LocalEventQueue" sync fields plus the pull cursor (a log position, not a timestamp). */
export interface SyncState {
  /** Last global log position examined by a pull (0 = never pulled). */
  cursor: number;
  /** PullPage.stateHash at `cursor`: the lastKnownServerStateHash of new events ("" = never). */
  stateHash: string;
  lastSuccessfulSync: Timestamp | null;
  lastAttemptedSync: Timestamp | null;
  syncFailures: number;
  /**
   * Positions above `cursor` already folded in from live `events:new` pushes: the download phase
   * skips them (a pull returns them again) and forgets those the cursor has passed.
   */
  livePositions: number[];
  /** Set once the gateway said this device is revoked (push, handshake or answer): terminal. */
  revoked: { reason: string; at: Timestamp } | null;
  /** Mass recovery told this device to hold its sync until then (cleared when its wave is admitted). */
  holdUntil: Timestamp | null;
  /**
   * The gateway's measure of this device's clock at the last handshake (server − device, ms;
   * positive ⇒ the device is behind), for the app to show a wrong clock. Null until connected once.
   */
  clock: { offsetMs: number; serverTime: Timestamp; deviceTime: Timestamp } | null;
  /**
   * Conflicts whose `conflict:notice` was handled (newest last, at most MAX_NOTICED_CONFLICTS): a
   * repeated notice (redelivery, reconnect) is recognised by its conflict id and not shown again.
   */
  noticedConflicts: string[];
}

export const MAX_NOTICED_CONFLICTS = 500;

export const initialSyncState = (): SyncState => ({
  cursor: 0,
  stateHash: '',
  lastSuccessfulSync: null,
  lastAttemptedSync: null,
  syncFailures: 0,
  livePositions: [],
  revoked: null,
  holdUntil: null,
  clock: null,
  noticedConflicts: [],
});

export async function loadSyncState(storage: KeyValueStorage): Promise<SyncState> {
  const stored = await storage.getItem<Partial<SyncState>>(STORAGE_KEYS.syncState);
  return { ...initialSyncState(), ...(stored ?? {}) };
}

export async function saveSyncState(storage: KeyValueStorage, change: Partial<SyncState>): Promise<SyncState> {
  const next = { ...(await loadSyncState(storage)), ...change };
  await storage.setItem(STORAGE_KEYS.syncState, next);
  return next;
}
