/**
 * What one simulated technician does during the campaign: batches of random size, some recorded
 * with the radio off for a random while, each followed by a sync that is retried until the queue
 * is empty (faults make syncs fail; the engine's retries and this loop carry on). A share of
 * devices end with an issue larger than their truck holds: a real conflict, held on both sides.
 */
import { lineOf } from '@pco/field-client';
import { CHAOS_PRODUCT, type ChaosDevice } from './fleet';

export interface DeviceScript {
  events: number;
  maxBatch: number;
  offlineRate: number;
  endsInConflict: boolean;
  random: () => number;
  /** Average pause between batches, so the work spans the fault campaign. */
  pauseMs: number;
  /** The office moves stock out of the truck meanwhile (a server-side event): the device's issue then conflicts. */
  takeFromTruck(truckId: string, units: number): Promise<void>;
}

export interface DeviceStats {
  syncs: number;
  failedSyncs: number;
  offlinePeriods: number;
  /** Syncs that had not settled after HUNG_SYNC_MS (each named in the log). */
  hungSyncs?: number;
}

/** A sync that takes longer than this is reported: the engine bounds every wait by its own timeouts. */
const HUNG_SYNC_MS = 90_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function recordOne(device: ChaosDevice, random: () => number): Promise<void> {
  const quantity = { value: 1, unit: CHAOS_PRODUCT.unit };
  const pending =
    random() < 0.7
      ? await device.client.issue({
          product: CHAOS_PRODUCT.id,
          quantity,
          fromLocation: device.truckId,
          jobReference: `chaos-job-${device.created.length + 1}`,
        })
      : await device.client.returnProduct({
          product: CHAOS_PRODUCT.id,
          quantity,
          toLocation: device.truckId,
          reason: 'unused',
        });
  device.created.push(pending.localId);
}

/** Syncs until nothing waits ('queued'/'syncing'), or the deadline passes. */
export async function syncUntilDrained(device: ChaosDevice, stats: DeviceStats, deadlineMs: number): Promise<boolean> {
  while (Date.now() < deadlineMs) {
    stats.syncs += 1;
    const watchdog = setTimeout(() => {
      stats.hungSyncs = (stats.hungSyncs ?? 0) + 1;
      console.log(
        `[chaos] device ${device.index} (${device.deviceId}): a sync has not settled after ${HUNG_SYNC_MS / 1000} s`,
      );
    }, HUNG_SYNC_MS);
    const summary = await device.client
      .sync()
      .catch((error: unknown) => ({ status: 'failed', error: String(error) }))
      .finally(() => clearTimeout(watchdog));
    if (summary.status !== 'completed' && summary.status !== 'stopped-on-conflict') stats.failedSyncs += 1;
    const waiting = await device.client.queue.withStatus('queued', 'syncing');
    if (waiting.length === 0) return true;
    await sleep(500 + Math.floor(Math.random() * 1_500));
  }
  return false;
}

export async function runDeviceScript(device: ChaosDevice, script: DeviceScript, stats: DeviceStats): Promise<void> {
  let left = script.events - (script.endsInConflict ? 1 : 0);
  while (left > 0) {
    const size = Math.min(left, 1 + Math.floor(script.random() * script.maxBatch));
    const offline = script.random() < script.offlineRate;
    if (offline) {
      device.link.goOffline();
      stats.offlinePeriods += 1;
    }
    for (let i = 0; i < size; i++) await recordOne(device, script.random);
    left -= size;
    if (offline) {
      await sleep(500 + Math.floor(script.random() * 4_000));
      device.link.goOnline();
    }
    await syncUntilDrained(device, stats, Date.now() + 120_000);
    await sleep(Math.floor(script.random() * 2 * script.pauseMs));
  }
  if (script.endsInConflict) {
    // Offline, the technician uses everything the truck holds (valid by the phone's view); the
    // office moves 10 out of the same truck meanwhile; at sync the issue meets too little stock.
    device.link.goOffline();
    const believed = lineOf(await device.client.view(), device.truckId, CHAOS_PRODUCT.id)?.believedOnHand ?? 0;
    const pending = await device.client.issue({
      product: CHAOS_PRODUCT.id,
      quantity: { value: believed, unit: CHAOS_PRODUCT.unit },
      fromLocation: device.truckId,
      jobReference: 'chaos-use-all',
    });
    device.created.push(pending.localId);
    await script.takeFromTruck(device.truckId, 10);
    device.link.goOnline();
    await syncUntilDrained(device, stats, Date.now() + 120_000);
  }
}
