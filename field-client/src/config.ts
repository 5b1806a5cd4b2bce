/**
 * Every limit, timeout and path of the field client in one place (spec: STORAGE_LIMITS,
 * RETRY_CONFIG, connectivity check). Other modules import from here; no literal is repeated.
 */
import { AUTH_CHALLENGE_PATH } from '@pco/domain';

export const STORAGE_LIMITS = {
  /** Unsynced (queued/syncing/conflicted) events. At the limit enqueue refuses with QUEUE_FULL. */
  maxPendingEvents: 500,
  maxCachedProducts: 10_000,
  /** Days of daily inventory snapshots kept. */
  maxInventoryHistoryDays: 30,
  /** Failed events older than this are moved to the archive key (never deleted). */
  archiveFailedAfterDays: 30,
  maxAttachmentSize: 5 * 1024 * 1024,
} as const;

export const RETRY_CONFIG = {
  maxAttempts: 4,
  backoffMs: [2000, 4000, 8000, 16000] as readonly number[],
  jitterMs: 1000,
  /** RATE_LIMITED: the gateway protects itself (per-device limits); waiting and retrying is the answer. */
  retryableErrors: [
    'NETWORK_ERROR',
    'TIMEOUT',
    'SERVER_UNAVAILABLE',
    'RATE_LIMITED',
    '502',
    '503',
    '504',
  ] as readonly string[],
  terminalErrors: ['UNAUTHORIZED', 'FORBIDDEN', 'VALIDATION_ERROR', 'CONFLICT'] as readonly string[],
} as const;

export const SYNC_CONFIG = {
  healthTimeoutMs: 5000,
  /** Events per `events:upload` emit. */
  uploadBatchSize: 100,
  /**
   * Bytes (JSON) per `events:upload` emit: a batch is cut at whichever of this and uploadBatchSize
   * comes first. Half the gateway's default message limit, far under its transport limit (which
   * drops the connection without an answer); a PAYLOAD_TOO_LARGE answer lowers it for the phase.
   */
  maxUploadBytes: 500_000,
  ackTimeoutMs: 15_000,
  /** The view is flagged `mayBeStale` when the last successful sync is older than this (or never). */
  staleAfterMs: 15 * 60 * 1000,
  /** Delay before the next scheduled sync. */
  syncIntervalMs: 5 * 60 * 1000,
} as const;

export const HTTP_PATHS = {
  health: '/api/health',
  registerDevice: '/api/devices',
  reference: '/api/reference',
  authChallenge: AUTH_CHALLENGE_PATH,
} as const;

export const DAY_MS = 24 * 60 * 60 * 1000;
