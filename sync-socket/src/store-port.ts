/**
 * What the gateway needs from @pco/store, in one interface. Handlers depend on this, not on the
 * store's function names, so aligning with the store is this file's job alone.
 */
import type { DeviceStatus, EventAnswer, PullPage, RecordedEvent, ReferenceDataResponse, RegisterDeviceRequest, RegisterDeviceResponse, SignedEvent } from '@pco/domain';

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
  /** Locations whose events the person sees: assigned ones, or 'all' for managers and admins. */
  visibleLocations(personId: string): Promise<string[] | 'all'>;
  /** Throws GatewayError (e.g. UNKNOWN_PERSON) for a refusal the client may see. */
  registerDevice(request: RegisterDeviceRequest, now: Date): Promise<RegisterDeviceResponse>;
  submitBatch(input: { deviceId: string; events: SignedEvent[]; signatureValid: boolean[]; now: Date }): Promise<BatchOutcome>;
  pullEvents(input: { deviceId: string; afterPosition: number; limit: number }): Promise<PullPage>;
  /** Every product, the given locations ('all' ⇒ every one), and the user plus the persons assigned there and supervisors. */
  referenceData(input: { userId: string; locations: string[] | 'all' }): Promise<ReferenceDataResponse>;
  /** Keeps a photo's bytes under their SHA-256 (idempotent: stored=false when already there). */
  saveAttachment(input: { sha256: string; contentType: string; bytes: Uint8Array; deviceId: string; now: Date }): Promise<{ stored: boolean }>;
}
