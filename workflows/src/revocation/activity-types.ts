/** The activity contract of the revocation workflow (implemented in workers/src/activities/revocation). */
import type { DeviceId, LocationId, PersonId, ProductId, SignedEvent, Timestamp } from '@pco/domain';

export interface RevokeDeviceInput {
  deviceId: DeviceId;
  reason: string;
  /** The admin or manager revoking. */
  revokedBy: PersonId;
  /**
   * Signed events known to be pending on the device and handed in with the revocation (an export
   * the user recovered, or the queue the device last reported). Quarantined, never applied.
   */
  reportedPendingEvents?: SignedEvent[];
}

export interface MarkRevokedResult {
  userId: PersonId;
  revokedAt: Timestamp;
  /** True when an earlier run already revoked it: the steps below are idempotent anyway. */
  alreadyRevoked: boolean;
}

export interface CustodyItem {
  locationId: LocationId;
  productId: ProductId;
  quantity: number;
  unit: string;
}

export interface OpenedDispute extends CustodyItem {
  disputeId: string;
}

export interface RevocationActivities {
  markDeviceRevoked(input: { deviceId: DeviceId; reason: string; revokedBy: PersonId }): Promise<MarkRevokedResult>;
  disconnectRevokedDevice(input: { deviceId: DeviceId; reason: string }): Promise<void>;
  /** Held/conflicted submissions of the device plus the reported pending events → quarantined_events. */
  quarantinePendingEvents(input: {
    deviceId: DeviceId;
    reportedPendingEvents: SignedEvent[];
  }): Promise<{ quarantined: number }>;
  /** One DisputeOpened event + disputes row per (location, product) on hand at the user's vehicles. */
  openCustodyDisputes(input: {
    deviceId: DeviceId;
    userId: PersonId;
    reason: string;
    revokedBy: PersonId;
  }): Promise<OpenedDispute[]>;
  notifyUserDevices(input: {
    deviceId: DeviceId;
    userId: PersonId;
    reason: string;
  }): Promise<{ notifiedDevices: number }>;
  emailUserAboutRevocation(input: {
    deviceId: DeviceId;
    userId: PersonId;
    reason: string;
    disputes: OpenedDispute[];
    quarantined: number;
  }): Promise<void>;
  queueManagerReview(input: {
    deviceId: DeviceId;
    userId: PersonId;
    reason: string;
    revokedBy: PersonId;
    disputes: OpenedDispute[];
    quarantined: number;
  }): Promise<{ reviewItemId: string }>;
}
