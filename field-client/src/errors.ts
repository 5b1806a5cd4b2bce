/**
 * Typed errors of the field client. Codes are the spec's retry vocabulary plus the
 * client's own refusals; `isTerminalError` (retry.ts) reads `code`.
 */
export type ClientErrorCode =
  | 'QUEUE_FULL'
  | 'PRODUCT_CACHE_FULL'
  | 'VALIDATION_ERROR'
  | 'NOT_REGISTERED'
  | 'NOT_ALLOWED_OFFLINE'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'SERVER_UNAVAILABLE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'SYNC_IN_PROGRESS'
  | 'STORAGE_CORRUPTED'
  | (string & {});

export class FieldClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** PAYLOAD_TOO_LARGE: the largest message the gateway takes, in bytes. */
    readonly maxBytes?: number,
  ) {
    super(message);
    this.name = 'FieldClientError';
  }
}

export const errorCodeOf = (error: unknown): string | undefined => {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return String(code);
  }
  return undefined;
};

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
