import {
  type Command,
  type DeviceId,
  type InventoryEvent,
  type Requests,
  type Timestamp,
  decide,
  evolveRequests,
} from '@pco/domain';
import { FieldClientError } from '../errors';
import type { LocalEventQueue } from '../queue/local-event-queue';
import { buildOfflineContext } from '../queue/offline-context';
import { EFFECTIVE_PENDING_STATUSES, type PendingEvent, bySequence } from '../queue/pending-event';
import type { SequenceNumberGenerator } from '../queue/sequence-number-generator';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { loadReferenceData } from '../storage/reference-cache';
import type { DeviceKeys } from '../security/device-keys';
import { signEvent } from '../security/signing';
import { loadSyncState } from '../sync/sync-state';
import { applyPending } from '../view/local-inventory-view';
import { loadServerState } from '../view/server-state';

export interface RecordDeps {
  storage: KeyValueStorage;
  queue: LocalEventQueue;
  sequence: SequenceNumberGenerator;
  keys: DeviceKeys;
  deviceId: DeviceId;
  now: () => Date;
  newId: () => string;
}

/** Requests as the device believes them: server-known, then own pending request events. */
const believedRequests = (server: Requests, pending: readonly PendingEvent[]): Requests =>
  pending
    .filter((p) => EFFECTIVE_PENDING_STATUSES.includes(p.status))
    .sort(bySequence)
    .reduce((s, p) => evolveRequests(s, p.event), server);

/**
 * Command → domain decide (against the believed view and the cached reference data) → sequence
 * number → signature → durable queue. Order matters: capacity and decide are checked with the
 * NEXT number before it is taken, so a refused command never consumes a number (a gap would make
 * the server refuse every later event with SEQUENCE_GAP). Callers must serialise recordEvent.
 */
export async function recordEvent(
  deps: RecordDeps,
  command: Command,
  claimedOccurredAt?: Timestamp,
): Promise<PendingEvent> {
  await deps.queue.assertCapacity();
  const now = deps.now();
  const [server, pending, reference, sync] = await Promise.all([
    loadServerState(deps.storage),
    deps.queue.all(),
    loadReferenceData(deps.storage),
    loadSyncState(deps.storage),
  ]);
  const believedOnHand = applyPending(server.onHand, pending).believed;
  const state = { onHand: believedOnHand, ...reference, requests: believedRequests(server.requests, pending) };
  const decideWith = async (sequenceNumber: number): Promise<InventoryEvent> => {
    const offline = await buildOfflineContext({
      deviceId: deps.deviceId,
      sequenceNumber,
      now,
      claimedOccurredAt,
      lastKnownServerStateHash: sync.stateHash,
      believedOnHand,
    });
    const decided = decide(command, state, { eventId, now: now.toISOString(), offline });
    if (!decided.ok) throw new FieldClientError(decided.error.code, decided.error.message);
    return decided.value;
  };
  const eventId = deps.newId();
  const expected = (await deps.sequence.current()) + 1;
  await decideWith(expected);
  const sequenceNumber = await deps.sequence.next();
  const event = await decideWith(sequenceNumber);
  const signed = await signEvent(event, deps.keys);
  return deps.queue.enqueue({
    localId: eventId,
    event: signed,
    status: 'queued',
    attempts: 0,
    queuedAt: now.toISOString(),
  });
}
