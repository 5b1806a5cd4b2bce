/**
 * The gateway's side of the durable device notification outbox (store/src/notifications.ts).
 * Three triggers, one delivery path:
 *  - LISTEN device_notifications on a dedicated connection: writers in any process (Compose worker);
 *  - in-process wake-ups: writers in this process (npm start);
 *  - a sweep every `sweepIntervalMs` and after each listener (re)connection: anything a lost NOTIFY missed.
 * Plus the drain a device gets when it connects.
 */
import type { DeviceId } from '@pco/domain';
import type { StoreOrm } from '@pco/store';
import { DEVICE_NOTIFICATION_CHANNEL, deviceNotificationWakeups, startPgListener, type PgListener } from '@pco/store';
import type { Logger } from '../logger';
import type { GatewayServer } from '../socket-types';
import { DeviceNotificationDelivery } from './device-notification-delivery';

export { DeviceNotificationDelivery } from './device-notification-delivery';

export interface DeviceNotificationsOptions {
  /** The database the outbox lives in; the listener opens its own connection to it. */
  databaseUrl: string;
  /** Safety sweep for lost NOTIFYs. Default 10 s. */
  sweepIntervalMs?: number;
}

export interface DeviceNotificationsDeps {
  io: GatewayServer;
  orm: StoreOrm;
  now: () => Date;
  logger: Logger;
  disconnectDevice(deviceId: DeviceId, reason: string): void;
}

export interface DeviceNotifications {
  /** Call once the device's socket joined its room. */
  deviceConnected(deviceId: DeviceId): void;
  /** Resolves once the LISTEN is in place (or its first try failed; it keeps retrying). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_NOTIFICATION_SWEEP_MS = 10_000;

export function startDeviceNotifications(
  options: DeviceNotificationsOptions,
  deps: DeviceNotificationsDeps,
): DeviceNotifications {
  const delivery = new DeviceNotificationDelivery(deps);
  const failed = (what: string) => (error: unknown) =>
    deps.logger.error(`device notifications: ${what} failed`, { error });
  const sweep = () => void delivery.sweep().catch(failed('sweep'));

  const listener: PgListener = startPgListener({
    databaseUrl: options.databaseUrl,
    channel: DEVICE_NOTIFICATION_CHANNEL,
    logger: deps.logger,
    onNotification: (id) => void delivery.notified(id).catch(failed('delivery on NOTIFY')),
    onListening: sweep,
  });
  const onWakeup = (deviceId: DeviceId) => void delivery.drain(deviceId);
  deviceNotificationWakeups.on('written', onWakeup);
  const timer = setInterval(sweep, options.sweepIntervalMs ?? DEFAULT_NOTIFICATION_SWEEP_MS);
  timer.unref();

  return {
    ready: listener.ready,
    deviceConnected: (deviceId) => void delivery.drain(deviceId),
    async close() {
      clearInterval(timer);
      deviceNotificationWakeups.off('written', onWakeup);
      await listener.close();
      await delivery.idle();
    },
  };
}
