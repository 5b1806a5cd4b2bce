/**
 * POST /api/conflicts/:id/decision: the technician decides a conflict of their own from the phone
 * (accept_server | retry | modify | escalate). The device proves itself as for GET /api/reference;
 * the person acting is the device's user, never a field of the body. The gateway holds no
 * Temporal client: the `onConflictDecision` hook (given by whoever runs the gateway with
 * Temporal, e.g. `npm start`) sends the conflict workflow's `decide` update, whose validator
 * checks that this person is the conflicted device's technician.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Quantity } from '@pco/domain';
import { authenticateDevice, type DeviceAuthDeps } from '../auth/device-auth';
import { GatewayError } from '../errors';
import { readJsonBody, sendJson } from './json';
import { parseAuthHeader } from './reference';

export type TechnicianDecision =
  | { option: 'accept_server' }
  | { option: 'retry' }
  | { option: 'modify'; quantity: Quantity }
  | { option: 'escalate'; note?: string };

export interface ConflictDecisionRequest {
  conflictId: string;
  deviceId: string;
  personId: string;
  decision: TechnicianDecision;
}

/** Resolves with the workflow's answer; rejects with a GatewayError (e.g. VALIDATION_ERROR with the validator's reason). */
export type OnConflictDecision = (request: ConflictDecisionRequest) => Promise<{ status: string; message?: string }>;

export const CONFLICT_DECISION_PATH = /^\/api\/conflicts\/([^/]{1,100})\/decision$/;
const MAX_NOTE = 500;

/** Printable text a manager can read: no control characters, no lone surrogates (they garble the page and emails). */
const isPlainText = (text: string): boolean =>
  // eslint-disable-next-line no-control-regex
  !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) && !/\p{Surrogate}/u.test(text);

export function parseTechnicianDecision(body: unknown): TechnicianDecision {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  switch (b.option) {
    case 'accept_server':
    case 'retry':
      return { option: b.option };
    case 'escalate':
      if (b.note !== undefined && (typeof b.note !== 'string' || b.note.length > MAX_NOTE || !isPlainText(b.note)))
        throw new GatewayError(
          'VALIDATION_ERROR',
          `note must be text of at most ${MAX_NOTE} characters, without control characters`,
        );
      return { option: 'escalate', ...(typeof b.note === 'string' ? { note: b.note } : {}) };
    case 'modify': {
      const q = b.quantity as Partial<Quantity> | undefined;
      if (
        !q ||
        typeof q.value !== 'number' ||
        !Number.isFinite(q.value) ||
        q.value <= 0 ||
        typeof q.unit !== 'string'
      ) {
        throw new GatewayError('VALIDATION_ERROR', 'modify needs quantity { value > 0, unit }');
      }
      return { option: 'modify', quantity: { value: q.value, unit: q.unit } };
    }
    default:
      throw new GatewayError('VALIDATION_ERROR', 'option must be one of accept_server, retry, modify, escalate');
  }
}

export async function conflictDecision(
  req: IncomingMessage,
  res: ServerResponse,
  conflictId: string,
  deps: { deviceAuth: DeviceAuthDeps; maxBodyBytes: number; onConflictDecision?: OnConflictDecision },
): Promise<void> {
  const session = await authenticateDevice(parseAuthHeader(req), deps.deviceAuth);
  const decision = parseTechnicianDecision(await readJsonBody(req, deps.maxBodyBytes));
  if (!deps.onConflictDecision)
    throw new GatewayError(
      'FORBIDDEN',
      'this gateway takes no conflict decisions (it runs without Temporal): ask a manager',
    );
  const answer = await deps.onConflictDecision({
    conflictId,
    deviceId: session.deviceId,
    personId: session.userId,
    decision,
  });
  sendJson(res, 200, answer);
}
