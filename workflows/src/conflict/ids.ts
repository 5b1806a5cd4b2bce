/** Ids and defaults of the conflict workflow, importable outside the workflow sandbox without pulling workflow code. */

export const conflictWorkflowId = (conflictId: string): string => `conflict-${conflictId}`;

/** Spec "Alert Conditions": unresolved > 24h ⇒ warning, > 7d ⇒ critical. */
export const DEFAULT_ACKNOWLEDGE_TIMEOUT = '24h';
export const DEFAULT_CRITICAL_TIMEOUT = '7d';
