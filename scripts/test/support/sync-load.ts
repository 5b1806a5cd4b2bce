/**
 * Concurrent sync load for the embedded database test: many technicians, each with one device and
 * one vehicle of their own, connect, upload and pull at the same time, round after round. Every
 * failure is counted by its error code instead of thrown, so one run reports the whole picture
 * (the old PGlite server failed in several ways at once), and every pulled event is checked
 * against the device's assigned locations: another technician's stock on a page is a leak.
 */
import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@pco/domain';
import { appendServerEvent, insertLocation, insertPerson, registerDevice, type Em, type StoreOrm } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import {
  DeviceEvents,
  connectDevice,
  freshAuth,
  generateDeviceKeys,
  pull,
  upload,
  type DeviceKeys,
  type DeviceSocket,
} from '@pco/sync-socket/test-support';

export interface LoadDevice {
  deviceId: string;
  personId: string;
  vehicleId: string;
  keys: DeviceKeys;
}

export interface LoadShape {
  devices: number;
  rounds: number;
  eventsPerUpload: number;
  pullPageLimit: number;
  /** Socket handshake and ack timeout; a server that never answers counts as a failure. */
  timeoutMs: number;
}

export interface LoadFigures {
  handshakes: { ok: number; failed: Record<string, number> };
  uploads: { ok: number; failed: Record<string, number> };
  pulls: { pages: number; failed: Record<string, number> };
  /** Pulled events that touch none of the pulling device's assigned locations. */
  leakedEvents: number;
}

const STOCK_PRODUCT = { id: DEMO.products.gloves, unit: 'each' as const };

/** One technician, vehicle (assigned to that technician only) and registered device per phone, through the store. */
export async function createLoadDevices(orm: StoreOrm, count: number, now: Date): Promise<LoadDevice[]> {
  const devices = Array.from({ length: count }, (_, i) => ({
    personId: `load-tech-${i + 1}`,
    vehicleId: `load-vehicle-${i + 1}`,
    deviceId: `load-device-${i + 1}`,
    keys: generateDeviceKeys(),
  }));
  await orm.em.fork().transactional(async (tem) => {
    const em = tem as Em;
    for (const d of devices) {
      await insertPerson(em, {
        id: d.personId,
        name: `Load tech ${d.personId}`,
        email: `${d.personId}@load.example`,
        role: 'technician',
      });
      await insertLocation(em, {
        id: d.vehicleId,
        name: `Load truck ${d.vehicleId}`,
        kind: 'vehicle',
        status: 'active',
        assignedPersonIds: [d.personId],
      });
      await registerDevice(em, {
        deviceId: d.deviceId,
        userId: d.personId,
        name: `Load phone ${d.deviceId}`,
        publicKey: d.keys.publicKey,
        now,
      });
    }
  });
  // Opening stock per vehicle through the server-event path: each device has one event of its own before the load.
  for (const d of devices) {
    const appended = await appendServerEvent(
      orm,
      {
        eventId: randomUUID(),
        eventType: 'ProductTransferred',
        product: STOCK_PRODUCT.id,
        quantity: { value: 10, unit: STOCK_PRODUCT.unit },
        fromLocation: DEMO.locations.warehouse,
        toLocation: d.vehicleId,
        performedBy: DEMO.persons.admin,
        occurredAt: now.toISOString(),
        data: {},
      },
      now,
    );
    if (!appended.ok) throw new Error(`load stock event refused: ${appended.error.code}`);
  }
  return devices;
}

const emptyFigures = (): LoadFigures => ({
  handshakes: { ok: 0, failed: {} },
  uploads: { ok: 0, failed: {} },
  pulls: { pages: 0, failed: {} },
  leakedEvents: 0,
});
const countFailure = (into: Record<string, number>, code: string) => void (into[code] = (into[code] ?? 0) + 1);
const codeOf = (error: unknown): string =>
  (error as { data?: { code?: string } }).data?.code ?? (error instanceof Error ? error.message : String(error));

const touches = (event: RecordedEvent, location: string): boolean =>
  event.event.fromLocation === location || event.event.toLocation === location;

/** Every page from the start of the log; returns the device's own events, or undefined when a page failed. */
export async function pullEverything(
  socket: DeviceSocket,
  device: LoadDevice,
  shape: LoadShape,
  figures: LoadFigures,
): Promise<RecordedEvent[] | undefined> {
  const own: RecordedEvent[] = [];
  for (let after = 0; ;) {
    const ack = await pull(socket, { afterPosition: after, limit: shape.pullPageLimit }, shape.timeoutMs).catch(
      (error: unknown) => ({ ok: false as const, error: { code: codeOf(error) } }),
    );
    if (!ack.ok) {
      countFailure(figures.pulls.failed, ack.error.code);
      return undefined;
    }
    figures.pulls.pages++;
    for (const event of ack.data.events) {
      if (touches(event, device.vehicleId)) own.push(event);
      else figures.leakedEvents++;
    }
    if (!ack.data.hasMore) return own;
    after = ack.data.cursor;
  }
}

async function uploadBatch(
  socket: DeviceSocket,
  events: ReturnType<DeviceEvents['next']>[],
  shape: LoadShape,
  figures: LoadFigures,
): Promise<boolean> {
  const ack = await upload(socket, events, shape.timeoutMs).catch((error: unknown) => ({
    ok: false as const,
    error: { code: codeOf(error) },
  }));
  const failure = !ack.ok ? ack.error.code : ack.data.answers.find((a) => a.status !== 'accepted')?.status;
  if (failure) {
    countFailure(figures.uploads.failed, failure);
    return false;
  }
  figures.uploads.ok++;
  return true;
}

/** Connects with a freshly signed handshake; undefined (counted) when refused. */
export async function connectLoadDevice(
  url: string,
  device: LoadDevice,
  shape: LoadShape,
  figures: LoadFigures,
): Promise<DeviceSocket | undefined> {
  try {
    const socket = await connectDevice(url, await freshAuth(url, device.deviceId, device.keys), shape.timeoutMs);
    figures.handshakes.ok++;
    return socket;
  } catch (error) {
    countFailure(figures.handshakes.failed, codeOf(error));
    return undefined;
  }
}

/** One device's rounds: connect, upload one batch of returns into its own vehicle, pull every page, disconnect. */
async function runDevice(url: string, device: LoadDevice, shape: LoadShape, figures: LoadFigures): Promise<void> {
  const factory = new DeviceEvents(device.deviceId, device.keys, device.personId);
  let pending: ReturnType<DeviceEvents['next']>[] = [];
  for (let round = 0; round < shape.rounds; round++) {
    const socket = await connectLoadDevice(url, device, shape, figures);
    if (!socket) continue;
    try {
      // A batch that failed is sent again unchanged (a retry is answered idempotently), never skipped.
      if (pending.length === 0) {
        pending = Array.from({ length: shape.eventsPerUpload }, () =>
          factory.next({
            eventType: 'ProductReturned',
            product: STOCK_PRODUCT.id,
            quantity: { value: 1, unit: STOCK_PRODUCT.unit },
            fromLocation: null,
            toLocation: device.vehicleId,
            data: { reason: 'unused' },
          }),
        );
      }
      if (await uploadBatch(socket, pending, shape, figures)) pending = [];
      await pullEverything(socket, device, shape, figures);
    } finally {
      socket.close();
    }
  }
}

/** Every device runs its rounds at the same time. */
export async function runSyncLoad(url: string, devices: LoadDevice[], shape: LoadShape): Promise<LoadFigures> {
  const figures = emptyFigures();
  await Promise.all(devices.map((device) => runDevice(url, device, shape, figures)));
  return figures;
}

export { emptyFigures };
