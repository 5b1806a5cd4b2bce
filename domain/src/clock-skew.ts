/** Spec "Clock Skew Discovery": flags implausible device timestamps for review. Sequence stays the truth. */
import type { InventoryEvent, Timestamp } from './types';

export type TimestampFlag = 'FUTURE' | 'BEFORE_REGISTRATION' | 'OUT_OF_ORDER';

export const DEFAULT_FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface TimestampAssessment {
  event: InventoryEvent;
  deviceRegisteredAt: Timestamp;
  /** The same device's event with the previous sequence number, when known. */
  previousEventOfDevice?: InventoryEvent;
  now: Timestamp;
  futureToleranceMs?: number;
}

const deviceTime = (event: InventoryEvent): number =>
  Date.parse(event.offlineContext?.deviceTimestamp ?? event.occurredAt);

/**
 * FUTURE: device or claimed time later than now + tolerance.
 * BEFORE_REGISTRATION: device or claimed time earlier than the device's registration.
 * OUT_OF_ORDER: device clock earlier than at the previous sequence number (claimed times may be
 * back-dated on purpose, so only the device clock is compared).
 */
export function assessTimestamps(input: TimestampAssessment): TimestampFlag[] {
  const { event } = input;
  const tolerance = input.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS;
  const times = [deviceTime(event), Date.parse(event.offlineContext?.claimedOccurredAt ?? event.occurredAt)];
  const flags: TimestampFlag[] = [];
  if (times.some((time) => time > Date.parse(input.now) + tolerance)) flags.push('FUTURE');
  if (times.some((time) => time < Date.parse(input.deviceRegisteredAt))) flags.push('BEFORE_REGISTRATION');
  if (input.previousEventOfDevice && deviceTime(input.previousEventOfDevice) > deviceTime(event))
    flags.push('OUT_OF_ORDER');
  return flags;
}
