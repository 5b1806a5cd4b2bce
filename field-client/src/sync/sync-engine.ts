import type { DeviceId, Timestamp } from '@pco/domain';
import { SYNC_CONFIG } from '../config';
import { errorCodeOf, messageOf } from '../errors';
import type { LocalEventQueue } from '../queue/local-event-queue';
import { SerialExecutor } from '../queue/serial';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { loadServerState } from '../view/server-state';
import { saveDailySnapshot } from '../view/snapshots';
import { type DownloadOutcome, runDownloadPhase } from './download-phase';
import { type PushEffect, applyPush } from './live-push';
import { type RetryDeps, defaultRetryDeps } from './retry';
import { loadSyncState, saveSyncState } from './sync-state';
import type { ServerPush, SyncTransport } from './transport';
import { type UploadOutcome, runUploadPhase } from './upload-phase';

/** 'revoked' is terminal: once the gateway said so, no sync runs again and recording is refused. */
export type SyncStatus = 'completed' | 'stopped-on-conflict' | 'offline' | 'failed' | 'revoked' | 'held';

export interface SyncSummary {
  status: SyncStatus;
  startedAt: Timestamp;
  finishedAt: Timestamp;
  upload: UploadOutcome | null;
  download: DownloadOutcome | null;
  /** Reference data (products, locations, persons) refreshed for offline decide; error kept the old cache. */
  reference?: { refreshed: boolean; error?: string };
  /** Status 'held': when the device may sync again (the next run is scheduled for then). */
  heldUntil?: Timestamp;
  /** "CODE: message" when status is 'offline', 'failed', 'revoked' or 'held' (mass recovery: wait for the wave). */
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
  /** Fetches and stores reference data after the download; omitted ⇒ not refreshed. */
  refreshReference?: () => Promise<void>;
}

/**
 * The four phases of the spec. A sync lock makes overlapping calls share one run: a second
 * sync() while one runs gets the SAME promise (and so the same summary), never a second upload.
 */
export class SyncEngine {
  /** Phases and live pushes touch the same keys: they take turns. */
  private readonly lock = new SerialExecutor();
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
    this.running = this.lock
      .run(() => this.runPhases())
      .finally(() => {
        this.running = null;
      });
    return this.running.then((summary) => this.postSync(summary));
  }

  onSynced(listener: (summary: SyncSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a server push between phases (never beside one). */
  applyPush(push: ServerPush): Promise<PushEffect> {
    const { storage, queue, deviceId, now } = this.deps;
    return this.lock.run(() => applyPush({ storage, queue, deviceId, now }, push));
  }

  stop(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
  }

  private async runPhases(): Promise<SyncSummary> {
    const { storage, queue, transport, now } = this.deps;
    const retry = this.deps.retry ?? defaultRetryDeps;
    const startedAt = now().toISOString();
    const finish = (
      status: SyncStatus,
      upload: UploadOutcome | null,
      download: DownloadOutcome | null,
      error?: string,
    ): SyncSummary => ({
      status,
      startedAt,
      finishedAt: now().toISOString(),
      upload,
      download,
      ...(error ? { error } : {}),
    });
    const { revoked, holdUntil } = await loadSyncState(storage);
    if (revoked) return finish('revoked', null, null, `DEVICE_REVOKED: ${revoked.reason}`);
    // Staggered mass recovery: the device waits for its wave instead of joining the stampede.
    if (holdUntil && now().getTime() < Date.parse(holdUntil))
      return { ...finish('held', null, null, `RECOVERY_HOLD: sync held until ${holdUntil}`), heldUntil: holdUntil };
    await saveSyncState(storage, { lastAttemptedSync: startedAt });
    // Pre-sync: connectivity, then the queue snapshot (events queued later wait for the next sync).
    const health = await transport.health();
    if (!health.reachable) return this.failed(finish('offline', null, null, 'NETWORK_ERROR: health check failed'));
    try {
      await transport.connect();
      const snapshot = await this.snapshotQueue(queue);
      const upload = await runUploadPhase({
        storage,
        queue,
        transport,
        snapshot,
        now,
        retry,
        batchSize: this.deps.batchSize,
      });
      if (upload.stoppedBy === 'transport' || upload.stoppedBy === 'device') {
        return this.failed(
          finish(await this.statusOfError(upload.transportError ?? ''), upload, null, upload.transportError),
        );
      }
      const download = await runDownloadPhase({ storage, queue, transport, deviceId: this.deps.deviceId, now, retry });
      const reference = await this.refreshReference();
      await saveSyncState(storage, { lastSuccessfulSync: now().toISOString(), syncFailures: 0 });
      await saveDailySnapshot(storage, (await loadServerState(storage)).onHand, now());
      return {
        ...finish(upload.stoppedBy === 'conflict' ? 'stopped-on-conflict' : 'completed', upload, download),
        ...(reference ? { reference } : {}),
      };
    } catch (error) {
      const described = `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}`;
      return this.failed(finish(await this.statusOfError(described), null, null, described));
    }
  }

  private async refreshReference(): Promise<SyncSummary['reference']> {
    if (!this.deps.refreshReference) return undefined;
    try {
      await this.deps.refreshReference();
      return { refreshed: true };
    } catch (error) {
      return { refreshed: false, error: `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}` };
    }
  }

  /** DEVICE_REVOKED (handshake refusal or answer) is remembered: the device stops for good. */
  private async statusOfError(described: string): Promise<SyncStatus> {
    if (!described.startsWith('DEVICE_REVOKED')) return 'failed';
    await saveSyncState(this.deps.storage, { revoked: { reason: described, at: this.deps.now().toISOString() } });
    this.deps.transport.disconnect();
    return 'revoked';
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
    if (this.deps.scheduler && summary.status !== 'revoked') {
      const interval = this.deps.syncIntervalMs ?? SYNC_CONFIG.syncIntervalMs;
      const delay = summary.heldUntil
        ? Math.max(0, Date.parse(summary.heldUntil) - this.deps.now().getTime())
        : interval;
      this.cancelScheduled = this.deps.scheduler(() => void this.sync(), delay);
    }
    return summary;
  }
}
