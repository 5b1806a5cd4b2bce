/**
 * Handshake authentication (`io.use`). A device proves it holds its registered key by signing
 * authChallengePayload(deviceId, timestamp, nonce); the timestamp must be within the clock window
 * and the nonce unused within it. Refusals reach the client as `connect_error` with
 * `err.message = code` and `err.data = { code, message }`.
 */
import { authChallengePayload, type DeviceAuth, type ErrorCode } from '@pco/domain';
import type { GatewaySocket } from '../socket-types';
import { GatewayError, toClientError } from '../errors';
import type { Logger } from '../logger';
import type { SignatureVerifier } from '../crypto/signature-verifier';
import type { DeviceRecord, GatewayStore } from '../store-port';
import type { NonceCache } from './nonce-cache';

export interface DeviceSession {
  deviceId: string;
  userId: string;
  publicKey: string;
  /** Locations whose events the device's user sees, at connect time: the rooms it joins. */
  locations: string[] | 'all';
}

export interface DeviceAuthDeps {
  store: GatewayStore;
  verifier: SignatureVerifier;
  nonces: NonceCache;
  now: () => Date;
  clockSkewMs: number;
  logger: Logger;
}

const MAX_FIELD = 200;
const isShortString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_FIELD;

function parseAuth(raw: unknown): DeviceAuth {
  const auth = (raw ?? {}) as Record<string, unknown>;
  const { deviceId, timestamp, nonce, signature } = auth;
  if (!isShortString(deviceId) || !isShortString(timestamp) || !isShortString(nonce) || !isShortString(signature)) {
    throw new GatewayError('UNAUTHORIZED', 'Handshake auth must carry deviceId, timestamp, nonce and signature');
  }
  return { deviceId, timestamp, nonce, signature };
}

const STATUS_REFUSAL: Partial<Record<DeviceRecord['status'], [ErrorCode, string]>> = {
  suspended: ['DEVICE_SUSPENDED', 'This device is suspended'],
  revoked: ['DEVICE_REVOKED', 'This device has been revoked'],
};

export async function authenticateDevice(raw: unknown, deps: DeviceAuthDeps): Promise<DeviceSession> {
  const auth = parseAuth(raw);
  const device = await deps.store.getDevice(auth.deviceId);
  if (!device) throw new GatewayError('UNKNOWN_DEVICE', 'Unknown device');
  const refusal = STATUS_REFUSAL[device.status];
  if (refusal) throw new GatewayError(refusal[0], refusal[1]);
  if (device.status !== 'active') throw new GatewayError('UNAUTHORIZED', 'Device is not active');

  const nowMs = deps.now().getTime();
  const claimedMs = Date.parse(auth.timestamp);
  if (!Number.isFinite(claimedMs) || Math.abs(nowMs - claimedMs) > deps.clockSkewMs) {
    throw new GatewayError('UNAUTHORIZED', 'Handshake timestamp is outside the accepted clock window');
  }
  const [valid] = await deps.verifier.verifyAll([
    { publicKey: device.publicKey, payload: authChallengePayload(auth), signature: auth.signature },
  ]);
  if (!valid) throw new GatewayError('UNAUTHORIZED', 'Handshake signature is invalid');

  // Only a correctly signed nonce is remembered, so garbage cannot fill the cache.
  const outcome = deps.nonces.remember(auth.deviceId, auth.nonce, nowMs);
  if (outcome === 'reused') throw new GatewayError('UNAUTHORIZED', 'Handshake nonce was already used');
  if (outcome === 'full') throw new GatewayError('RATE_LIMITED', 'Too many handshakes; retry shortly');
  const locations = await deps.store.visibleLocations(device.userId);
  return { deviceId: device.id, userId: device.userId, publicKey: device.publicKey, locations };
}

type ConnectError = Error & { data?: { code: ErrorCode; message: string } };

/** The Socket.IO middleware; stores the session on socket.data. */
export function deviceAuthMiddleware(deps: DeviceAuthDeps) {
  return (socket: GatewaySocket, next: (err?: ConnectError) => void): void => {
    authenticateDevice(socket.handshake.auth, deps).then(
      (session) => {
        socket.data.session = session;
        next();
      },
      (error: unknown) => {
        const clientError = toClientError(error);
        if (clientError.code === 'INTERNAL_ERROR') deps.logger.error('handshake failed', { error });
        else deps.logger.info('handshake refused', { code: clientError.code });
        const refusal: ConnectError = new Error(clientError.code);
        refusal.data = clientError;
        next(refusal);
      },
    );
  };
}
