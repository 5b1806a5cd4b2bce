/**
 * Connections per device (issue 12): a phone needs one socket; a reconnect may briefly overlap a
 * half-open old one that the server has not noticed yet (ping timeout). Over the limit the OLDEST
 * sockets of the device are disconnected and the new one kept: refusing the newcomer would lock a
 * phone out until its dead socket times out, and whoever holds the device key is the device.
 * A device that opens sockets in a loop only churns its own (and is bounded by the handshake
 * limit per address). Counted per gateway process: with several gateways behind a balancer the
 * limit applies to each.
 */
import type { GatewayServer, GatewaySocket } from '../socket-types';
import type { Logger } from '../logger';

export function limitConnectionsPerDevice(io: GatewayServer, maxPerDevice: number, logger: Logger): void {
  const sockets = new Map<string, GatewaySocket[]>();
  io.on('connection', (socket) => {
    const { deviceId } = socket.data.session;
    const open = [...(sockets.get(deviceId) ?? []), socket];
    sockets.set(deviceId, open);
    socket.once('disconnect', () => {
      const rest = (sockets.get(deviceId) ?? []).filter((s) => s !== socket);
      if (rest.length === 0) sockets.delete(deviceId);
      else sockets.set(deviceId, rest);
    });
    const excess = open.length - maxPerDevice;
    if (excess <= 0) return;
    logger.info('too many connections for one device: closing the oldest', {
      deviceId,
      open: open.length,
      max: maxPerDevice,
    });
    for (const oldest of open.slice(0, excess)) oldest.disconnect(true);
  });
}
