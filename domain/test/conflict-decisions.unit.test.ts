/** Who may decide what about a conflict: the validators the conflict workflow's updates run (Given / When / Then). */
import { validateAcknowledge, validateApproval, validateDecision, type DecisionContext } from '../src';

const open: DecisionContext = {
  technicianId: 'tech-3',
  requested: { value: 35, unit: 'each' },
  resolved: false,
  applying: false,
  escalated: false,
  pendingApproval: null,
};
const tech = { personId: 'tech-3', role: 'technician' as const };
const manager = { personId: 'mgr-1', role: 'manager' as const };

describe('validateDecision', () => {
  it('Given a resolved conflict, When anyone decides again, Then it is refused as final', () => {
    expect(() =>
      validateDecision({ ...open, resolved: true }, { actor: manager, decision: { option: 'accept_server' } }),
    ).toThrow('the conflict is already resolved: a final decision was taken');
  });
  it('Given a decision being applied, When a second arrives, Then it is refused', () => {
    expect(() => validateDecision({ ...open, applying: true }, { actor: tech, decision: { option: 'retry' } })).toThrow(
      'another decision is being applied',
    );
  });
  it('Given an open conflict, When its technician picks each technician option, Then all pass', () => {
    for (const decision of [
      { option: 'accept_server' },
      { option: 'retry' },
      { option: 'escalate' },
      { option: 'modify', quantity: { value: 20, unit: 'each' } },
    ] as const) {
      expect(() => validateDecision(open, { actor: tech, decision })).not.toThrow();
    }
  });
  it('Given an open conflict, When a manager picks each manager option, Then all pass; an admin may too', () => {
    for (const decision of [
      { option: 'accept_server' },
      { option: 'merge' },
      { option: 'accept_local', reason: 'r' },
      { option: 'investigate', reason: 'r' },
    ] as const) {
      expect(() => validateDecision(open, { actor: manager, decision })).not.toThrow();
      expect(() => validateDecision(open, { actor: { personId: 'adm', role: 'admin' }, decision })).not.toThrow();
    }
  });
  it('refuses a modify in another unit, a zero merge, and an investigate without reason', () => {
    expect(() =>
      validateDecision(open, { actor: tech, decision: { option: 'modify', quantity: { value: 2, unit: 'lb' } } }),
    ).toThrow('modify quantity must be in each');
    expect(() =>
      validateDecision(open, { actor: manager, decision: { option: 'merge', quantity: { value: 0, unit: 'each' } } }),
    ).toThrow('merge quantity must be > 0 and <= 35');
    expect(() => validateDecision(open, { actor: manager, decision: { option: 'investigate', reason: ' ' } })).toThrow(
      'investigate needs a reason',
    );
  });
  it('refuses a fractional count in a modify or merge (1.5 each), before it reaches history', () => {
    expect(() =>
      validateDecision(open, { actor: tech, decision: { option: 'modify', quantity: { value: 1.5, unit: 'each' } } }),
    ).toThrow('modify quantity must be a whole number for each (a count unit), got 1.5');
    expect(() =>
      validateDecision(open, {
        actor: manager,
        decision: { option: 'merge', quantity: { value: 0.30000000000000004, unit: 'each' } },
      }),
    ).toThrow('merge quantity must be a whole number');
  });
  it('refuses a missing actor', () => {
    expect(() => validateDecision(open, { actor: undefined as never, decision: { option: 'retry' } })).toThrow(
      'actor.personId is required',
    );
  });
});

describe('validateAcknowledge and validateApproval', () => {
  it('only the conflict technician acknowledges', () => {
    expect(() => validateAcknowledge(open, { actor: tech })).not.toThrow();
    expect(() => validateAcknowledge(open, { actor: manager })).toThrow(
      'only the technician of the conflicted device acknowledges it',
    );
  });
  it('approval needs a pending accept_local and a different manager or admin', () => {
    const pending = { ...open, pendingApproval: { decidedBy: 'mgr-1' } };
    expect(() => validateApproval(open, { actor: manager, approved: true })).toThrow(
      'no decision is waiting for approval',
    );
    expect(() => validateApproval(pending, { actor: manager, approved: true })).toThrow(
      'the approver must differ from the manager who decided',
    );
    expect(() =>
      validateApproval(pending, { actor: { personId: 'adm', role: 'admin' }, approved: true }),
    ).not.toThrow();
  });
});
