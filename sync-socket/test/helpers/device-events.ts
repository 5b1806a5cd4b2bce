/**
 * Builds a device's offline events with gap-free sequence numbers, signed with its key.
 * Generic on purpose: integration tests, scenarios and the benchmark share it.
 */
import { randomUUID } from 'node:crypto';
import type { EventType, InventoryEvent, LocationId, ProductId, Quantity, SignedEvent } from '@pco/domain';
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

export class DeviceEvents {
  private nextSequence: number;

  constructor(
    readonly deviceId: string,
    readonly keys: DeviceKeys,
    readonly performedBy: string,
    private readonly clock: () => Date = () => new Date(),
    firstSequence = 1,
  ) {
    this.nextSequence = firstSequence;
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

  /** Built and signed with this device's key. */
  next(spec: EventSpec): SignedEvent {
    return signEvent(this.build(spec), this.keys);
  }

  get upcomingSequence(): number {
    return this.nextSequence;
  }
}
