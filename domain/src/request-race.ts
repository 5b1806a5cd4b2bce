/**
 * Conflict type 2: request state race (approval and cancellation made offline on two devices).
 *
 * Spec rules: (1) product already moved ⇒ cancellation fails; (2) not moved ⇒ the more recent
 * claimed timestamp wins; (3) tie ⇒ approval wins (bias toward action).
 * Claimed time = offlineContext.claimedOccurredAt ?? occurredAt, compared as instants.
 *
 * By arrival order (request pending before both):
 * - approve then cancel: approval applies. Cancel: moved ⇒ reject REQUEST_ALREADY_MOVED;
 *   cancel claimed later ⇒ supersede (request becomes cancelled); same instant or earlier ⇒
 *   reject REQUEST_NOT_PENDING (approval stands).
 * - cancel then approve: cancellation applies. Approve claimed later or at the same instant ⇒
 *   supersede (request becomes approved); earlier ⇒ reject REQUEST_NOT_PENDING.
 * Either way the surviving decision is the same, whatever order the two arrive in.
 * A superseded decision is never silent: the outcome carries a REQUEST_STATE_RACE ConflictDetails
 * for the gateway to record and notify.
 * Anything against denied or fulfilled requests, or a second identical decision, is
 * REQUEST_NOT_PENDING (fulfilled + cancel is REQUEST_ALREADY_MOVED).
 */
import { claimedTime } from './requests';
import type { RequestStatus } from './requests';
import type { ConflictDetails, PersonId, RequestApproved, RequestCancelled, Timestamp } from './types';

export interface RaceRequestState {
  status: RequestStatus;
  decidedAt?: Timestamp;
  decidedBy?: PersonId;
  moved: boolean;
}

export type RaceOutcome =
  | { outcome: 'apply' }
  | {
      outcome: 'supersede';
      superseded: 'approved' | 'cancelled';
      supersededDecidedAt: Timestamp;
      supersededDecidedBy?: PersonId;
      conflict: ConflictDetails;
      message: string;
    }
  | { outcome: 'reject'; code: 'REQUEST_ALREADY_MOVED' | 'REQUEST_NOT_PENDING'; message: string };

const reject = (code: 'REQUEST_ALREADY_MOVED' | 'REQUEST_NOT_PENDING', message: string): RaceOutcome => ({
  outcome: 'reject',
  code,
  message,
});

/** Which decision survives when approval and cancellation collide (rules 2 and 3). */
export function approvalWins(approvedAt: Timestamp, cancelledAt: Timestamp): boolean {
  return Date.parse(approvedAt) >= Date.parse(cancelledAt);
}

function supersede(request: RaceRequestState, incoming: RequestApproved | RequestCancelled): RaceOutcome {
  const superseded = request.status as 'approved' | 'cancelled';
  const message = `${incoming.eventType} at ${claimedTime(incoming)} supersedes the ${superseded} decision made at ${request.decidedAt}`;
  return {
    outcome: 'supersede',
    superseded,
    supersededDecidedAt: request.decidedAt as Timestamp,
    supersededDecidedBy: request.decidedBy,
    conflict: { type: 'REQUEST_STATE_RACE', conflictingEvents: [], message },
    message,
  };
}

export function resolveRequestRace(
  request: RaceRequestState,
  incoming: RequestApproved | RequestCancelled,
): RaceOutcome {
  const isCancel = incoming.eventType === 'RequestCancelled';
  if (isCancel && (request.moved || request.status === 'fulfilled')) {
    return reject(
      'REQUEST_ALREADY_MOVED',
      'the requested product has already moved; the request can no longer be cancelled',
    );
  }
  if (request.status === 'pending') return { outcome: 'apply' };
  const opposite = isCancel ? 'approved' : 'cancelled';
  if (request.status !== opposite || request.decidedAt === undefined) {
    return reject('REQUEST_NOT_PENDING', `the request is already ${request.status}`);
  }
  const incomingAt = claimedTime(incoming);
  const approvalSurvives = isCancel
    ? approvalWins(request.decidedAt, incomingAt)
    : approvalWins(incomingAt, request.decidedAt);
  const incomingSurvives = isCancel ? !approvalSurvives : approvalSurvives;
  if (incomingSurvives) return supersede(request, incoming);
  return reject(
    'REQUEST_NOT_PENDING',
    `the request was ${request.status} at ${request.decidedAt}, which wins over this ${isCancel ? 'cancellation' : 'approval'} at ${incomingAt}`,
  );
}
