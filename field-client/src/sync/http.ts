import { FieldClientError } from '../errors';

/** fetch with an AbortController timeout; maps failures to the retry vocabulary. */
export async function fetchWithTimeout(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, { ...init, signal: controller.signal });
    if (response.status >= 500)
      throw new FieldClientError(String(response.status), `${url} answered ${response.status}`);
    return response;
  } catch (error) {
    if (error instanceof FieldClientError) throw error;
    if (controller.signal.aborted)
      throw new FieldClientError('TIMEOUT', `${url} did not answer within ${timeoutMs} ms`);
    throw new FieldClientError(
      'NETWORK_ERROR',
      `${url} unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
