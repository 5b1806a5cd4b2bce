/**
 * The manager's decision form → the workflow's ConflictDecision (pure). "backorder" is a merge
 * whose remainder becomes a request. The workflow validates again (its validator is the
 * authority); this catches what the manager can fix before anything is sent.
 */
import { checkPartialQuantity, type ManagerDecision, type Quantity } from '@pco/domain';
import { checkReason, field, type FieldErrors } from './forms';

export const MANAGER_CHOICES = ['accept_server', 'accept_local', 'merge', 'backorder', 'investigate'] as const;
export type ManagerChoice = (typeof MANAGER_CHOICES)[number];
export type DecisionField = 'option' | 'quantity' | 'reason';

export type ManagerDecisionValue = ManagerDecision;

export function validateDecisionForm(
  form: FormData,
  requested: Quantity,
):
  | { ok: true; choice: ManagerChoice; decision: ManagerDecisionValue }
  | { ok: false; errors: FieldErrors<DecisionField> } {
  const choice = field(form, 'option') as ManagerChoice;
  if (!MANAGER_CHOICES.includes(choice)) return { ok: false, errors: { option: 'Choose one of the options.' } };
  if (choice === 'accept_server') return { ok: true, choice, decision: { option: 'accept_server' } };
  if (choice === 'accept_local' || choice === 'investigate') {
    const reason = field(form, 'reason');
    const problem = checkReason(
      reason,
      choice === 'accept_local' ? "the reason for forcing the technician's event" : 'what should be investigated',
    );
    return problem
      ? { ok: false, errors: { reason: problem } }
      : { ok: true, choice, decision: { option: choice, reason } };
  }
  const text = field(form, 'quantity');
  const value = Number(text);
  if (text === '' || !/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
    return { ok: false, errors: { quantity: `Enter a quantity in ${requested.unit}.` } };
  }
  const quantity = { value, unit: requested.unit };
  // The domain's rule for partial amounts: > 0, at most the request, and the unit's scale (whole `each`).
  const problem = checkPartialQuantity(quantity, requested);
  if (problem?.code === 'INVALID_QUANTITY') {
    return {
      ok: false,
      errors: { quantity: `The quantity must be more than 0 and at most ${requested.value} ${requested.unit}.` },
    };
  }
  if (problem) return { ok: false, errors: { quantity: problem.message.replace(/^quantity/, 'The quantity') } };
  return {
    ok: true,
    choice,
    decision:
      choice === 'backorder' ? { option: 'merge', quantity, backorderRemainder: true } : { option: 'merge', quantity },
  };
}
