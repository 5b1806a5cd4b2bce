import { type DeviceId, PULL_PAGE_LIMIT, type RecordedEvent } from '@pco/domain';
import type { LocalEventQueue } from '../queue/local-event-queue';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { applyPending } from '../view/local-inventory-view';
import { applyServerEvent, loadServerState, saveServerState } from '../view/server-state';
import { type RetryDeps, withRetry } from './retry';
import { loadSyncState, saveSyncState } from './sync-state';
import type { SyncTransport } from './transport';

export interface DownloadPhaseInput {
  storage: KeyValueStorage;
  queue: LocalEventQueue;
  transport: SyncTransport;
  deviceId: DeviceId;
  now: () => Date;
  retry: RetryDeps;
  pageLimit?: number;
}

export interface DownloadOutcome {
  pages: number;
  applied: number;
  /** Own events already folded in at acceptance (skipped, spec "skip our own events"). */
  skippedOwn: number;
  /** Events already folded in from a live push (skipped, so nothing is applied twice). */
  skippedLive: number;
  /** Own events found in the log that the queue still had as unsynced (lost ack): now synced. */
  confirmedOwn: string[];
  /** Every own event seen in this download (used by corruption reconciliation). */
  ownEvents: RecordedEvent[];
  cursor: number;
  stateHash: string;
  /** Pending events that now overdraw the believed on-hand ("may conflict"). */
  mayConflictEventIds: string[];
}

/**
 * Spec download phase over log positions: pull pages after the cursor until hasMore is false.
 * Own events: skipped when the queue already holds them as synced (their effect was applied at
 * acceptance); an own event the queue still holds as unsynced was accepted but its ack was lost,
 * so it is marked synced and applied; an own event the queue does not know (after a storage
 * reset) is applied. Cursor, state hash and server state are stored after every page, so an
 * interrupted download resumes where it stopped.
 */
export async function runDownloadPhase(input: DownloadPhaseInput): Promise<DownloadOutcome> {
  const outcome: DownloadOutcome = {
    pages: 0,
    applied: 0,
    skippedOwn: 0,
    skippedLive: 0,
    confirmedOwn: [],
    ownEvents: [],
    cursor: 0,
    stateHash: '',
    mayConflictEventIds: [],
  };
  let { cursor, stateHash, livePositions } = await loadSyncState(input.storage);
  const live = new Set(livePositions);
  let server = await loadServerState(input.storage);
  let hasMore = true;
  while (hasMore) {
    const page = await withRetry(
      () => input.transport.pull({ afterPosition: cursor, limit: input.pageLimit ?? PULL_PAGE_LIMIT }),
      'events:pull',
      input.retry,
    );
    const at = input.now().toISOString();
    for (const recorded of page.events) {
      if (live.has(recorded.position)) {
        outcome.skippedLive += 1;
        continue;
      }
      const own = recorded.event.offlineContext?.deviceId === input.deviceId;
      if (own) outcome.ownEvents.push(recorded);
      if (own && (await alreadyApplied(input, recorded, at, outcome))) continue;
      server = applyServerEvent(server, recorded.event, at);
      outcome.applied += 1;
    }
    ({ cursor, stateHash, hasMore } = page);
    outcome.pages += 1;
    await saveServerState(input.storage, server);
    await saveSyncState(input.storage, { cursor, stateHash, livePositions: [...live].filter((p) => p > cursor) });
  }
  const { mayConflict } = applyPending(server.onHand, await input.queue.all());
  return { ...outcome, cursor, stateHash, mayConflictEventIds: mayConflict.map((p) => p.localId) };
}

async function alreadyApplied(
  input: DownloadPhaseInput,
  recorded: RecordedEvent,
  at: string,
  outcome: DownloadOutcome,
): Promise<boolean> {
  const local = await input.queue.get(recorded.event.eventId);
  if (local?.status === 'synced') {
    outcome.skippedOwn += 1;
    return true;
  }
  if (local) {
    await input.queue.markAccepted(local.localId, recorded.serverId, at);
    outcome.confirmedOwn.push(local.localId);
  }
  return false;
}
