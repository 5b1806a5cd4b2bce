/**
 * What the gateway needs from @pco/store, in one interface. Handlers depend on this, not on the
 * store's function names, so aligning with the store is this file's job alone.
 */
import type {
  ConflictNotice,
  DeviceStatus,
  EventAnswer,
  PullPage,
  RecordedEvent,
  ReferenceDataResponse,
  RegisterDeviceRequest,
  RegisterDeviceResponse,
  SignedEvent,
} from '@pco/domain';

export type { EnrolmentAttempt as EnrolmentAttemptRecord } from '@pco/store';
import type { EnrolmentAttempt as EnrolmentAttemptRecord } from '@pco/store';

export interface DeviceRecord {
  id: string;
  userId: string;
  status: DeviceStatus;
  publicKey: string;
}

/** The store's own record of a conflict, as submitBatch reports it (one definition, not a copy). */
export type { RecordedConflict } from '@pco/store';
import type { RecordedConflict } from '@pco/store';

export interface BatchOutcome {
  answers: EventAnswer[];
  accepted: RecordedEvent[];
  conflicts: RecordedConflict[];
}

export interface GatewayStore {
  /** Cheap round trip to the database; rejects when it is unreachable. */
  ping(): Promise<void>;
  getDevice(deviceId: string): Promise<DeviceRecord | null>;
  /**
   * Records that a handshake challenge was answered: true the first time on any gateway sharing
   * the database, false when it was answered before (a replay).
   */
  claimChallenge(claim: { challenge: string; deviceId: string; expiresAt: Date; now: Date }): Promise<boolean>;
  /** Locations whose events the person sees: assigned ones, or 'all' for managers and admins. */
  visibleLocations(personId: string): Promise<string[] | 'all'>;
  /**
   * Redeems the enrolment code and registers the device for the code's person, atomically.
   * Throws GatewayError (ENROLMENT_CODE_INVALID / _EXPIRED / _USED) for a refusal the client may see.
   */
  registerDevice(request: RegisterDeviceRequest, now: Date): Promise<RegisterDeviceResponse>;
  /** Audit row of one registration attempt, refused or not. */
  recordEnrolmentAttempt(attempt: EnrolmentAttemptRecord): Promise<void>;
  submitBatch(input: {
    deviceId: string;
    events: SignedEvent[];
    signatureValid: boolean[];
    signedHashes?: Array<string | null>;
    now: Date;
  }): Promise<BatchOutcome>;
  pullEvents(input: { deviceId: string; afterPosition: number; limit: number }): Promise<PullPage>;
  /**
   * Writes each notice to the durable device outbox under the key the conflict workflow uses too,
   * so the device gets one notice per conflict whoever writes first (the outbox delivers it).
   */
  enqueueConflictNotices(deviceId: string, notices: ConflictNotice[], now: Date): Promise<void>;
  /** Every product, the given locations ('all' ⇒ every one), and the user plus the persons assigned there and supervisors. */
  referenceData(input: { userId: string; locations: string[] | 'all' }): Promise<ReferenceDataResponse>;
  /** Keeps a photo's bytes under their SHA-256 (idempotent: stored=false when already there). */
  saveAttachment(input: {
    sha256: string;
    contentType: string;
    bytes: Uint8Array;
    deviceId: string;
    now: Date;
  }): Promise<{ stored: boolean }>;
}
