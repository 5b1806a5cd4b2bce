/**
 * The device side of authentication. A socket handshake signs the id the gateway gave the
 * connection (connectionHandshake: no request first). A device HTTP request fetches a single-use
 * challenge from the gateway and signs it (deviceHandshake), because the gateway accepts each
 * challenge once and only for a short time by ITS clock. Either way freshness is the server's, so
 * a device whose own clock is wrong still gets in (and is told its offset once connected).
 */
import { connectionNonce, type AuthChallengeResponse, type DeviceAuth, type DeviceId } from '@pco/domain';
import { HTTP_PATHS, SYNC_CONFIG } from '../config';
import { FieldClientError } from '../errors';
import { fetchWithTimeout } from '../sync/http';
import type { DeviceKeys } from './device-keys';
import { signAuthChallenge } from './signing';

export async function fetchAuthChallenge(
  baseUrl: string,
  deviceId: DeviceId,
  fetchImpl?: typeof fetch,
): Promise<AuthChallengeResponse> {
  const url = `${baseUrl}${HTTP_PATHS.authChallenge}?deviceId=${encodeURIComponent(deviceId)}`;
  const response = await fetchWithTimeout(url, { method: 'GET' }, SYNC_CONFIG.healthTimeoutMs, fetchImpl);
  const body = (await response.json().catch(() => null)) as
    (AuthChallengeResponse & { error?: { code: string; message: string } }) | null;
  if (!response.ok || typeof body?.challenge !== 'string') {
    throw new FieldClientError(
      body?.error?.code ?? 'SERVER_UNAVAILABLE',
      body?.error?.message ?? `${url} answered ${response.status}`,
    );
  }
  return body;
}

export interface HandshakeSource {
  baseUrl: string;
  deviceId: () => DeviceId;
  keys: () => DeviceKeys;
  now: () => Date;
  fetchImpl?: typeof fetch;
}

/** A function returning a fresh signed DeviceAuth on every call (one challenge round trip each). */
export const deviceHandshake = (source: HandshakeSource) => async (): Promise<DeviceAuth> => {
  const deviceId = source.deviceId();
  const { challenge } = await fetchAuthChallenge(source.baseUrl, deviceId, source.fetchImpl);
  return signAuthChallenge(deviceId, source.keys(), source.now, challenge);
};

/** A function signing the socket handshake for the connection id it is given (no round trip). */
export const connectionHandshake =
  (source: Omit<HandshakeSource, 'baseUrl' | 'fetchImpl'>) =>
  (connectionId: string): Promise<DeviceAuth> =>
    signAuthChallenge(source.deviceId(), source.keys(), source.now, connectionNonce(connectionId));
