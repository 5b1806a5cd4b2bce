/**
 * Pre-signed offline backlogs (built and signed before any timing starts), using the shared
 * DeviceEvents/signing helpers of sync-socket's tests.
 */
import { canonicalSigningPayload, utf8Bytes, type SignedEvent } from '@pco/domain';
import { DeviceEvents } from '@pco/sync-socket/test-support';
import { BENCH_PRODUCT, type BenchDevice } from './fixtures';

/**
 * Two kinds of offline work, neither of which can conflict:
 * - ProductIssued: 1 unit from the device's own (well stocked) vehicle; the store runs its
 *   insufficient-inventory check against the device's last known state for each one;
 * - ProductReturned: 1 unit back into the own vehicle; draws no stock, so no conflict check.
 */
export type BacklogKind = 'ProductIssued' | 'ProductReturned';

/** `count` events of `kind`, sequence 1..count, all naming the same last known server state. */
export function buildBacklog(
  device: BenchDevice,
  count: number,
  knownStateHash: string,
  kind: BacklogKind,
): SignedEvent[] {
  const factory = new DeviceEvents(device.deviceId, device.keys, device.personId);
  const common = {
    product: BENCH_PRODUCT.id,
    quantity: { value: 1, unit: BENCH_PRODUCT.unit },
    lastKnownServerStateHash: knownStateHash,
  };
  return Array.from({ length: count }, (_, i) =>
    kind === 'ProductIssued'
      ? factory.next({
          ...common,
          eventType: kind,
          fromLocation: device.vehicleId,
          toLocation: null,
          data: { jobReference: `bench-job-${i + 1}` },
        })
      : factory.next({
          ...common,
          eventType: kind,
          fromLocation: null,
          toLocation: device.vehicleId,
          data: { reason: 'unused' },
        }),
  );
}

/** Average bytes of the signed canonical payload and of the event as sent (JSON). */
export function eventSizes(events: readonly SignedEvent[]): { signedPayloadBytes: number; jsonBytes: number } {
  let signed = 0;
  let json = 0;
  for (const e of events) {
    signed += utf8Bytes(canonicalSigningPayload(e)).length;
    json += Buffer.byteLength(JSON.stringify(e));
  }
  return { signedPayloadBytes: Math.round(signed / events.length), jsonBytes: Math.round(json / events.length) };
}
