/**
 * The DeviceNotifier over Socket.IO: emit to the device's room when one of its sockets is
 * connected, else keep the message in an outbox that the gateway drains when the device connects.
 *
 * The outbox here lives in memory, so it serves a worker running in the gateway's process
 * (`npm start`). Messages are only banners: the conflict row itself is durable, and the gateway's
 * upload answer already carries every conflict, so a lost banner never loses a conflict.
 */
import type { DeviceId, ServerToClientEvents } from '@pco/domain';
import type { DeviceConflictMessage } from '@pco/workflows';
import type { DeviceNotifier } from './deps';

/** The two things the notifier needs from the socket layer. */
export interface DeviceSockets {
  isConnected(deviceId: DeviceId): Promise<boolean>;
  emit(deviceId: DeviceId, message: DeviceConflictMessage): void;
}

export interface DeviceOutbox {
  enqueue(deviceId: DeviceId, message: DeviceConflictMessage): void;
  /** Removes and returns the device's messages, oldest first. */
  drain(deviceId: DeviceId): DeviceConflictMessage[];
  size(deviceId: DeviceId): number;
}

/** Keeps only the latest message per conflict and kind: a re-sent banner replaces the earlier one. */
export class InMemoryDeviceOutbox implements DeviceOutbox {
  private readonly byDevice = new Map<DeviceId, DeviceConflictMessage[]>();

  enqueue(deviceId: DeviceId, message: DeviceConflictMessage): void {
    const sameKind = (m: DeviceConflictMessage) =>
      m.type === message.type && m.payload.conflictId === message.payload.conflictId;
    const queued = (this.byDevice.get(deviceId) ?? []).filter((m) => !sameKind(m));
    this.byDevice.set(deviceId, [...queued, message]);
  }

  drain(deviceId: DeviceId): DeviceConflictMessage[] {
    const queued = this.byDevice.get(deviceId) ?? [];
    this.byDevice.delete(deviceId);
    return queued;
  }

  size(deviceId: DeviceId): number {
    return this.byDevice.get(deviceId)?.length ?? 0;
  }
}

export function createDeviceNotifier(sockets: DeviceSockets, outbox: DeviceOutbox): DeviceNotifier {
  return {
    async notify(deviceId, message) {
      if (await sockets.isConnected(deviceId)) {
        sockets.emit(deviceId, message);
        return { delivered: true };
      }
      outbox.enqueue(deviceId, message);
      return { delivered: false };
    },
  };
}

/** The slice of a Socket.IO server (typed with the protocol's server→client map) that is used. */
export interface RoomEmitter {
  in(room: string): { fetchSockets(): Promise<unknown[]> };
  to(room: string): {
    emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean;
  };
}

/** DeviceSockets over the gateway's io server and its device-room naming. */
export function socketIoDeviceSockets(io: RoomEmitter, roomOf: (deviceId: DeviceId) => string): DeviceSockets {
  return {
    async isConnected(deviceId) {
      return (await io.in(roomOf(deviceId)).fetchSockets()).length > 0;
    },
    emit(deviceId, message) {
      emitMessage(io.to(roomOf(deviceId)), message);
    },
  };
}

/** Emits one conflict message on a room or a single socket (the gateway drains the outbox with it). */
export function emitMessage(target: ReturnType<RoomEmitter['to']>, message: DeviceConflictMessage): void {
  if (message.type === 'conflict:notice') target.emit('conflict:notice', message.payload);
  else target.emit('conflict:resolved', message.payload);
}
