/**
 * The ports over the real Socket.IO gateway, for a worker running in the gateway's process
 * (`npm start`). A worker in another process needs a cross-process channel instead (e.g. the
 * Socket.IO PostgreSQL/Redis adapter on the gateways), which these adapters accept as `io`.
 */
import { otherActiveDevicesOf, type StoreOrm } from '@pco/store';
import { deviceRoom, type Gateway } from '@pco/sync-socket';
import type { ComeBackNotice, FleetPort } from '../src/activities/recovery/fleet-port';
import type { GatewayPort } from '../src/activities/revocation/ports';

export function socketGatewayPort(gateway: Pick<Gateway, 'io' | 'disconnectDevice'>, orm: StoreOrm): GatewayPort {
  return {
    async disconnectDevice(deviceId, reason) {
      gateway.disconnectDevice(deviceId, reason);
    },
    async notifyPersonDevices(personId, notice, exceptDeviceId) {
      let reached = 0;
      for (const id of await otherActiveDevicesOf(orm, personId, exceptDeviceId)) {
        const room = deviceRoom(id);
        reached += (await gateway.io.in(room).fetchSockets()).length;
        gateway.io.to(room).emit('device:revoked', notice);
      }
      return reached;
    },
  };
}

export function socketFleetPort(gateway: Pick<Gateway, 'io'>): FleetPort {
  return {
    async admit(runId, deviceIds, wave) {
      for (const id of deviceIds) gateway.io.to(deviceRoom(id)).emit('recovery:admitted', { runId, wave });
    },
    async comeBackAt(runId, notices: ComeBackNotice[]) {
      for (const n of notices) gateway.io.to(deviceRoom(n.deviceId)).emit('recovery:come-back-at', { runId, at: n.at });
    },
  };
}
