/**
 * The one typed contract between field client and gateway (Socket.IO events + the HTTP bits).
 * Shared by both sides so neither can drift. Only codes from ErrorCode ever go back to a client.
 */
import type {
  ConflictDetails,
  ConflictId,
  DeviceId,
  ErrorCode,
  EventId,
  Location,
  Person,
  PersonId,
  Product,
  RecordedEvent,
  SignedEvent,
  Timestamp,
} from './types';

/** Socket.IO handshake `auth`: a signed challenge. Signature is Ed25519 over authChallengePayload(). */
export interface DeviceAuth {
  deviceId: DeviceId;
  timestamp: Timestamp;
  /** Random, single use: the gateway refuses a nonce it has seen within the accepted clock window. */
  nonce: string;
  signature: string;
}

export const authChallengePayload = (a: Pick<DeviceAuth, 'deviceId' | 'timestamp' | 'nonce'>): string =>
  `pco-auth|${a.deviceId}|${a.timestamp}|${a.nonce}`;

/**
 * `maxBytes` comes with PAYLOAD_TOO_LARGE only: the largest message (bytes of its JSON arguments)
 * the gateway takes, so the client can split under it.
 */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; maxBytes?: number } };

/** The gateway's answer for one uploaded event. */
export type EventAnswer =
  | {
      status: 'accepted';
      eventId: EventId;
      sequenceNumber: number;
      serverId: string;
      position: number;
      recordedAt: Timestamp;
      hash: string;
    }
  | {
      status: 'conflict';
      eventId: EventId;
      sequenceNumber: number;
      conflictId: ConflictId;
      conflictDetails: ConflictDetails;
    }
  | { status: 'rejected'; eventId: EventId; sequenceNumber: number; code: ErrorCode; reason: string }
  /** Not looked at, because an earlier event in the batch conflicted or a conflict holds the device. */
  | { status: 'unprocessed'; eventId: EventId; sequenceNumber: number; code: 'CONFLICT_PENDING'; reason: string };

export interface UploadBatch {
  events: SignedEvent[];
}

export interface UploadResult {
  answers: EventAnswer[];
}

export interface PullRequest {
  /** Global log position already seen (0 = from the beginning). */
  afterPosition: number;
  /** At most 1000. */
  limit?: number;
}

export interface PullPage {
  /** Events for the device's assigned locations, ascending by position. */
  events: RecordedEvent[];
  /** Position examined up to (may be beyond the last returned event). */
  cursor: number;
  /** Hash-chain value at `cursor`: what the device reports as lastKnownServerStateHash. */
  stateHash: string;
  hasMore: boolean;
}

export interface ConflictNotice {
  conflictId: ConflictId;
  eventId: EventId;
  sequenceNumber: number;
  details: ConflictDetails;
}

export interface ClientToServerEvents {
  'events:upload': (batch: UploadBatch, ack: (res: Ack<UploadResult>) => void) => void;
  'events:pull': (req: PullRequest, ack: (res: Ack<PullPage>) => void) => void;
}

export interface ServerToClientEvents {
  /** Live push of an accepted event to the rooms of its locations. */
  'events:new': (event: RecordedEvent) => void;
  'conflict:notice': (notice: ConflictNotice) => void;
  'conflict:resolved': (n: { conflictId: ConflictId; resolution: string }) => void;
  'device:revoked': (n: { deviceId: DeviceId; reason: string }) => void;
  /** Mass recovery: this device's wave is admitted, sync now. */
  'recovery:admitted': (n: { runId: string; wave: number }) => void;
  /** Mass recovery: not yet — the device should hold its sync until `at`. */
  'recovery:come-back-at': (n: { runId: string; at: Timestamp }) => void;
}

/** HTTP: POST /api/devices — the device made its key pair; only the public key is sent. */
export interface RegisterDeviceRequest {
  userId: PersonId;
  name: string;
  publicKey: string;
}
export interface RegisterDeviceResponse {
  deviceId: DeviceId;
  registeredAt: Timestamp;
}

/**
 * HTTP: GET /api/reference — the reference data `decide` needs offline, as the authenticated
 * device's user may see it: every product, the locations visible to the user (assigned ones; all
 * for managers and admins) and the persons assigned to those locations plus the user.
 */
export interface ReferenceDataResponse {
  products: Product[];
  locations: Location[];
  persons: Person[];
}

/** HTTP requests made as a device carry a fresh signed DeviceAuth, JSON-encoded, in this header. */
export const DEVICE_AUTH_HEADER = 'x-pco-device-auth';

export const PULL_PAGE_LIMIT = 1000;
