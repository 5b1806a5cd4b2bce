/**
 * The gateway's HTTP surface beside Socket.IO: health, handshake challenges, device registration,
 * reference data, photo attachments and a technician's conflict decision.
 * Every error is `{ error: { code, message } }` with a code from ErrorCode.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTH_CHALLENGE_PATH } from '@pco/domain';
import { GatewayError, toClientError } from '../errors';
import type { Logger } from '../logger';
import type { GatewayStore } from '../store-port';
import type { DeviceAuthDeps } from '../auth/device-auth';
import { sendError, sendJson } from './json';
import { referenceData } from './reference';
import { serviceIndex } from './service-index';
import { registerDevice, type EnrolmentLimits } from './register-device';
import { ATTACHMENT_PATH, uploadAttachment } from './attachments';
import { CONFLICT_DECISION_PATH, conflictDecision, type OnConflictDecision } from './conflict-decision';

export { parseRegisterDevice } from './register-device';

export interface HttpDeps {
  store: GatewayStore;
  now: () => Date;
  logger: Logger;
  maxBodyBytes: number;
  healthTimeoutMs: number;
  corsOrigins: string[];
  /** Device authentication for GET /api/reference (the handshake's checks and nonce cache). */
  deviceAuth: DeviceAuthDeps;
  /** Failed registrations per client address and per enrolment code. */
  enrolmentLimits: EnrolmentLimits;
  /** Sends a technician's conflict decision to its workflow; absent ⇒ the route answers FORBIDDEN. */
  onConflictDecision?: OnConflictDecision;
  /** Challenges per client address (auth/address-limits.ts); false ⇒ RATE_LIMITED. */
  challengeAllowed: (req: IncomingMessage) => boolean;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function health(res: ServerResponse, deps: HttpDeps): Promise<void> {
  try {
    await withTimeout(deps.store.ping(), deps.healthTimeoutMs);
    sendJson(res, 200, { status: 'ok', time: deps.now().toISOString() });
  } catch (error) {
    deps.logger.warn('health check: database unreachable', { error });
    sendJson(res, 503, {
      status: 'unavailable',
      time: deps.now().toISOString(),
      error: { code: 'INTERNAL_ERROR', message: 'Database unreachable' },
    });
  }
}

const MAX_DEVICE_ID = 200;

/**
 * GET AUTH_CHALLENGE_PATH?deviceId=… — a fresh challenge bound to that device id. Answered for
 * any id (known or not), so it tells nobody which devices exist; it costs one HMAC.
 */
function authChallenge(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): void {
  if (!deps.challengeAllowed(req))
    throw new GatewayError('RATE_LIMITED', 'Too many challenges from this address; retry shortly');
  const deviceId = new URL(req.url ?? '/', 'http://gateway').searchParams.get('deviceId');
  if (!deviceId || deviceId.length > MAX_DEVICE_ID)
    throw new GatewayError('VALIDATION_ERROR', `deviceId (1 to ${MAX_DEVICE_ID} characters) is required`);
  sendJson(res, 200, deps.deviceAuth.challenges.issue(deviceId, deps.now()), { 'cache-control': 'no-store' });
}

function applyCors(req: IncomingMessage, res: ServerResponse, origins: string[]): void {
  const origin = req.headers.origin;
  if (!origin || !origins.includes(origin)) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', 'content-type, x-pco-device-auth');
}

/** The request listener for every non-Socket.IO request. */
/** A path segment, percent-decoded; malformed encoding (`%E0%A4%A`) is the caller's mistake, not a 500. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GatewayError('VALIDATION_ERROR', 'The path holds malformed percent-encoding');
  }
}

export function createHttpHandler(deps: HttpDeps) {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    applyCors(req, res, deps.corsOrigins);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (path === '/' && req.method === 'GET') return serviceIndex(res);
    if (path === '/api/health' && req.method === 'GET') return health(res, deps);
    if (path === AUTH_CHALLENGE_PATH && req.method === 'GET') return authChallenge(req, res, deps);
    if (path === '/api/devices' && req.method === 'POST') {
      return registerDevice(req, res, {
        store: deps.store,
        now: deps.now,
        logger: deps.logger,
        maxBodyBytes: deps.maxBodyBytes,
        limits: deps.enrolmentLimits,
      });
    }
    if (path === '/api/reference' && req.method === 'GET') return referenceData(req, res, deps.deviceAuth);
    const attachment = ATTACHMENT_PATH.exec(path);
    if (attachment && req.method === 'POST') return uploadAttachment(req, res, attachment[1], deps);
    const decision = CONFLICT_DECISION_PATH.exec(path);
    if (decision && req.method === 'POST')
      return conflictDecision(req, res, decodedSegment(decision[1]), { ...deps, maxBodyBytes: deps.maxBodyBytes });
    sendError(res, { code: 'VALIDATION_ERROR', message: `No route ${req.method} ${path}` }, 404);
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      const clientError = toClientError(error);
      if (clientError.code === 'INTERNAL_ERROR') deps.logger.error('http request failed', { error, url: req.url });
      if (!res.headersSent) sendError(res, clientError);
      else res.destroy();
    });
  };
}
