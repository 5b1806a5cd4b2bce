/**
 * POST /api/devices: registration proves who is enrolling with a one-time enrolment code a
 * manager issued for one person (issue 7.1). The person comes from the code, never from the body;
 * a body `userId` that names someone else is refused. Failed attempts are rate limited per client
 * address and per code, logged, and recorded in enrolment_attempts (rate-limited refusals are
 * logged only, so a flood cannot fill the table).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisterDeviceRequest } from '@pco/domain';
import { normaliseEnrolmentCode } from '@pco/store';
import { FailureLimiter } from '../auth/failure-limiter';
import { decodeRawPublicKey } from '../crypto/keys';
import { GatewayError, toClientError } from '../errors';
import type { Logger } from '../logger';
import type { EnrolmentAttemptRecord, GatewayStore } from '../store-port';
import { readJsonBody, sendJson } from './json';

const MAX_NAME = 100;
const MAX_CODE = 64;

export interface RegisterDeviceDeps {
  store: GatewayStore;
  now: () => Date;
  logger: Logger;
  maxBodyBytes: number;
  limits: EnrolmentLimits;
}

export interface EnrolmentLimits {
  byAddress: FailureLimiter;
  byCode: FailureLimiter;
}

export const createEnrolmentLimits = (maxFailures: number, windowMs: number): EnrolmentLimits => ({
  byAddress: new FailureLimiter(maxFailures, windowMs),
  byCode: new FailureLimiter(maxFailures, windowMs),
});

export function parseRegisterDevice(body: unknown): RegisterDeviceRequest {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (b.enrolmentCode === undefined || b.enrolmentCode === null || b.enrolmentCode === '') {
    throw new GatewayError(
      'ENROLMENT_CODE_REQUIRED',
      'enrolmentCode is required: ask a manager for a one-time enrolment code',
    );
  }
  const problems: string[] = [];
  if (typeof b.enrolmentCode !== 'string' || b.enrolmentCode.length > MAX_CODE)
    problems.push(`enrolmentCode must be a string of at most ${MAX_CODE} characters`);
  if (b.userId !== undefined && (typeof b.userId !== 'string' || b.userId.length === 0 || b.userId.length > MAX_NAME))
    problems.push('userId, when given, must be a non-empty string');
  if (typeof b.name !== 'string' || b.name.trim().length === 0 || b.name.length > MAX_NAME)
    problems.push(`name must be 1 to ${MAX_NAME} characters`);
  if (!decodeRawPublicKey(b.publicKey)) problems.push('publicKey must be base64 of a raw 32-byte Ed25519 public key');
  if (problems.length > 0) throw new GatewayError('VALIDATION_ERROR', problems.join('; '));
  const request: RegisterDeviceRequest = {
    enrolmentCode: b.enrolmentCode as string,
    name: (b.name as string).trim(),
    publicKey: b.publicKey as string,
  };
  if (b.userId !== undefined) request.userId = b.userId as string;
  return request;
}

/** The presented code, normalised, as the key of the per-code limit (memory only, never stored). */
const codeOf = (body: unknown): string | undefined => {
  const code = (body as { enrolmentCode?: unknown } | null)?.enrolmentCode;
  return typeof code === 'string' && code.length > 0 && code.length <= MAX_CODE
    ? normaliseEnrolmentCode(code)
    : undefined;
};

export async function registerDevice(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RegisterDeviceDeps,
): Promise<void> {
  const at = deps.now();
  const nowMs = at.getTime();
  const address = req.socket.remoteAddress ?? 'unknown';
  const { byAddress, byCode } = deps.limits;
  if (byAddress.blocked(address, nowMs)) {
    deps.logger.warn('device registration refused: too many failures from this address', { address });
    throw new GatewayError('RATE_LIMITED', 'Too many failed registrations from this address; retry later');
  }
  let code: string | undefined;
  try {
    const body = await readJsonBody(req, deps.maxBodyBytes);
    code = codeOf(body);
    if (code && byCode.blocked(code, nowMs)) {
      deps.logger.warn('device registration refused: too many failures with this code', { address });
      throw new GatewayError('RATE_LIMITED', 'Too many failed registrations with this enrolment code; retry later');
    }
    const response = await deps.store.registerDevice(parseRegisterDevice(body), at);
    deps.logger.info('device registered', { deviceId: response.deviceId, userId: response.userId, address });
    await recordAttempt(deps, {
      at,
      clientAddress: address,
      enrolmentCode: code,
      outcome: 'REGISTERED',
      deviceId: response.deviceId,
    });
    sendJson(res, 201, response);
  } catch (error) {
    const refusal = toClientError(error);
    if (refusal.code !== 'RATE_LIMITED' && refusal.code !== 'INTERNAL_ERROR') {
      byAddress.fail(address, nowMs);
      if (code) byCode.fail(code, nowMs);
      deps.logger.warn('device registration refused', { code: refusal.code, reason: refusal.message, address });
      await recordAttempt(deps, {
        at,
        clientAddress: address,
        enrolmentCode: code,
        outcome: refusal.code,
        detail: refusal.message,
      });
    }
    throw error;
  }
}

async function recordAttempt(deps: RegisterDeviceDeps, attempt: EnrolmentAttemptRecord): Promise<void> {
  try {
    await deps.store.recordEnrolmentAttempt(attempt);
  } catch (error) {
    // The audit row is secondary: the outcome is already logged and must still be answered.
    deps.logger.error('could not record the registration attempt', { error, outcome: attempt.outcome });
  }
}
