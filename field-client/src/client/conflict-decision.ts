import { DEVICE_AUTH_HEADER, type DeviceAuth, type Quantity } from '@pco/domain';
import { HTTP_PATHS, SYNC_CONFIG } from '../config';
import { FieldClientError } from '../errors';
import { fetchWithTimeout } from '../sync/http';

/** The technician's options on a conflict of their own device (the conflict workflow's TECHNICIAN_OPTIONS). */
export type DeviceConflictDecision =
  | { option: 'accept_server' }
  | { option: 'retry' }
  | { option: 'modify'; quantity: Quantity }
  | { option: 'escalate'; note?: string };

/** What the conflict workflow answered (e.g. resolved, escalated, or still open after a retry without stock). */
export interface DeviceConflictDecisionResult {
  status: string;
  message?: string;
}

/**
 * POST /api/conflicts/:id/decision, authenticated like GET /api/reference (a fresh signed
 * DeviceAuth in DEVICE_AUTH_HEADER). Online only: a decision is taken against server state.
 */
export async function sendConflictDecision(
  opts: { baseUrl: string; auth: () => Promise<DeviceAuth>; fetchImpl?: typeof fetch },
  conflictId: string,
  decision: DeviceConflictDecision,
): Promise<DeviceConflictDecisionResult> {
  const url = `${opts.baseUrl}${HTTP_PATHS.conflictDecision(conflictId)}`;
  const headers = { 'content-type': 'application/json', [DEVICE_AUTH_HEADER]: JSON.stringify(await opts.auth()) };
  const response = await fetchWithTimeout(
    url,
    { method: 'POST', headers, body: JSON.stringify(decision) },
    SYNC_CONFIG.decisionTimeoutMs,
    opts.fetchImpl,
  );
  const body = (await response.json().catch(() => null)) as
    (DeviceConflictDecisionResult & { error?: { code: string; message: string } }) | null;
  if (!response.ok || !body?.status)
    throw new FieldClientError(
      body?.error?.code ?? 'SERVER_UNAVAILABLE',
      body?.error?.message ?? `${url} answered ${response.status}`,
    );
  return body;
}
