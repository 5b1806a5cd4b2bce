/** `events:pull`: a page of the log for the device's assigned locations after a position. */
import { PULL_PAGE_LIMIT, type PullPage, type PullRequest } from '@pco/domain';
import { GatewayError } from '../errors';

export function parsePullRequest(raw: unknown): Required<PullRequest> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GatewayError('VALIDATION_ERROR', 'A pull request must be an object');
  }
  const { afterPosition, limit } = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(afterPosition) || (afterPosition as number) < 0) {
    throw new GatewayError('VALIDATION_ERROR', 'afterPosition must be an integer ≥ 0');
  }
  if (
    limit !== undefined &&
    (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > PULL_PAGE_LIMIT)
  ) {
    throw new GatewayError('VALIDATION_ERROR', `limit must be an integer from 1 to ${PULL_PAGE_LIMIT}`);
  }
  return { afterPosition: afterPosition as number, limit: (limit as number | undefined) ?? PULL_PAGE_LIMIT };
}

export type PullEvents = (input: { deviceId: string; afterPosition: number; limit: number }) => Promise<PullPage>;

export const handlePull = (raw: unknown, deviceId: string, pullEvents: PullEvents): Promise<PullPage> =>
  pullEvents({ deviceId, ...parsePullRequest(raw) });
