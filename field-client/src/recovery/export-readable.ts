import { messageOf } from '../errors';
import { type PendingEvent, type PendingStatus, bySequence } from '../queue/pending-event';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';

export interface CorruptedKey {
  key: string;
  reason: string;
}

export interface StorageExport {
  /** Every key whose value could be read (pending events only when they parse as one). */
  readable: Record<string, unknown>;
  pendingEvents: PendingEvent[];
  corrupted: CorruptedKey[];
  /** Highest sequence number found anywhere readable (counter or events). */
  highestSequence: number;
  /** Highest sequence number among the readable events alone (the counter may be higher). */
  highestEventSequence: number;
}

const STATUSES: readonly PendingStatus[] = ['queued', 'syncing', 'synced', 'conflicted', 'failed', 'resolved'];
const isEventKey = (key: string): boolean =>
  key.startsWith(`${STORAGE_KEYS.pendingEvents}:`) || key.startsWith(`${STORAGE_KEYS.archivedEvents}:`);

/** Why a stored value is not a usable PendingEvent, or null when it is. */
export function pendingEventProblem(value: unknown): string | null {
  const p = value as Partial<PendingEvent> | null;
  if (!p || typeof p !== 'object') return 'not an object';
  if (typeof p.localId !== 'string') return 'localId missing';
  if (!STATUSES.includes(p.status as PendingStatus)) return `unknown status ${String(p.status)}`;
  if (!p.event || typeof p.event !== 'object' || p.event.eventId !== p.localId)
    return 'event missing or eventId differs from localId';
  const seq = p.event.offlineContext?.sequenceNumber;
  if (!Number.isInteger(seq) || (seq as number) < 1) return 'offlineContext.sequenceNumber missing';
  if (typeof p.event.signature !== 'string') return 'signature missing';
  return null;
}

/** Spec recovery step 1 "Preserve": read every key on its own; one bad key never hides the others. */
export async function exportReadableStorage(storage: KeyValueStorage): Promise<StorageExport> {
  const out: StorageExport = {
    readable: {},
    pendingEvents: [],
    corrupted: [],
    highestSequence: 0,
    highestEventSequence: 0,
  };
  let keys: string[];
  try {
    keys = await storage.keys();
  } catch (error) {
    out.corrupted.push({ key: '*', reason: `key listing failed: ${messageOf(error)}` });
    return out;
  }
  for (const key of keys) {
    try {
      exportOne(out, key, await storage.getItem<unknown>(key));
    } catch (error) {
      out.corrupted.push({ key, reason: `unreadable: ${messageOf(error)}` });
    }
  }
  // Sequence order, so the report and the re-queue follow the order the events were made in.
  out.pendingEvents.sort(bySequence);
  return out;
}

function exportOne(out: StorageExport, key: string, value: unknown): void {
  if (isEventKey(key)) {
    const problem = pendingEventProblem(value);
    if (problem) return void out.corrupted.push({ key, reason: problem });
    const pending = value as PendingEvent;
    out.pendingEvents.push(pending);
    out.highestSequence = Math.max(out.highestSequence, pending.event.offlineContext?.sequenceNumber ?? 0);
    out.highestEventSequence = Math.max(out.highestEventSequence, pending.event.offlineContext?.sequenceNumber ?? 0);
  } else if (key === STORAGE_KEYS.sequence) {
    if (!Number.isInteger(value) || (value as number) < 0)
      return void out.corrupted.push({ key, reason: 'sequence counter not a non-negative integer' });
    out.highestSequence = Math.max(out.highestSequence, value as number);
  }
  out.readable[key] = value;
}
