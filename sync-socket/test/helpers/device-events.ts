/**
 * Builds a device's offline events with gap-free sequence numbers, signed with its key, chained
 * as a field client chains them (signature version 2: each links to the hash of the previous
 * event's signed bytes; the first, or one after a number this factory skipped, is a chain start).
 * `{ signatureVersion: 1 }` makes events under the old rule, as devices made before the change.
 * Generic on purpose: integration tests, scenarios and the benchmark share it.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  chainStartInput,
  signingPayloadOf,
  type EventType,
  type InventoryEvent,
  type LocationId,
  type ProductId,
  type Quantity,
  type SignedEvent,
} from '@pco/domain';
import { signEvent, type DeviceKeys } from './signing';

export interface EventSpec {
  eventType: EventType;
  product: ProductId;
  quantity: Quantity;
  fromLocation?: LocationId | null;
  toLocation?: LocationId | null;
  data?: Record<string, unknown>;
  /** Defaults to the factory's clock. */
  occurredAt?: string;
  eventId?: string;
  /** Defaults to the next number; set it to make gaps or replays on purpose. */
  sequenceNumber?: number;
  lastKnownServerStateHash?: string;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** sha256 of a version-2 event's signed bytes: what the next event links to. */
export const signedHashOf = (event: InventoryEvent): string => sha256Hex(signingPayloadOf(event));

/** previousEventHash of an event that starts a chain at `sequenceNumber`. */
export const chainStartHash = (deviceId: string, sequenceNumber: number): string =>
  sha256Hex(chainStartInput(deviceId, sequenceNumber));

export class DeviceEvents {
  private nextSequence: number;
  private head: { sequenceNumber: number; hash: string } | null = null;

  constructor(
    readonly deviceId: string,
    readonly keys: DeviceKeys,
    readonly performedBy: string,
    private readonly clock: () => Date = () => new Date(),
    firstSequence = 1,
    private readonly options: { signatureVersion: 1 | 2 } = { signatureVersion: 2 },
  ) {
    this.nextSequence = firstSequence;
  }

  /**
   * Continues the chain a server already holds for this device (its stored chain head, the hash
   * of the event numbered `sequenceNumber`), as a field client does after a restart: the next
   * event links to it instead of starting a new chain the server would refuse.
   */
  resumeChain(sequenceNumber: number, hash: string | null): this {
    if (hash) this.head = { sequenceNumber, hash };
    return this;
  }

  /** The unsigned event (sequence consumed unless spec.sequenceNumber is given). */
  build(spec: EventSpec): InventoryEvent {
    const sequenceNumber = spec.sequenceNumber ?? this.nextSequence++;
    const at = spec.occurredAt ?? this.clock().toISOString();
    return {
      eventId: spec.eventId ?? randomUUID(),
      eventType: spec.eventType,
      product: spec.product,
      quantity: spec.quantity,
      fromLocation: spec.fromLocation ?? null,
      toLocation: spec.toLocation ?? null,
      performedBy: this.performedBy,
      occurredAt: at,
      offlineContext: {
        deviceId: this.deviceId,
        sequenceNumber,
        deviceTimestamp: this.clock().toISOString(),
        claimedOccurredAt: at,
        lastKnownServerStateHash: spec.lastKnownServerStateHash ?? '',
        localInventorySnapshotHash: '',
        syncStatus: 'pending',
      },
      data: spec.data ?? {},
    } as InventoryEvent;
  }

  /** Built, linked to the previous one (version 2) and signed with this device's key (`tamper`: see below). */
  next(spec: EventSpec, tamper: (built: InventoryEvent) => InventoryEvent = (built) => built): SignedEvent {
    // `tamper` (security tests) changes the event before it is linked and signed: a forgery the
    // device's own key vouches for, so the gateway's refusal is about the forged field, not the chain.
    const built = tamper(this.build(spec));
    if (this.options.signatureVersion === 1) return signEvent(built, this.keys);
    const seq = built.offlineContext!.sequenceNumber;
    const previousEventHash =
      this.head?.sequenceNumber === seq - 1 ? this.head.hash : chainStartHash(this.deviceId, seq);
    const event = {
      ...built,
      signatureVersion: 2,
      offlineContext: { ...built.offlineContext!, previousEventHash },
    } as InventoryEvent;
    this.head = { sequenceNumber: seq, hash: signedHashOf(event) };
    return signEvent(event, this.keys);
  }

  get upcomingSequence(): number {
    return this.nextSequence;
  }
}
