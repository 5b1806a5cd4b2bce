/**
 * Real conflicts through the real gateway: two technicians on the shared truck (tech2, tech3)
 * issue from the same stale state; the second upload conflicts and the gateway's hook starts
 * the conflict workflow (the test never starts it).
 */
import { getDevice } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { conflictWorkflowId } from '@pco/workflows';
import { upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import { currentHash, eventsOf, waitUntil, type RecordingDevice, type WiredSystem } from '@pco/workers/test-support';

const { locations: L } = DEMO;
const asDeviceSocket = (r: RecordingDevice) => r.socket as unknown as DeviceSocket;

export async function issue(
  system: WiredSystem,
  device: RecordingDevice,
  tech: 'tech2' | 'tech3',
  product: string,
  value: number,
  known: string,
) {
  const events = await eventsOf(system.db.orm, tech);
  const event = events.next({
    eventType: 'ProductIssued',
    product,
    quantity: { value, unit: 'each' },
    fromLocation: L.vehicle2,
    toLocation: L.customerSite,
    data: { jobReference: `job-${tech}-${value}` },
    lastKnownServerStateHash: known,
  });
  return upload(asDeviceSocket(device), [event]);
}

/** tech2 takes `first`, then tech3 asks `second` from the same state: returns the conflict id once its workflow runs. */
export async function raceOnSharedTruck(
  system: WiredSystem,
  devices: { tech2: RecordingDevice; tech3: RecordingDevice },
  product: string,
  first: number,
  second: number,
): Promise<string> {
  const known = await currentHash(system.db.orm);
  const a = await issue(system, devices.tech2, 'tech2', product, first, known);
  if (!a.ok || a.data.answers[0].status !== 'accepted')
    throw new Error(`tech2's issue was not accepted: ${JSON.stringify(a)}`);
  const b = await issue(system, devices.tech3, 'tech3', product, second, known);
  if (!b.ok || b.data.answers[0].status !== 'conflict')
    throw new Error(`expected a conflict, got ${JSON.stringify(b)}`);
  const conflictId = b.data.answers[0].conflictId;
  const handle = system.temporal.client.workflow.getHandle(conflictWorkflowId(conflictId));
  await waitUntil(
    async () => (await handle.describe().catch(() => null))?.status.name === 'RUNNING',
    20_000,
    'the conflict workflow',
  );
  return conflictId;
}

export const heldBy = async (system: WiredSystem, deviceId: string): Promise<string | null> =>
  (await getDevice(system.db.orm.em.fork(), deviceId))?.heldByConflictId ?? null;
