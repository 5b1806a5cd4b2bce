import type { ConflictDetails, ConflictId, Timestamp } from '@pco/domain';
import { STORAGE_LIMITS } from '../config';
import { FieldClientError } from '../errors';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';
import { SerialExecutor } from './serial';
import { type PendingEvent, type PendingStatus, UNSYNCED_STATUSES, bySequence } from './pending-event';

const eventKey = (localId: string): string => `${STORAGE_KEYS.pendingEvents}:${localId}`;
const archiveKey = (localId: string): string => `${STORAGE_KEYS.archivedEvents}:${localId}`;

/**
 * The durable queue: one storage key per event, so one unreadable entry never takes the others
 * with it (see recovery). An event changes to 'synced' only through markAccepted, which the
 * upload phase calls with the server's acknowledgement.
 */
export class LocalEventQueue {
  private readonly serial = new SerialExecutor();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly maxPending: number = STORAGE_LIMITS.maxPendingEvents,
  ) {}

  /** Refuses with QUEUE_FULL at the limit: nothing already queued is ever dropped to make room. */
  enqueue(pending: PendingEvent): Promise<PendingEvent> {
    return this.serial.run(async () => {
      await this.assertCapacity();
      await this.storage.setItem(eventKey(pending.localId), pending);
      return pending;
    });
  }

  async unsyncedCount(): Promise<number> {
    return (await this.all()).filter((p) => UNSYNCED_STATUSES.includes(p.status)).length;
  }

  /** Checked BEFORE a sequence number is taken, so a refusal never leaves a gap in the sequence. */
  async assertCapacity(): Promise<void> {
    const unsynced = await this.unsyncedCount();
    if (unsynced >= this.maxPending) {
      throw new FieldClientError(
        'QUEUE_FULL',
        `${unsynced} events wait for sync (limit ${this.maxPending}); sync before recording more`,
      );
    }
  }

  async all(): Promise<PendingEvent[]> {
    const keys = (await this.storage.keys()).filter((key) => key.startsWith(`${STORAGE_KEYS.pendingEvents}:`));
    const entries = await Promise.all(keys.map((key) => this.storage.getItem<PendingEvent>(key)));
    return entries.filter((e): e is PendingEvent => e !== null).sort(bySequence);
  }

  async withStatus(...statuses: PendingStatus[]): Promise<PendingEvent[]> {
    return (await this.all()).filter((p) => statuses.includes(p.status));
  }

  get(localId: string): Promise<PendingEvent | null> {
    return this.storage.getItem<PendingEvent>(eventKey(localId));
  }

  /** Read-modify-write of one entry, serialised with every other queue write. */
  update(localId: string, change: (p: PendingEvent) => PendingEvent): Promise<PendingEvent> {
    return this.serial.run(async () => {
      const current = await this.get(localId);
      if (!current) throw new FieldClientError('VALIDATION_ERROR', `no queued event ${localId}`);
      const next = change(current);
      await this.storage.setItem(eventKey(localId), next);
      return next;
    });
  }

  markSyncing(localId: string, at: Timestamp): Promise<PendingEvent> {
    return this.update(localId, (p) => ({ ...p, status: 'syncing', attempts: p.attempts + 1, lastAttempt: at }));
  }

  markAccepted(localId: string, serverId: string, at: Timestamp): Promise<PendingEvent> {
    return this.update(localId, (p) => ({
      ...p,
      status: 'synced',
      serverId,
      syncedAt: at,
      lastError: undefined,
      event: {
        ...p.event,
        offlineContext: p.event.offlineContext && { ...p.event.offlineContext, syncStatus: 'synced', syncedAt: at },
      },
    }));
  }

  markConflicted(localId: string, details: ConflictDetails, conflictId: ConflictId): Promise<PendingEvent> {
    return this.update(localId, (p) => ({
      ...p,
      status: 'conflicted',
      conflictDetails: details,
      conflictId,
      event: {
        ...p.event,
        offlineContext: p.event.offlineContext && { ...p.event.offlineContext, syncStatus: 'conflicted' },
      },
    }));
  }

  markFailed(localId: string, lastError: string, at: Timestamp): Promise<PendingEvent> {
    return this.update(localId, (p) => ({
      ...p,
      status: 'failed',
      lastError,
      failedAt: at,
      event: {
        ...p.event,
        offlineContext: p.event.offlineContext && { ...p.event.offlineContext, syncStatus: 'failed' },
      },
    }));
  }

  /** A manager resolved the conflict this event raised: it no longer holds the queue or counts as pending. */
  markResolved(localId: string, resolution: string, at: Timestamp): Promise<PendingEvent> {
    return this.update(localId, (p) => ({ ...p, status: 'resolved', resolution, resolvedAt: at }));
  }

  /** Back to 'queued' (network error, unprocessed answer): the attempt stays counted. */
  markQueued(localId: string, lastError?: string): Promise<PendingEvent> {
    return this.update(localId, (p) => ({ ...p, status: 'queued', lastError: lastError ?? p.lastError }));
  }

  /** Moves an entry to the archive key space. Never deletes: the archive is kept for investigation. */
  archive(localId: string): Promise<void> {
    return this.serial.run(async () => {
      const current = await this.get(localId);
      if (!current) return;
      await this.storage.setItem(archiveKey(localId), current);
      await this.storage.removeItem(eventKey(localId));
    });
  }

  async archived(): Promise<PendingEvent[]> {
    const keys = (await this.storage.keys()).filter((key) => key.startsWith(`${STORAGE_KEYS.archivedEvents}:`));
    const entries = await Promise.all(keys.map((key) => this.storage.getItem<PendingEvent>(key)));
    return entries.filter((e): e is PendingEvent => e !== null).sort(bySequence);
  }

  /** Removes a synced or resolved entry (the server log holds it and its resolution); any other status is kept. */
  prune(localId: string): Promise<void> {
    return this.serial.run(async () => {
      const current = await this.get(localId);
      if (current?.status === 'synced' || current?.status === 'resolved')
        await this.storage.removeItem(eventKey(localId));
    });
  }
}
