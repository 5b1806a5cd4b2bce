import { RETRY_CONFIG } from '../config';
import { FieldClientError, errorCodeOf, messageOf } from '../errors';

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1): Math.random in production, fixed in tests. */
  random: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const defaultRetryDeps: RetryDeps = { sleep: realSleep, random: Math.random };

/** Terminal: listed in RETRY_CONFIG.terminalErrors, or any code not listed as retryable (unknown ⇒ do not hammer). */
export function isTerminalError(error: unknown): boolean {
  const code = errorCodeOf(error);
  if (code === undefined) return false;
  if (RETRY_CONFIG.terminalErrors.includes(code)) return true;
  return !RETRY_CONFIG.retryableErrors.includes(code);
}

export const backoffDelayMs = (attemptIndex: number, random: () => number): number =>
  RETRY_CONFIG.backoffMs[attemptIndex] + random() * RETRY_CONFIG.jitterMs;

/**
 * Spec withRetry: at most 4 attempts; waits 2/4/8/16 s + up to 1 s jitter before each retry
 * (the 16 s step is the table's last entry; with 4 attempts only 2/4/8 are ever waited).
 * A terminal error is thrown at once. After the last attempt the last error's code is kept.
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  context: string,
  deps: RetryDeps = defaultRetryDeps,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < RETRY_CONFIG.maxAttempts; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (isTerminalError(error)) throw error;
      lastError = error;
      if (attempt < RETRY_CONFIG.maxAttempts - 1) await deps.sleep(backoffDelayMs(attempt, deps.random));
    }
  }
  throw new FieldClientError(
    errorCodeOf(lastError) ?? 'NETWORK_ERROR',
    `${context} failed after ${RETRY_CONFIG.maxAttempts} attempts: ${messageOf(lastError)}`,
  );
}
