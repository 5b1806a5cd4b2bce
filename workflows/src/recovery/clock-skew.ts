/**
 * Spec "Clock Skew Discovery", steps Identify / Flag / Assess, as pure code over the domain's
 * `assessTimestamps`. The sequence number stays the ordering truth: a flag never reorders
 * anything; it asks a human whether a correction event is needed.
 */
import { assessTimestamps, type InventoryEvent, type Timestamp, type TimestampFlag } from '@pco/domain';

export interface LoggedDeviceEvent {
  position: number;
  event: InventoryEvent;
  deviceId: string;
  sequenceNumber: number;
  /** When the server recorded it: "future" is judged against this, not against the scan time. */
  recordedAt: Timestamp;
}

export interface TimestampFlagRecord {
  eventId: string;
  position: number;
  deviceId: string;
  sequenceNumber: number;
  issues: TimestampFlag[];
  /** True when the device clock runs backwards against the sequence: time order ≠ sequence order. */
  orderingAffected: boolean;
}

export const CLOCK_SKEW_CORRECTION_REASON = 'clock-skew correction';

export function flagTimestamps(input: {
  logged: LoggedDeviceEvent;
  deviceRegisteredAt: Timestamp;
  previousOfDevice?: InventoryEvent;
  futureToleranceMs?: number;
}): TimestampFlagRecord | null {
  const issues = assessTimestamps({
    event: input.logged.event,
    deviceRegisteredAt: input.deviceRegisteredAt,
    previousEventOfDevice: input.previousOfDevice,
    now: input.logged.recordedAt,
    futureToleranceMs: input.futureToleranceMs,
  });
  if (issues.length === 0) return null;
  return {
    eventId: input.logged.event.eventId,
    position: input.logged.position,
    deviceId: input.logged.deviceId,
    sequenceNumber: input.logged.sequenceNumber,
    issues,
    orderingAffected: issues.includes('OUT_OF_ORDER'),
  };
}
