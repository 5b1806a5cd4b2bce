import type { DeviceId, Timestamp } from '@pco/domain';
import { SYNC_CONFIG } from '../config';
import { errorCodeOf, messageOf } from '../errors';
import type { LocalEventQueue } from '../queue/local-event-queue';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { loadServerState } from '../view/server-state';
import { saveDailySnapshot } from '../view/snapshots';
import { type DownloadOutcome, runDownloadPhase } from './download-phase';
import { type RetryDeps, defaultRetryDeps } from './retry';
import { loadSyncState, saveSyncState } from './sync-state';
import type { SyncTransport } from './transport';
import { type UploadOutcome, runUploadPhase } from './upload-phase';

export type SyncStatus = 'completed' | 'stopped-on-conflict' | 'offline' | 'failed';

export interface SyncSummary {
  status: SyncStatus;
  startedAt: Timestamp;
  finishedAt: Timestamp;
  upload: UploadOutcome | null;
  download: DownloadOutcome | null;
  /** "CODE: message" when status is 'offline' or 'failed'. */
  error?: string;
}

/** Schedules fn after ms; returns a cancel function. setTimeout in production, manual in tests. */
export type Scheduler = (fn: () => void, ms: number) => () => void;
export const timerScheduler: Scheduler = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export interface SyncEngineDeps {
  storage: KeyValueStorage;
  queue: LocalEventQueue;
  transport: SyncTransport;
  deviceId: DeviceId;
  now: () => Date;
  retry?: RetryDeps;
  /** Omit to never schedule (tests, manual sync only). */
  scheduler?: Scheduler;
  syncIntervalMs?: number;
  batchSize?: number;
}

/**
 * The four phases of the spec. A sync lock makes overlapping calls share one run: a second
 * sync() while one runs gets the SAME promise (and so the same summary), never a second upload.
 */
export class SyncEngine {
  private running: Promise<SyncSummary> | null = null;
  private cancelScheduled: (() => void) | null = null;
  private readonly listeners = new Set<(summary: SyncSummary) => void>();

  constructor(private readonly deps: SyncEngineDeps) {}

  get inProgress(): boolean {
    return this.running !== null;
  }

  sync(): Promise<SyncSummary> {
    if (this.running) return this.running;
    this.cancelScheduled?.();
    this.running = this.runPhases().finally(() => {
      this.running = null;
    });
    return this.running.then((summary) => this.postSync(summary));
  }

  onSynced(listener: (summary: SyncSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
  }

  private async runPhases(): Promise<SyncSummary> {
    const { storage, queue, transport, now } = this.deps;
    const retry = this.deps.retry ?? defaultRetryDeps;
    const startedAt = now().toISOString();
    const finish = (status: SyncStatus, upload: UploadOutcome | null, download: DownloadOutcome | null, error?: string): SyncSummary =>
      ({ status, startedAt, finishedAt: now().toISOString(), upload, download, ...(error ? { error } : {}) });
    await saveSyncState(storage, { lastAttemptedSync: startedAt });
    // Pre-sync: connectivity, then the queue snapshot (events queued later wait for the next sync).
    const health = await transport.health();
    if (!health.reachable) return this.failed(finish('offline', null, null, 'NETWORK_ERROR: health check failed'));
    try {
      await transport.connect();
      const snapshot = await this.snapshotQueue(queue);
      const upload = await runUploadPhase({ storage, queue, transport, snapshot, now, retry, batchSize: this.deps.batchSize });
      if (upload.stoppedBy === 'transport') return this.failed(finish('failed', upload, null, upload.transportError));
      const download = await runDownloadPhase({ storage, queue, transport, deviceId: this.deps.deviceId, now, retry });
      await saveSyncState(storage, { lastSuccessfulSync: now().toISOString(), syncFailures: 0 });
      await saveDailySnapshot(storage, (await loadServerState(storage)).onHand, now());
      return finish(upload.stoppedBy === 'conflict' ? 'stopped-on-conflict' : 'completed', upload, download);
    } catch (error) {
      return this.failed(finish('failed', null, null, `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}`));
    }
  }

  /** 'syncing' left over from an interrupted run never got an answer: it is queued again. */
  private async snapshotQueue(queue: LocalEventQueue) {
    for (const p of await queue.withStatus('syncing')) await queue.markQueued(p.localId, 'interrupted sync');
    return queue.all();
  }

  private async failed(summary: SyncSummary): Promise<SyncSummary> {
    const state = await loadSyncState(this.deps.storage);
    await saveSyncState(this.deps.storage, { syncFailures: state.syncFailures + 1 });
    return summary;
  }

  /** Post-sync: the lock is already released; notify, then schedule the next run. */
  private postSync(summary: SyncSummary): SyncSummary {
    for (const listener of this.listeners) listener(summary);
    if (this.deps.scheduler) {
      this.cancelScheduled = this.deps.scheduler(() => void this.sync(), this.deps.syncIntervalMs ?? SYNC_CONFIG.syncIntervalMs);
    }
    return summary;
  }
}
