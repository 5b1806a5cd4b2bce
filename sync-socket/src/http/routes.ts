/**
 * The gateway's HTTP surface beside Socket.IO: health, device registration, reference data,
 * photo attachments and a technician's conflict decision.
 * Every error is `{ error: { code, message } }` with a code from ErrorCode.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisterDeviceRequest } from '@pco/domain';
import { decodeRawPublicKey } from '../crypto/keys';
import { GatewayError, toClientError } from '../errors';
import type { Logger } from '../logger';
import type { GatewayStore } from '../store-port';
import type { DeviceAuthDeps } from '../auth/device-auth';
import { readJsonBody, sendError, sendJson } from './json';
import { referenceData } from './reference';
import { ATTACHMENT_PATH, uploadAttachment } from './attachments';
import { CONFLICT_DECISION_PATH, conflictDecision, type OnConflictDecision } from './conflict-decision';

export interface HttpDeps {
  store: GatewayStore;
  now: () => Date;
  logger: Logger;
  maxBodyBytes: number;
  healthTimeoutMs: number;
  corsOrigins: string[];
  /** Device authentication for GET /api/reference (the handshake's checks and nonce cache). */
  deviceAuth: DeviceAuthDeps;
  /** Sends a technician's conflict decision to its workflow; absent ⇒ the route answers FORBIDDEN. */
  onConflictDecision?: OnConflictDecision;
}

const MAX_NAME = 100;

export function parseRegisterDevice(body: unknown): RegisterDeviceRequest {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof b.userId !== 'string' || b.userId.length === 0 || b.userId.length > MAX_NAME) problems.push('userId must be a non-empty string');
  if (typeof b.name !== 'string' || b.name.trim().length === 0 || b.name.length > MAX_NAME) problems.push(`name must be 1 to ${MAX_NAME} characters`);
  if (!decodeRawPublicKey(b.publicKey)) problems.push('publicKey must be base64 of a raw 32-byte Ed25519 public key');
  if (problems.length > 0) throw new GatewayError('VALIDATION_ERROR', problems.join('; '));
  return { userId: b.userId as string, name: (b.name as string).trim(), publicKey: b.publicKey as string };
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
    sendJson(res, 503, { status: 'unavailable', time: deps.now().toISOString(), error: { code: 'INTERNAL_ERROR', message: 'Database unreachable' } });
  }
}

async function registerDevice(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  const request = parseRegisterDevice(await readJsonBody(req, deps.maxBodyBytes));
  const response = await deps.store.registerDevice(request, deps.now());
  deps.logger.info('device registered', { deviceId: response.deviceId, userId: request.userId });
  sendJson(res, 201, response);
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
export function createHttpHandler(deps: HttpDeps) {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    applyCors(req, res, deps.corsOrigins);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (path === '/api/health' && req.method === 'GET') return health(res, deps);
    if (path === '/api/devices' && req.method === 'POST') return registerDevice(req, res, deps);
    if (path === '/api/reference' && req.method === 'GET') return referenceData(req, res, deps.deviceAuth);
    const attachment = ATTACHMENT_PATH.exec(path);
    if (attachment && req.method === 'POST') return uploadAttachment(req, res, attachment[1], deps);
    const decision = CONFLICT_DECISION_PATH.exec(path);
    if (decision && req.method === 'POST') return conflictDecision(req, res, decodeURIComponent(decision[1]), { ...deps, maxBodyBytes: deps.maxBodyBytes });
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
