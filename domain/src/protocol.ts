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

/**
 * Socket.IO handshake `auth` (and the DEVICE_AUTH_HEADER of device HTTP requests): a signed
 * challenge. Signature is Ed25519 over authChallengePayload(). Freshness comes from the SERVER,
 * in one of two forms of `nonce`:
 * - connectionNonce(id): the socket handshake only. `id` is the Engine.IO session id the gateway
 *   generated for THIS connection (random, sent to the client in the transport's open packet,
 *   before the handshake). A signature over it cannot be used on any other connection, and costs
 *   the device no round trip of its own (issue 11: a backlog synced in 3 round trips).
 * - a challenge the gateway issued (GET AUTH_CHALLENGE_PATH), valid for a short time by the
 *   server's clock and accepted once: device HTTP requests, and sockets of older clients.
 * The device's clock is never trusted for freshness, so a phone whose clock drifted while offline
 * can still connect and be told its offset.
 */
export interface DeviceAuth {
  deviceId: DeviceId;
  /** The device's own clock when it signed: information only (the gateway reports the offset). */
  timestamp: Timestamp;
  /** connectionNonce(this socket's id), or AuthChallengeResponse.challenge for this device, unexpired and unused. */
  nonce: string;
  signature: string;
}

export const authChallengePayload = (a: Pick<DeviceAuth, 'deviceId' | 'timestamp' | 'nonce'>): string =>
  `pco-auth|${a.deviceId}|${a.timestamp}|${a.nonce}`;

const CONNECTION_NONCE_PREFIX = 'connection:';

/** The handshake nonce bound to one socket connection (its Engine.IO session id). */
export const connectionNonce = (connectionId: string): string => `${CONNECTION_NONCE_PREFIX}${connectionId}`;

export const isConnectionNonce = (nonce: string): boolean => nonce.startsWith(CONNECTION_NONCE_PREFIX);

/** HTTP: GET AUTH_CHALLENGE_PATH?deviceId=… — a single-use challenge, valid until `expiresAt` (server clock). */
export interface AuthChallengeResponse {
  challenge: string;
  serverTime: Timestamp;
  expiresAt: Timestamp;
}

export const AUTH_CHALLENGE_PATH = '/api/auth/challenge';

/**
 * Sent to a device right after its handshake is accepted: the server's time and how far the
 * device's clock is from it (server − device, from the handshake's timestamp), so the app can
 * show a wrong clock. Events are still ordered by sequence number, never by device time.
 */
export interface ClockOffset {
  serverTime: Timestamp;
  deviceTime: Timestamp;
  /** serverTime − deviceTime in ms: positive ⇒ the device clock is behind. */
  offsetMs: number;
}

/**
 * `maxBytes` comes with PAYLOAD_TOO_LARGE only: the largest message (bytes of its JSON arguments)
 * the gateway takes, so the client can split under it.
 */
export type Ack<T> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; maxBytes?: number } };

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
  /** Once per accepted handshake, before anything else. */
  'clock:offset': (n: ClockOffset) => void;
}

/**
 * HTTP: POST /api/devices — the device made its key pair; only the public key is sent. The person
 * is the one a manager issued the one-time `enrolmentCode` for; `userId`, when sent, must be
 * that person (a different one is refused, never trusted).
 */
export interface RegisterDeviceRequest {
  enrolmentCode: string;
  name: string;
  publicKey: string;
  userId?: PersonId;
}
export interface RegisterDeviceResponse {
  deviceId: DeviceId;
  /** The person the enrolment code was issued for: the device's user. */
  userId: PersonId;
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
