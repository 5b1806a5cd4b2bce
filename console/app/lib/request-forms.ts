/** Validation of the approve/deny form (pure). A denial needs a reason (the technician is told); an approval does not. */
import type { RequestStatus } from '@pco/domain';
import { checkReason, field, type FieldErrors } from './forms';

export const REQUEST_STATUSES: RequestStatus[] = ['pending', 'approved', 'denied', 'cancelled', 'fulfilled'];

export type RequestField = 'reason';

export type RequestFormResult =
  | { ok: true; requestId: string; decision: 'approve' | 'deny'; reason?: string }
  | { ok: false; requestId: string; errors: FieldErrors<RequestField> };

export function validateRequestForm(form: FormData): RequestFormResult {
  const requestId = field(form, 'requestId');
  const decision = field(form, 'decision');
  if (requestId === '' || (decision !== 'approve' && decision !== 'deny')) {
    return { ok: false, requestId, errors: { reason: 'Unknown action: reload the page.' } };
  }
  const reason = field(form, 'reason');
  if (decision === 'deny') {
    const problem = checkReason(reason, 'a reason for the denial (the technician is told)');
    if (problem) return { ok: false, requestId, errors: { reason: problem } };
    return { ok: true, requestId, decision, reason };
  }
  if (reason !== '') {
    const problem = checkReason(reason);
    if (problem) return { ok: false, requestId, errors: { reason: problem } };
  }
  return { ok: true, requestId, decision, ...(reason ? { reason } : {}) };
}
