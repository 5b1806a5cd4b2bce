/**
 * The worker's ports to the devices, over the durable outbox (store/src/notifications.ts):
 * every message becomes a device_notifications row + NOTIFY, and whichever gateway holds the
 * device's socket delivers it (now, or when the device next connects). Works the same whether
 * the worker runs inside the gateway's process (npm start) or in its own (Compose).
 *
 * "Delivered" in these ports means "handed to the outbox": the worker cannot see sockets of
 * another process. Dedupe keys make a retried activity write each message once.
 */
import type { DeviceId } from '@pco/domain';
import {
  conflictMessageDedupeKey,
  enqueueDeviceNotifications,
  forkEm,
  otherActiveDevicesOf,
  type NewDeviceNotification,
  type StoreOrm,
} from '@pco/store';
import type { DeviceNotifier } from '../activities/conflict/deps';
import type { FleetPort } from '../activities/recovery/fleet-port';
import type { GatewayPort } from '../activities/revocation/ports';

export interface OutboxDeps {
  orm: StoreOrm;
  now: () => Date;
}

const write = (deps: OutboxDeps, items: NewDeviceNotification[]): Promise<string[]> =>
  enqueueDeviceNotifications(forkEm(deps.orm), items, deps.now());

/** The conflict workflow's notifier: `{ delivered: false }` always means "queued durably". */
export function outboxDeviceNotifier(deps: OutboxDeps): DeviceNotifier {
  return {
    async notify(deviceId, message) {
      const dedupeKey = conflictMessageDedupeKey(message.type, message.payload.conflictId, deviceId);
      const item: NewDeviceNotification =
        message.type === 'conflict:notice'
          ? { deviceId, kind: message.type, payload: message.payload, dedupeKey }
          : { deviceId, kind: message.type, payload: message.payload, dedupeKey };
      await write(deps, [item]);
      return { delivered: false };
    },
  };
}

/** Revocation's gateway port: a `disconnect` row (the gateway drops the sockets) and `device:revoked` notices. */
export function outboxGatewayPort(deps: OutboxDeps): GatewayPort {
  return {
    async disconnectDevice(deviceId, reason) {
      // No dedupe key: a second disconnect is harmless, and a revoked device never connects to drain it.
      await write(deps, [{ deviceId, kind: 'disconnect', payload: { reason } }]);
    },
    /** Returns how many of the person's other active devices were sent the notice. */
    async notifyPersonDevices(personId, notice, exceptDeviceId) {
      const devices = await otherActiveDevicesOf(deps.orm, personId, exceptDeviceId);
      await write(
        deps,
        devices.map((id) => ({
          deviceId: id,
          kind: 'device:revoked' as const,
          payload: notice,
          dedupeKey: `device:revoked:${notice.deviceId}:${id}`,
        })),
      );
      return devices.length;
    },
  };
}

/** Mass recovery's fleet port: "sync now" and "come back at T" as outbox rows. */
export function outboxFleetPort(deps: OutboxDeps): FleetPort {
  return {
    async admit(runId, deviceIds, wave) {
      await write(
        deps,
        deviceIds.map((deviceId) => ({
          deviceId,
          kind: 'recovery:admitted' as const,
          payload: { runId, wave },
          dedupeKey: `recovery:admitted:${runId}:${wave}:${deviceId}`,
        })),
      );
    },
    async comeBackAt(runId, notices) {
      await write(
        deps,
        notices.map((n) => ({
          deviceId: n.deviceId,
          kind: 'recovery:come-back-at' as const,
          payload: { runId, at: n.at },
          dedupeKey: `recovery:come-back-at:${runId}:${n.deviceId}:${n.at}`,
        })),
      );
    },
  };
}
