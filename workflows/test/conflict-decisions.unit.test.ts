/** The conflict workflow's defaults and ids (Given / When / Then). The decision rules it validates with are domain/test/conflict-decisions.unit.test.ts. */
import { DEFAULT_ACKNOWLEDGE_TIMEOUT, DEFAULT_CRITICAL_TIMEOUT, conflictWorkflowId } from '../src/conflict';

describe('defaults and ids', () => {
  it('escalates after 24h and turns critical after 7d unless the inputs say otherwise (spec "Alert Conditions")', () => {
    expect(DEFAULT_ACKNOWLEDGE_TIMEOUT).toBe('24h');
    expect(DEFAULT_CRITICAL_TIMEOUT).toBe('7d');
  });
  it('derives the workflow id from the conflict id', () => {
    expect(conflictWorkflowId('c-1')).toBe('conflict-c-1');
  });
});
