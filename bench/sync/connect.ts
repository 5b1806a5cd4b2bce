/**
 * How the benchmark's devices open their sockets. `bound` is what the field client does: the
 * handshake signs the connection's own id, no request before the socket. `challenge` is the older
 * way (GET /api/auth/challenge first), kept to show the round trip it costs.
 */
import {
  connectDevice,
  freshAuth,
  signBoundAuth,
  type DeviceKeys,
  type DeviceSocket,
} from '@pco/sync-socket/test-support';

export type Handshake = 'bound' | 'challenge';

export async function connectBench(
  url: string,
  device: { deviceId: string; keys: DeviceKeys },
  timeoutMs: number,
  handshake: Handshake = 'bound',
  extra: Parameters<typeof connectDevice>[3] = {},
): Promise<DeviceSocket> {
  const auth =
    handshake === 'bound'
      ? signBoundAuth(device.deviceId, device.keys)
      : await freshAuth(url, device.deviceId, device.keys);
  return connectDevice(url, auth, timeoutMs, extra);
}
