import type { DeviceId, OfflineContext, OnHand, Timestamp } from '@pco/domain';
import { localInventorySnapshotHash } from '../view/snapshot-hash';

export interface OfflineContextInput {
  deviceId: DeviceId;
  sequenceNumber: number;
  now: Date;
  /** When the technician says it happened; defaults to now. */
  claimedOccurredAt?: Timestamp;
  /** PullPage.stateHash of the last download ("" when never synced). */
  lastKnownServerStateHash: string;
  /** The believed on-hand at creation (server-known + own pending). */
  believedOnHand: OnHand;
}

/** Spec "Offline Context" without the sync outcome fields (decide adds syncStatus 'pending'). */
export async function buildOfflineContext(
  input: OfflineContextInput,
): Promise<Omit<OfflineContext, 'syncStatus' | 'syncedAt'>> {
  return {
    deviceId: input.deviceId,
    sequenceNumber: input.sequenceNumber,
    deviceTimestamp: input.now.toISOString(),
    claimedOccurredAt: input.claimedOccurredAt ?? input.now.toISOString(),
    lastKnownServerStateHash: input.lastKnownServerStateHash,
    localInventorySnapshotHash: await localInventorySnapshotHash(input.believedOnHand),
  };
}
