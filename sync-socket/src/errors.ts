/**
 * Errors that may leave the gateway. Only codes from the contract's ErrorCode go out, and an
 * unexpected exception is reported as INTERNAL_ERROR with a generic message: internal text
 * (SQL, stack, driver messages) never reaches a client.
 */
import type { ErrorCode } from '@pco/domain';

/** A Record keyed by ErrorCode makes the compiler flag a code added to the contract but not here. */
const KNOWN_CODES: Record<ErrorCode, true> = {
  VALIDATION_ERROR: true,
  UNKNOWN_PRODUCT: true,
  UNKNOWN_LOCATION: true,
  UNKNOWN_PERSON: true,
  UNKNOWN_REQUEST: true,
  INVALID_QUANTITY: true,
  UNIT_MISMATCH: true,
  SEQUENCE_GAP: true,
  DUPLICATE_OR_REPLAY: true,
  INSUFFICIENT_INVENTORY: true,
  LOCATION_INACTIVE: true,
  REQUEST_ALREADY_MOVED: true,
  REQUEST_NOT_PENDING: true,
  NOT_ALLOWED_OFFLINE: true,
  FORBIDDEN: true,
  UNAUTHORIZED: true,
  INVALID_SIGNATURE: true,
  UNKNOWN_DEVICE: true,
  DEVICE_SUSPENDED: true,
  DEVICE_REVOKED: true,
  CONFLICT_PENDING: true,
  SEQUENCE_LOST: true,
  RATE_LIMITED: true,
  PAYLOAD_TOO_LARGE: true,
  ENROLMENT_CODE_REQUIRED: true,
  ENROLMENT_CODE_INVALID: true,
  ENROLMENT_CODE_EXPIRED: true,
  ENROLMENT_CODE_USED: true,
  INTERNAL_ERROR: true,
};

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(KNOWN_CODES, value);

export interface ClientError {
  code: ErrorCode;
  message: string;
}

/** Thrown by gateway code for a failure the client may be told about. */
export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export const INTERNAL: ClientError = { code: 'INTERNAL_ERROR', message: 'Internal error; the request was not applied' };

/** Maps anything thrown to what the client may see. */
export function toClientError(error: unknown): ClientError {
  if (error instanceof GatewayError && isErrorCode(error.code)) return { code: error.code, message: error.message };
  return INTERNAL;
}

/** HTTP status for an error code (only the codes HTTP routes produce need more than 400). */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHORIZED':
    case 'INVALID_SIGNATURE':
    case 'ENROLMENT_CODE_REQUIRED':
    case 'ENROLMENT_CODE_INVALID':
    case 'ENROLMENT_CODE_EXPIRED':
      return 401;
    case 'ENROLMENT_CODE_USED':
      return 409;
    case 'FORBIDDEN':
    case 'DEVICE_SUSPENDED':
    case 'DEVICE_REVOKED':
      return 403;
    case 'UNKNOWN_PERSON':
    case 'UNKNOWN_DEVICE':
      return 404;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'RATE_LIMITED':
      return 429;
    case 'INTERNAL_ERROR':
      return 500;
    default:
      return 400;
  }
}
