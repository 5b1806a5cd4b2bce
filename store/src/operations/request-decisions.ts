/**
 * A manager approves or denies a technician's stock request from the console: the decision is a
 * domain event (RequestApproved / RequestDenied) appended through the server-event path, with its
 * console_audit row, in one transaction. Only a pending request can be decided here: the console
 * never overturns a technician's cancellation (the race rules are for offline devices, whose
 * decisions cross in flight; a manager looking at the page sees the current state).
 * Lock order as on the device path: chain head first, then the request row.
 */
import { randomUUID } from 'node:crypto';
import { err, ok, type RecordedEvent, type RequestApproved, type RequestDenied, type Result } from '@pco/domain';
import { lockChainHead } from '../event-log-read';
import { getRequest } from '../requests';
import { appendServerEventIn } from '../server-events';
import { inTransaction, type Em } from '../sql';
import { recordConsoleAudit } from './console-audit';

export interface RequestDecisionInput {
  requestId: string;
  decision: 'approve' | 'deny';
  /** Told to the technician with a denial; optional. */
  reason?: string;
  actorId: string;
  now: Date;
  eventId?: string;
}

export async function decideRequest(em: Em, input: RequestDecisionInput): Promise<Result<RecordedEvent>> {
  return inTransaction(em, async (tem) => {
    await lockChainHead(tem);
    const request = await getRequest(tem, input.requestId, { forUpdate: true });
    if (!request) return err('UNKNOWN_REQUEST', `there is no request ${input.requestId}`);
    if (request.status !== 'pending') {
      const by = request.decidedAt ? ` at ${request.decidedAt}` : '';
      return err(
        'REQUEST_NOT_PENDING',
        `the request is already ${request.status}${by}; only a pending request can be ${input.decision === 'approve' ? 'approved' : 'denied'}`,
      );
    }
    const base = {
      eventId: input.eventId ?? randomUUID(),
      product: request.product,
      quantity: request.quantity,
      fromLocation: request.fromLocation,
      toLocation: request.toLocation,
      performedBy: input.actorId,
      occurredAt: input.now.toISOString(),
    };
    const event: RequestApproved | RequestDenied =
      input.decision === 'approve'
        ? { ...base, eventType: 'RequestApproved', data: { requestId: request.id } }
        : {
            ...base,
            eventType: 'RequestDenied',
            data: input.reason ? { requestId: request.id, reason: input.reason } : { requestId: request.id },
          };
    const appended = await appendServerEventIn(tem, event, input.now);
    if (!appended.ok) return appended;
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: input.decision === 'approve' ? 'request.approve' : 'request.deny',
      target: `request:${request.id}`,
      details: { eventId: event.eventId, position: appended.value.position, reason: input.reason ?? null },
      at: input.now,
    });
    return ok(appended.value);
  });
}
