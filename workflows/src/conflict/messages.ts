/** Updates and the query of the conflict workflow, exported beside it for clients (console, gateway). */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApplyResolutionOutcome, ConflictSeverity, ResolutionRecord } from './activity-types';
import type { AcknowledgeRequest, Actor, ApproveDecisionRequest, ConflictDecision, DecideRequest } from '@pco/domain';

export type ConflictWorkflowStatus = 'open' | 'resolved';

export interface ConflictWorkflowState {
  conflictId: string;
  status: ConflictWorkflowStatus;
  severity: ConflictSeverity;
  startedAt: string;
  acknowledgedAt: string | null;
  escalatedAt: string | null;
  /** What the technician wrote when escalating (at most 500 characters), shown to the managers. */
  escalationNote?: string | null;
  /** An accept_local waiting for a second manager. */
  pendingApproval: { decision: ConflictDecision; decidedBy: Actor; requestedAt: string } | null;
  /** The last decision that was tried and left the conflict open (retry/modify/merge without stock, rejected approval). */
  lastAttempt: { option: ConflictDecision['option']; by: Actor; at: string; message: string } | null;
  /** The final decision, once resolved. */
  resolution: ResolutionRecord | null;
  resolvedAt: string | null;
  emails: Array<{ audience: 'technician' | 'managers'; reason: string; recipients: string[]; at: string }>;
}

export type DecideResult =
  ApplyResolutionOutcome | { status: 'escalated' } | { status: 'awaiting_approval' } | { status: 'approval_rejected' };

export const acknowledgeUpdate = defineUpdate<ConflictWorkflowState, [AcknowledgeRequest]>('acknowledge');
export const decideUpdate = defineUpdate<DecideResult, [DecideRequest]>('decide');
export const approveUpdate = defineUpdate<DecideResult, [ApproveDecisionRequest]>('approve');
export const conflictStateQuery = defineQuery<ConflictWorkflowState>('state');
