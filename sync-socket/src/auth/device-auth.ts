/**
 * Handshake authentication (`io.use`, and the header of device HTTP requests). A device proves it
 * holds its registered key by signing authChallengePayload(deviceId, timestamp, nonce), where the
 * nonce is fresh by the SERVER's doing, in one of two ways:
 * - on a socket, connectionNonce(id of this connection): the gateway generated that id at random
 *   for this connection (gateway.ts), so the signature is useless on any other one, and the device
 *   needed no extra round trip to learn it (it arrives with the transport's open packet);
 * - a challenge a gateway issued (challenge.ts): unexpired by the server's clock, made for this
 *   device, and not answered before, on this gateway (NonceCache, no database round trip for a
 *   replay here) nor on any other sharing the database (used_challenges). Device HTTP requests,
 *   and older clients' sockets.
 * The device's timestamp is information only: a device whose clock is days off still connects,
 * and is told its offset (issue 7.3).
 * Refusals reach the client as `connect_error` with `err.message = code` and
 * `err.data = { code, message }`.
 */
import {
  AUTH_CHALLENGE_PATH,
  authChallengePayload,
  connectionNonce,
  isConnectionNonce,
  type DeviceAuth,
  type ErrorCode,
} from '@pco/domain';
import type { GatewaySocket } from '../socket-types';
import { GatewayError, toClientError } from '../errors';
import type { Logger } from '../logger';
import type { SignatureVerifier } from '../crypto/signature-verifier';
import type { DeviceRecord, GatewayStore } from '../store-port';
import type { ChallengeIssuer } from './challenge';
import type { ConnectionIds } from './connection-ids';
import type { FloodGuard } from '../sync/flood-guard';
import type { NonceCache } from './nonce-cache';

export interface DeviceSession {
  deviceId: string;
  userId: string;
  publicKey: string;
  /** Locations whose events the device's user sees, at connect time: the rooms it joins. */
  locations: string[] | 'all';
  /** Server time at the handshake minus the device's signed timestamp (ms). */
  clockOffsetMs: number;
  deviceTime: string;
  serverTime: string;
}

export interface DeviceAuthDeps {
  store: GatewayStore;
  verifier: SignatureVerifier;
  nonces: NonceCache;
  challenges: ChallengeIssuer;
  now: () => Date;
  logger: Logger;
  /** Devices cut off for flooding: refused here, before the database is asked anything. */
  flood?: FloodGuard;
  /** Ids of socket connections: a connection-bound nonce must name its own. */
  connectionIds: ConnectionIds;
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

const CHALLENGE_REFUSAL = {
  malformed: `Handshake nonce must be a challenge from GET ${AUTH_CHALLENGE_PATH}`,
  forged: 'Handshake challenge was not issued by this server for this device',
  expired: 'Handshake challenge has expired; fetch a new one',
} as const;

const STATUS_REFUSAL: Partial<Record<DeviceRecord['status'], [ErrorCode, string]>> = {
  suspended: ['DEVICE_SUSPENDED', 'This device is suspended'],
  revoked: ['DEVICE_REVOKED', 'This device has been revoked'],
};

/**
 * How the nonce is fresh: bound to this socket connection (checked against its id, which is never
 * reused), or a server challenge (checked by MAC and expiry now, remembered once the signature holds).
 */
function checkFreshness(
  auth: DeviceAuth,
  connectionId: string | undefined,
  deps: DeviceAuthDeps,
  nowMs: number,
): { remember: { expiresAtMs: number } | null } {
  if (isConnectionNonce(auth.nonce)) {
    if (connectionId === undefined) {
      throw new GatewayError(
        'UNAUTHORIZED',
        `A connection-bound nonce is only valid in a socket handshake; use GET ${AUTH_CHALLENGE_PATH}`,
      );
    }
    if (auth.nonce !== connectionNonce(connectionId)) {
      throw new GatewayError('UNAUTHORIZED', 'Handshake nonce is bound to another connection');
    }
    return { remember: null };
  }
  const challenge = deps.challenges.check(auth.nonce, auth.deviceId, nowMs);
  if (!challenge.ok) throw new GatewayError('UNAUTHORIZED', CHALLENGE_REFUSAL[challenge.reason]);
  return { remember: { expiresAtMs: challenge.expiresAtMs } };
}

/** `connectionId`: the socket's connection id in a socket handshake; absent for HTTP requests. */
export async function authenticateDevice(
  raw: unknown,
  deps: DeviceAuthDeps,
  connectionId?: string,
): Promise<DeviceSession> {
  const auth = parseAuth(raw);
  const coolDownMs = deps.flood?.coolingDownFor(auth.deviceId, deps.now().getTime()) ?? 0;
  if (coolDownMs > 0) {
    throw new GatewayError(
      'RATE_LIMITED',
      `This device sent too much after being told to slow down; retry in ${Math.ceil(coolDownMs / 1000)} s`,
    );
  }
  const device = await deps.store.getDevice(auth.deviceId);
  if (!device) throw new GatewayError('UNKNOWN_DEVICE', 'Unknown device');
  const refusal = STATUS_REFUSAL[device.status];
  if (refusal) throw new GatewayError(refusal[0], refusal[1]);
  if (device.status !== 'active') throw new GatewayError('UNAUTHORIZED', 'Device is not active');

  const now = deps.now();
  const nowMs = now.getTime();
  const deviceMs = Date.parse(auth.timestamp);
  if (!Number.isFinite(deviceMs))
    throw new GatewayError('UNAUTHORIZED', 'Handshake timestamp must be an ISO 8601 time');
  const freshness = checkFreshness(auth, connectionId, deps, nowMs);
  const [valid] = await deps.verifier.verifyAll([
    { publicKey: device.publicKey, payload: authChallengePayload(auth), signature: auth.signature },
  ]);
  if (!valid) throw new GatewayError('UNAUTHORIZED', 'Handshake signature is invalid');

  // Only a correctly signed challenge is remembered, so garbage cannot fill the cache.
  if (freshness.remember) {
    const outcome = deps.nonces.remember(auth.deviceId, auth.nonce, nowMs, freshness.remember.expiresAtMs);
    if (outcome === 'reused')
      throw new GatewayError('UNAUTHORIZED', 'Handshake challenge was already used; fetch a new one');
    if (outcome === 'full') throw new GatewayError('RATE_LIMITED', 'Too many handshakes; retry shortly');
    // The cache above is this gateway's; the database row makes the challenge single use on every gateway.
    const claimed = await deps.store.claimChallenge({
      challenge: auth.nonce,
      deviceId: auth.deviceId,
      expiresAt: new Date(freshness.remember.expiresAtMs),
      now,
    });
    if (!claimed) throw new GatewayError('UNAUTHORIZED', 'Handshake challenge was already used; fetch a new one');
  }
  const locations = await deps.store.visibleLocations(device.userId);
  return {
    deviceId: device.id,
    userId: device.userId,
    publicKey: device.publicKey,
    locations,
    clockOffsetMs: nowMs - deviceMs,
    deviceTime: new Date(deviceMs).toISOString(),
    serverTime: now.toISOString(),
  };
}

type ConnectError = Error & { data?: { code: ErrorCode; message: string } };

/** The Socket.IO middleware; stores the session on socket.data. */
export function deviceAuthMiddleware(deps: DeviceAuthDeps) {
  return (socket: GatewaySocket, next: (err?: ConnectError) => void): void => {
    authenticateDevice(socket.handshake.auth, deps, deps.connectionIds.of(socket.request)).then(
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
