import type { DeviceId } from '@pco/domain';
import type { LocalEventQueue } from '../queue/local-event-queue';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { applyServerEvent, loadServerState, saveServerState } from '../view/server-state';
import { loadSyncState, MAX_NOTICED_CONFLICTS, saveSyncState } from './sync-state';
import type { ServerPush } from './transport';

export interface LivePushDeps {
  storage: KeyValueStorage;
  queue: LocalEventQueue;
  deviceId: DeviceId;
  now: () => Date;
}

/**
 * What a push changed locally ('ignored': already known, or not about this device; 'duplicate': a
 * conflict notice handled before, which listeners are not told of again).
 */
export type PushEffect =
  | 'applied'
  | 'conflict-marked'
  | 'resolved'
  | 'revoked'
  | 'held'
  | 'admitted'
  | 'clock-measured'
  | 'ignored'
  | 'duplicate';

/**
 * Acts on one server push. Must run under the engine's lock (never beside a sync phase): it
 * reads and writes the same server state, queue entries and sync state the phases do.
 */
export async function applyPush(deps: LivePushDeps, push: ServerPush): Promise<PushEffect> {
  switch (push.kind) {
    case 'events:new':
      return applyLiveEvent(deps, push.event);
    case 'conflict:notice':
      return markConflictFromNotice(deps, push.notice);
    case 'conflict:resolved':
      return markResolved(deps, push.conflictId, push.resolution);
    case 'device:revoked':
      if (push.deviceId !== deps.deviceId) return 'ignored';
      await saveSyncState(deps.storage, { revoked: { reason: push.reason, at: deps.now().toISOString() } });
      return 'revoked';
    case 'recovery:come-back-at':
      await saveSyncState(deps.storage, { holdUntil: push.at });
      return 'held';
    case 'recovery:admitted':
      await saveSyncState(deps.storage, { holdUntil: null });
      return 'admitted';
    case 'clock:offset':
      // Shown to the user; nothing is re-timed: the server orders this device's events by sequence.
      await saveSyncState(deps.storage, {
        clock: { offsetMs: push.offsetMs, serverTime: push.serverTime, deviceTime: push.deviceTime },
      });
      return 'clock-measured';
    default: {
      const unknown: never = push;
      return unknown;
    }
  }
}

/**
 * Another device's accepted event, folded into the server-known state at once. Its position is
 * remembered so the next pull (which returns it again, the cursor being behind it) skips it.
 * Own events never arrive here (the gateway excludes the sender) and are skipped if they do.
 */
async function applyLiveEvent(
  deps: LivePushDeps,
  recorded: Extract<ServerPush, { kind: 'events:new' }>['event'],
): Promise<PushEffect> {
  if (recorded.event.offlineContext?.deviceId === deps.deviceId) return 'ignored';
  const sync = await loadSyncState(deps.storage);
  if (recorded.position <= sync.cursor || sync.livePositions.includes(recorded.position)) return 'ignored';
  const server = await loadServerState(deps.storage);
  await saveServerState(deps.storage, applyServerEvent(server, recorded.event, deps.now().toISOString()));
  await saveSyncState(deps.storage, { livePositions: [...sync.livePositions, recorded.position] });
  return 'applied';
}

/**
 * The notice repeats the upload answer; it matters when that answer was lost with the connection.
 * Handled once per conflict id (remembered in the sync state, so across reconnects and restarts).
 */
async function markConflictFromNotice(
  deps: LivePushDeps,
  notice: Extract<ServerPush, { kind: 'conflict:notice' }>['notice'],
): Promise<PushEffect> {
  const { noticedConflicts } = await loadSyncState(deps.storage);
  if (noticedConflicts.includes(notice.conflictId)) return 'duplicate';
  const local = await deps.queue.get(notice.eventId);
  const marks = local?.status === 'queued' || local?.status === 'syncing';
  if (local && marks) await deps.queue.markConflicted(local.localId, notice.details, notice.conflictId);
  await saveSyncState(deps.storage, {
    noticedConflicts: [...noticedConflicts, notice.conflictId].slice(-MAX_NOTICED_CONFLICTS),
  });
  return marks ? 'conflict-marked' : 'ignored';
}

async function markResolved(deps: LivePushDeps, conflictId: string, resolution: string): Promise<PushEffect> {
  const held = (await deps.queue.withStatus('conflicted')).filter((p) => p.conflictId === conflictId);
  for (const p of held) await deps.queue.markResolved(p.localId, resolution, deps.now().toISOString());
  return held.length > 0 ? 'resolved' : 'ignored';
}
