import type { ConflictDetails, ConflictId, EventId, SignedEvent, Timestamp } from '@pco/domain';

/** Spec "Local Event Queue": every status of PendingEvent. */
/** 'resolved': a conflicted event a manager resolved (the resolution is its own server event). */
export type PendingStatus = 'queued' | 'syncing' | 'synced' | 'conflicted' | 'failed' | 'resolved';

export interface PendingEvent {
  /** Client-generated UUID; travels as event.eventId. */
  localId: EventId;
  /** Assigned on the server's acceptance (global log position as decimal string). */
  serverId?: string;
  event: SignedEvent;
  status: PendingStatus;
  attempts: number;
  lastAttempt?: Timestamp;
  lastError?: string;
  conflictDetails?: ConflictDetails;
  conflictId?: ConflictId;
  /** Device time the event was queued (used for archiving by age). */
  queuedAt: Timestamp;
  syncedAt?: Timestamp;
  /** Device time the event became 'failed' (archive clock starts here). */
  failedAt?: Timestamp;
  /** Device time the `conflict:resolved` push arrived, and the resolution it named. */
  resolvedAt?: Timestamp;
  resolution?: string;
}

/** Statuses that still count against maxPendingEvents: not yet accepted, not terminally failed. */
export const UNSYNCED_STATUSES: readonly PendingStatus[] = ['queued', 'syncing', 'conflicted'];

/** Statuses whose stock effect the local view still shows on top of the server-known on-hand. */
export const EFFECTIVE_PENDING_STATUSES: readonly PendingStatus[] = ['queued', 'syncing', 'conflicted'];

export const sequenceOf = (pending: PendingEvent): number => pending.event.offlineContext?.sequenceNumber ?? 0;

export const bySequence = (a: PendingEvent, b: PendingEvent): number => sequenceOf(a) - sequenceOf(b);
