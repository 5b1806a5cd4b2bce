/**
 * POST /api/conflicts/:id/decision: the technician decides a conflict of their own from the phone
 * (accept_server | retry | modify | escalate). The device proves itself as for GET /api/reference;
 * the person acting is the device's user, never a field of the body. The gateway holds no
 * Temporal client: the `onConflictDecision` hook (given by whoever runs the gateway with
 * Temporal, e.g. `npm start`) sends the conflict workflow's `decide` update, whose validator
 * checks that this person is the conflicted device's technician.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isStorableText, MAX_TEXT_LENGTH, type Quantity } from '@pco/domain';
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

/** Printable text a manager can read: storable (no NUL, no lone surrogates) and no other control characters. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0001-\u0008\u000b-\u001f\u007f]/;
const isPlainText = (text: string): boolean => isStorableText(text) && !CONTROL_CHARACTERS.test(text);

export function parseTechnicianDecision(body: unknown): TechnicianDecision {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  switch (b.option) {
    case 'accept_server':
    case 'retry':
      return { option: b.option };
    case 'escalate':
      if (
        b.note !== undefined &&
        (typeof b.note !== 'string' || b.note.length > MAX_TEXT_LENGTH || !isPlainText(b.note))
      )
        throw new GatewayError(
          'VALIDATION_ERROR',
          `note must be text of at most ${MAX_TEXT_LENGTH} characters, without control characters`,
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
