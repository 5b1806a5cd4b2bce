import type { DeviceId, Timestamp } from '@pco/domain';
import { errorCodeOf, messageOf } from '../errors';
import type { LocalEventQueue } from '../queue/local-event-queue';
import type { PendingEvent } from '../queue/pending-event';
import { SequenceNumberGenerator } from '../queue/sequence-number-generator';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';
import { type DownloadOutcome, runDownloadPhase } from '../sync/download-phase';
import type { RetryDeps } from '../sync/retry';
import type { SyncTransport } from '../sync/transport';
import { type CorruptedKey, exportReadableStorage } from './export-readable';

export interface UnmatchedEvent {
  localId: string;
  sequenceNumber: number;
  status: PendingEvent['status'];
  reason: string;
}

export interface RecoveryReport {
  at: Timestamp;
  corrupted: CorruptedKey[];
  exportedPendingEvents: number;
  /** Exported events whose (device, sequence) the server log holds. */
  matched: string[];
  /**
   * Exported unsynced events above the server's last accepted sequence: queued again. When the
   * re-sync failed every unsynced exported event is queued again (sending it twice is harmless:
   * the server keys on (device, sequence)); losing it is not.
   */
  requeued: string[];
  /** Exported events the server does not hold and that cannot be sent again: to investigate. */
  unmatched: UnmatchedEvent[];
  serverLastSequence: number;
  /**
   * Numbers the device handed out whose events are neither readable nor in the server's log
   * (as far as the pull shows): events lost with the corrupted storage, to investigate.
   */
  lostSequences: number[];
  /**
   * Set when lost numbers were at the top: the counter went back to the highest number known to
   * exist (server or readable), so the next event does not leave a gap the server would refuse
   * with SEQUENCE_GAP for ever. Only after a successful re-sync.
   */
  counterLoweredTo?: number;
  download: DownloadOutcome | null;
  /** Reference data (cleared with the rest) fetched again; the error when that failed. */
  reference: { refreshed: boolean; error?: string };
  /** "CODE: message" when the re-sync failed; storage is already reset, exported data is in the report. */
  error?: string;
}

/**
 * Kept through the reset: the key pair (the server knows only this public key; a new one would
 * need a new registration), the registration, and the sequence counter, because reusing a
 * sequence number would be rejected by the server as DUPLICATE_OR_REPLAY (and a lower counter
 * would make every new event look like a replay).
 */
const KEPT_KEYS = [STORAGE_KEYS.deviceKeys, STORAGE_KEYS.deviceRegistration] as const;

export interface RecoveryDeps {
  storage: KeyValueStorage;
  queue: LocalEventQueue;
  transport: SyncTransport;
  deviceId: DeviceId;
  now: () => Date;
  retry: RetryDeps;
  /** Fetches and stores products, locations and persons (the reset cleared them). */
  refreshReference?: () => Promise<void>;
  log?: (report: RecoveryReport | { phase: 'corruption-detected'; corrupted: CorruptedKey[] }) => void;
}

/**
 * Spec "Corrupted Local Storage": preserve, report, reset, re-sync, reconcile.
 * Reconciliation uses what `events:pull` gives (the protocol has no per-device query): own events
 * appear in pull pages with their offlineContext. Limit: a pull only covers the device's assigned
 * locations, so an own event at a location no longer assigned is not seen; re-sending it is safe
 * (the server refuses a (device, sequence) it holds as DUPLICATE_OR_REPLAY, never applies it twice).
 */
export async function recoverFromCorruption(deps: RecoveryDeps): Promise<RecoveryReport> {
  const exported = await exportReadableStorage(deps.storage);
  deps.log?.({ phase: 'corruption-detected', corrupted: exported.corrupted });
  await resetStorage(deps.storage, exported.readable, exported.highestSequence);
  const report: RecoveryReport = {
    at: deps.now().toISOString(),
    corrupted: exported.corrupted,
    exportedPendingEvents: exported.pendingEvents.length,
    matched: [],
    requeued: [],
    unmatched: [],
    serverLastSequence: 0,
    lostSequences: [],
    download: null,
    reference: { refreshed: false },
  };
  try {
    await deps.transport.connect();
    report.download = await runDownloadPhase({
      storage: deps.storage,
      queue: deps.queue,
      transport: deps.transport,
      deviceId: deps.deviceId,
      now: deps.now,
      retry: deps.retry,
    });
  } catch (error) {
    report.error = `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}`;
  }
  if (report.download) report.reference = await refreshReference(deps);
  await reconcile(deps, exported.pendingEvents, report);
  await reportLostSequences(deps.storage, exported, report);
  await deps.storage.setItem(STORAGE_KEYS.corruptionReports, [
    ...((await deps.storage.getItem<RecoveryReport[]>(STORAGE_KEYS.corruptionReports)) ?? []),
    report,
  ]);
  deps.log?.(report);
  return report;
}

async function resetStorage(
  storage: KeyValueStorage,
  readable: Record<string, unknown>,
  highestSequence: number,
): Promise<void> {
  await storage.clear();
  for (const key of KEPT_KEYS) if (readable[key] !== undefined) await storage.setItem(key, readable[key]);
  await new SequenceNumberGenerator(storage).raiseTo(highestSequence);
}

async function refreshReference(deps: RecoveryDeps): Promise<RecoveryReport['reference']> {
  if (!deps.refreshReference) return { refreshed: false, error: 'no reference source' };
  try {
    await deps.refreshReference();
    return { refreshed: true };
  } catch (error) {
    return { refreshed: false, error: `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}` };
  }
}

async function reportLostSequences(
  storage: KeyValueStorage,
  exported: { pendingEvents: PendingEvent[]; highestSequence: number; highestEventSequence: number },
  report: RecoveryReport,
): Promise<void> {
  const known = new Set([
    ...(report.download?.ownEvents ?? []).map((r) => r.event.offlineContext?.sequenceNumber ?? 0),
    ...exported.pendingEvents.map((p) => p.event.offlineContext?.sequenceNumber ?? 0),
  ]);
  for (let seq = 1; seq <= exported.highestSequence; seq += 1) if (!known.has(seq)) report.lostSequences.push(seq);
  const highestKnown = Math.max(report.serverLastSequence, exported.highestEventSequence);
  if (report.download === null || highestKnown >= exported.highestSequence) return;
  // Safe to hand these numbers out again: the server never accepted them (else the pull had shown
  // them), and if it holds one anyway it refuses the reuse as DUPLICATE_OR_REPLAY, never applies it.
  await storage.setItem(STORAGE_KEYS.sequence, highestKnown);
  report.counterLoweredTo = highestKnown;
}

async function reconcile(deps: RecoveryDeps, exported: PendingEvent[], report: RecoveryReport): Promise<void> {
  const serverSeqs = new Map(
    (report.download?.ownEvents ?? []).map((r) => [r.event.offlineContext?.sequenceNumber ?? 0, r]),
  );
  report.serverLastSequence = Math.max(0, ...serverSeqs.keys());
  await new SequenceNumberGenerator(deps.storage).raiseTo(report.serverLastSequence);
  for (const p of exported) {
    const seq = p.event.offlineContext?.sequenceNumber ?? 0;
    const onServer = p.event.offlineContext?.deviceId === deps.deviceId ? serverSeqs.get(seq) : undefined;
    if (onServer) {
      report.matched.push(p.localId);
    } else if (p.status === 'failed') {
      await deps.storage.setItem(`${STORAGE_KEYS.archivedEvents}:${p.localId}`, p);
      report.unmatched.push({
        localId: p.localId,
        sequenceNumber: seq,
        status: p.status,
        reason: `failed before the reset (${p.lastError ?? 'no reason'}); archived`,
      });
    } else if (p.status !== 'synced' && (report.download === null || seq > report.serverLastSequence)) {
      await deps.queue.enqueue({ ...p, status: p.status === 'conflicted' ? 'conflicted' : 'queued' });
      report.requeued.push(p.localId);
    } else {
      report.unmatched.push({
        localId: p.localId,
        sequenceNumber: seq,
        status: p.status,
        reason:
          report.download === null
            ? 'synced before the reset; re-sync failed, not verified'
            : 'not in the server log and at or below its last accepted sequence',
      });
    }
  }
}
