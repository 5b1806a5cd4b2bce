import type { OnHand, Timestamp } from '@pco/domain';
import { DAY_MS, STORAGE_LIMITS } from '../config';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';

/** A daily copy of the server-known on-hand ("inventorySnapshot" history of the spec). */
export interface InventorySnapshot {
  day: string;
  asOf: Timestamp;
  onHand: [string, number][];
}

const dayOf = (at: Date): string => at.toISOString().slice(0, 10);
const snapshotKey = (day: string): string => `${STORAGE_KEYS.snapshotPrefix}${day}`;

/** One snapshot per UTC day; a later sync the same day replaces that day's snapshot. */
export async function saveDailySnapshot(storage: KeyValueStorage, onHand: OnHand, at: Date): Promise<void> {
  const snapshot: InventorySnapshot = { day: dayOf(at), asOf: at.toISOString(), onHand: [...onHand.entries()] };
  await storage.setItem(snapshotKey(snapshot.day), snapshot);
}

export async function snapshotDays(storage: KeyValueStorage): Promise<string[]> {
  return (await storage.keys())
    .filter((k) => k.startsWith(STORAGE_KEYS.snapshotPrefix))
    .map((k) => k.slice(STORAGE_KEYS.snapshotPrefix.length))
    .sort();
}

/** Removes snapshots of days older than `days` before `now` (the day itself counts as day 0). Returns removed days. */
export async function trimSnapshots(
  storage: KeyValueStorage,
  now: Date,
  days: number = STORAGE_LIMITS.maxInventoryHistoryDays,
): Promise<string[]> {
  const oldestKept = dayOf(new Date(now.getTime() - (days - 1) * DAY_MS));
  const removed = (await snapshotDays(storage)).filter((day) => day < oldestKept);
  for (const day of removed) await storage.removeItem(snapshotKey(day));
  return removed;
}
