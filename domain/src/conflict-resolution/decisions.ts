/**
 * Who may decide what about a conflict, as pure functions: the conflict workflow's update
 * validators call them (so a refused decision never reaches history) and unit tests call them
 * directly. What an accepted decision writes is plan.ts.
 *
 * Technician of the conflicted device: accept_server | retry | modify | escalate.
 * Manager (or admin, who holds every manager right): accept_server | accept_local | merge | investigate.
 * accept_local forces stock into existence, so a second, different manager/admin must approve it.
 */
import { checkPartialQuantity } from '../quantity';
import type { PersonId, Quantity, Role } from '../types';

export type TechnicianDecision =
  | { option: 'accept_server' }
  | { option: 'retry' }
  | { option: 'modify'; quantity: Quantity }
  | { option: 'escalate'; note?: string };

export type ManagerDecision =
  | { option: 'accept_server' }
  | { option: 'accept_local'; reason: string }
  /** Partial fulfilment; quantity defaults to what the conflict found available. */
  | { option: 'merge'; quantity?: Quantity; backorderRemainder?: boolean }
  | { option: 'investigate'; reason: string };

export type ConflictDecision = TechnicianDecision | ManagerDecision;
export type DecisionOption = ConflictDecision['option'];

export const TECHNICIAN_OPTIONS: readonly DecisionOption[] = ['accept_server', 'retry', 'modify', 'escalate'];
export const MANAGER_OPTIONS: readonly DecisionOption[] = ['accept_server', 'accept_local', 'merge', 'investigate'];

/** The person acting, as the caller (console session, gateway device session) authenticated them. */
export interface Actor {
  personId: PersonId;
  role: Role;
}

export interface DecideRequest {
  actor: Actor;
  decision: ConflictDecision;
}

export interface ApproveDecisionRequest {
  actor: Actor;
  approved: boolean;
  note?: string;
}

export interface AcknowledgeRequest {
  actor: Actor;
}

/** What the validators need to know about the conflict's current state. */
export interface DecisionContext {
  technicianId: PersonId;
  /** The conflicted event's quantity: a modified or merged quantity must not exceed it. */
  requested: Quantity;
  resolved: boolean;
  /** A decision is being applied right now: a second one waits for its outcome. */
  applying: boolean;
  escalated: boolean;
  pendingApproval: { decidedBy: PersonId } | null;
}

/** Refusal reasons are sent back to the caller as the update's failure message. */
export class DecisionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionRefused';
  }
}

const isManagerRole = (role: unknown): boolean => role === 'manager' || role === 'admin';

function requireActor(actor: Actor | undefined): Actor {
  if (!actor || typeof actor.personId !== 'string' || actor.personId === '')
    throw new DecisionRefused('actor.personId is required');
  if (actor.role !== 'technician' && !isManagerRole(actor.role))
    throw new DecisionRefused(`unknown role "${String(actor.role)}"`);
  return actor;
}

function requireOpen(ctx: DecisionContext): void {
  if (ctx.resolved) throw new DecisionRefused('the conflict is already resolved: a final decision was taken');
  if (ctx.applying) throw new DecisionRefused('another decision is being applied');
}

function checkQuantity(quantity: Quantity | undefined, ctx: DecisionContext, option: string): void {
  if (!quantity) throw new DecisionRefused(`${option} needs a quantity`);
  // Same unit, > 0, <= the conflicted amount, and no more decimals than the unit allows (1.5 each is refused).
  const problem = checkPartialQuantity(quantity, ctx.requested, `${option} quantity`);
  if (problem) throw new DecisionRefused(problem.message);
}

export function validateAcknowledge(ctx: DecisionContext, request: AcknowledgeRequest): void {
  const actor = requireActor(request?.actor);
  if (actor.role !== 'technician' || actor.personId !== ctx.technicianId) {
    throw new DecisionRefused('only the technician of the conflicted device acknowledges it');
  }
  if (ctx.resolved) throw new DecisionRefused('the conflict is already resolved');
}

export function validateDecision(ctx: DecisionContext, request: DecideRequest): void {
  const actor = requireActor(request?.actor);
  requireOpen(ctx);
  if (ctx.pendingApproval)
    throw new DecisionRefused('accept_local is waiting for approval: approve or reject it first');
  const decision = request.decision;
  if (!decision || typeof decision.option !== 'string') throw new DecisionRefused('decision.option is required');
  if (actor.role === 'technician') {
    if (actor.personId !== ctx.technicianId)
      throw new DecisionRefused('only the technician of the conflicted device decides as technician');
    if (!TECHNICIAN_OPTIONS.includes(decision.option))
      throw new DecisionRefused(`a technician may not choose "${decision.option}"`);
    if (ctx.escalated) throw new DecisionRefused('the conflict was escalated: a manager decides now');
  } else if (!MANAGER_OPTIONS.includes(decision.option)) {
    throw new DecisionRefused(`a ${actor.role} may not choose "${decision.option}"`);
  }
  checkDecisionFields(decision, ctx);
}

function checkDecisionFields(decision: ConflictDecision, ctx: DecisionContext): void {
  switch (decision.option) {
    case 'modify':
      return checkQuantity(decision.quantity, ctx, 'modify');
    case 'merge':
      return decision.quantity === undefined ? undefined : checkQuantity(decision.quantity, ctx, 'merge');
    case 'accept_local':
    case 'investigate':
      if (typeof decision.reason !== 'string' || decision.reason.trim() === '')
        throw new DecisionRefused(`${decision.option} needs a reason`);
      return;
    case 'accept_server':
    case 'retry':
    case 'escalate':
      return;
    default: {
      const unknown: never = decision;
      throw new DecisionRefused(`unknown option "${(unknown as { option: string }).option}"`);
    }
  }
}

export function validateApproval(ctx: DecisionContext, request: ApproveDecisionRequest): void {
  const actor = requireActor(request?.actor);
  requireOpen(ctx);
  if (!ctx.pendingApproval) throw new DecisionRefused('no decision is waiting for approval');
  if (!isManagerRole(actor.role)) throw new DecisionRefused('only a manager or admin approves');
  if (actor.personId === ctx.pendingApproval.decidedBy)
    throw new DecisionRefused('the approver must differ from the manager who decided');
  if (typeof request.approved !== 'boolean') throw new DecisionRefused('approved must be true or false');
}
