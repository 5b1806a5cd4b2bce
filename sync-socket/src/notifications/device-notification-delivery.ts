/**
 * Delivers outbox notifications to the devices connected to THIS gateway: on a device's connect
 * (everything it missed, in order), on a NOTIFY or in-process wake-up (a new row), and on a slow
 * sweep (a NOTIFY lost while the listener reconnected). One drain per device at a time, so rows
 * reach the device in id order; the store's transaction makes each row delivered exactly once.
 */
import type { DeviceId } from '@pco/domain';
import { forkEm, type StoreOrm } from '@pco/store';
import {
  deliverDeviceNotifications,
  deviceOfUndeliveredNotification,
  devicesWithUndelivered,
  type StoredDeviceNotification,
} from '@pco/store';
import type { Logger } from '../logger';
import { deviceRoom, type GatewayServer } from '../socket-types';

export interface DeliveryDeps {
  io: GatewayServer;
  orm: StoreOrm;
  now: () => Date;
  logger: Logger;
  /** The gateway's own: tells the device it is revoked and drops its sockets. */
  disconnectDevice(deviceId: DeviceId, reason: string): void;
}

const DEVICE_ROOM_PREFIX = deviceRoom('');

export class DeviceNotificationDelivery {
  /** The drain running (or queued) per device: a new request chains after it. */
  private readonly draining = new Map<DeviceId, Promise<void>>();

  constructor(private readonly deps: DeliveryDeps) {}

  /** Delivers the device's undelivered notifications if it has a socket on this gateway. */
  drain(deviceId: DeviceId): Promise<void> {
    const previous = this.draining.get(deviceId) ?? Promise.resolve();
    const next = previous.then(() => this.drainNow(deviceId));
    this.draining.set(deviceId, next);
    void next.finally(() => {
      if (this.draining.get(deviceId) === next) this.draining.delete(deviceId);
    });
    return next;
  }

  /** A NOTIFY's payload is the row id. */
  async notified(id: string): Promise<void> {
    const deviceId = await deviceOfUndeliveredNotification(forkEm(this.deps.orm), id);
    if (deviceId && this.isConnectedHere(deviceId)) await this.drain(deviceId);
  }

  /** Every device connected here that has something undelivered. */
  async sweep(): Promise<void> {
    const connected = this.connectedDevices();
    const pending = await devicesWithUndelivered(forkEm(this.deps.orm), connected);
    await Promise.all(pending.map((deviceId) => this.drain(deviceId)));
  }

  /** Resolves when every drain started so far has finished (for close()). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.draining.values()]);
  }

  private async drainNow(deviceId: DeviceId): Promise<void> {
    if (!this.isConnectedHere(deviceId)) return;
    try {
      const delivered = await deliverDeviceNotifications(forkEm(this.deps.orm), deviceId, this.deps.now(), (n) =>
        this.deliver(n),
      );
      if (delivered > 0) this.deps.logger.debug('device notifications delivered', { deviceId, delivered });
    } catch (error) {
      // Left undelivered: the next connect, NOTIFY or sweep tries again.
      this.deps.logger.error('device notification delivery failed', { deviceId, error });
    }
  }

  private deliver(n: StoredDeviceNotification): void {
    const room = this.deps.io.to(deviceRoom(n.deviceId));
    switch (n.kind) {
      case 'disconnect':
        this.deps.disconnectDevice(n.deviceId, n.payload.reason);
        return;
      case 'conflict:notice':
        room.emit(n.kind, n.payload);
        return;
      case 'conflict:resolved':
        room.emit(n.kind, n.payload);
        return;
      case 'device:revoked':
        room.emit(n.kind, n.payload);
        return;
      case 'recovery:admitted':
        room.emit(n.kind, n.payload);
        return;
      case 'recovery:come-back-at':
        room.emit(n.kind, n.payload);
        return;
      default: {
        const unknown: never = n;
        this.deps.logger.warn('unknown device notification kind', { notification: unknown });
      }
    }
  }

  /** The in-memory adapter knows this gateway's rooms; other gateways deliver to their own sockets. */
  private isConnectedHere(deviceId: DeviceId): boolean {
    return (this.deps.io.of('/').adapter.rooms.get(deviceRoom(deviceId))?.size ?? 0) > 0;
  }

  private connectedDevices(): DeviceId[] {
    return [...this.deps.io.of('/').adapter.rooms.keys()]
      .filter((room) => room.startsWith(DEVICE_ROOM_PREFIX))
      .map((room) => room.slice(DEVICE_ROOM_PREFIX.length));
  }
}
