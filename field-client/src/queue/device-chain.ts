/**
 * The device's own hash chain (signature version 2): each event carries the sha256 of the
 * canonical bytes the device signed for its previous event, so the server can check a whole
 * batch with one signature and an inspector can see that nothing was removed or reordered.
 *
 * The head is written when an event is queued (before the queue entry), so it is as durable as
 * the queue. Where the stored head is not the previous number's (a crash between the two writes,
 * a storage reset), the previous event is looked up in the queue; where it is gone, the event
 * starts a new chain (chainStartInput), which the server accepts only where it cannot know the
 * previous hash itself (docs/device-chain.md).
 */
import { chainStartInput, signingPayloadOf, type DeviceId, type InventoryEvent } from '@pco/domain';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';
import { sha256Hex } from '../view/snapshot-hash';
import type { LocalEventQueue } from './local-event-queue';

export interface ChainHead {
  sequenceNumber: number;
  hash: string;
}

const isChainHead = (value: unknown): value is ChainHead =>
  typeof value === 'object' &&
  value !== null &&
  Number.isInteger((value as ChainHead).sequenceNumber) &&
  typeof (value as ChainHead).hash === 'string';

/** sha256 hex of the bytes a version-2 event is signed over: what the next event links to. */
export const signedHashOf = (event: InventoryEvent): Promise<string> => sha256Hex(signingPayloadOf(event));

/** previousEventHash for the event numbered `sequenceNumber`. */
export async function previousEventHashFor(
  storage: KeyValueStorage,
  queue: LocalEventQueue,
  deviceId: DeviceId,
  sequenceNumber: number,
): Promise<string> {
  const head = await storage.getItem<unknown>(STORAGE_KEYS.chainHead);
  if (isChainHead(head) && head.sequenceNumber === sequenceNumber - 1) return head.hash;
  const previous = (await queue.all()).find((p) => p.event.offlineContext?.sequenceNumber === sequenceNumber - 1);
  if (previous?.event.signatureVersion === 2) return signedHashOf(previous.event);
  return sha256Hex(chainStartInput(deviceId, sequenceNumber));
}

export async function saveChainHead(storage: KeyValueStorage, head: ChainHead): Promise<void> {
  await storage.setItem(STORAGE_KEYS.chainHead, head);
}

/**
 * After a storage reset: the head is the device's own event numbered `sequenceNumber` when one is
 * known (readable before the reset, or in the server's log as the pull showed it); else the head
 * is left unset and the next event starts a chain.
 */
export async function restoreChainHead(
  storage: KeyValueStorage,
  sequenceNumber: number,
  known: readonly InventoryEvent[],
): Promise<boolean> {
  const own = known.find((e) => e.offlineContext?.sequenceNumber === sequenceNumber && e.signatureVersion === 2);
  if (!own) return false;
  await saveChainHead(storage, { sequenceNumber, hash: await signedHashOf(own) });
  return true;
}
