import type {
  ClockOffset,
  ConflictNotice,
  ConflictId,
  DeviceId,
  Timestamp,
  PullPage,
  PullRequest,
  RecordedEvent,
  ReferenceDataResponse,
  SignedEvent,
  UploadResult,
} from '@pco/domain';

/** Pushes the gateway may send at any time (protocol ServerToClientEvents). */
export type ServerPush =
  | { kind: 'events:new'; event: RecordedEvent }
  | { kind: 'conflict:notice'; notice: ConflictNotice }
  | { kind: 'conflict:resolved'; conflictId: ConflictId; resolution: string }
  | { kind: 'device:revoked'; deviceId: DeviceId; reason: string }
  | { kind: 'recovery:admitted'; runId: string; wave: number }
  | { kind: 'recovery:come-back-at'; runId: string; at: Timestamp }
  | ({ kind: 'clock:offset' } & ClockOffset);

export interface HealthResult {
  reachable: boolean;
  latencyMs: number;
}

/**
 * What the sync phases need from the network. The phases take it as a parameter, so the same
 * phase code runs against the real Socket.IO gateway and against anything else that speaks it.
 * Failures reject with a FieldClientError whose code is retryable (NETWORK_ERROR, TIMEOUT,
 * SERVER_UNAVAILABLE) or the gateway's own ErrorCode (terminal unless listed as retryable).
 */
export interface SyncTransport {
  connect(): Promise<void>;
  disconnect(): void;
  health(): Promise<HealthResult>;
  upload(events: SignedEvent[]): Promise<UploadResult>;
  pull(request: PullRequest): Promise<PullPage>;
  /** GET /api/reference as this device (products, visible locations, their persons). */
  reference(): Promise<ReferenceDataResponse>;
  /** Returns an unsubscribe function. */
  onPush(listener: (push: ServerPush) => void): () => void;
}
