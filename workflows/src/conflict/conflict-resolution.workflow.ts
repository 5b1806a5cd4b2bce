/**
 * One durable workflow per conflict (spec "Resolution Workflow"): tell the technician, wait for a
 * validated decision, escalate on the two timers, apply the decision in one activity transaction,
 * tell the device so its sync continues. Durations are inputs so tests run in seconds.
 *
 * Timestamps come from the sandbox's Date, which Temporal fixes to the workflow task's time and
 * replays identically: it is injected by the server, not read from the machine's clock.
 */
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { SearchAttributeName } from '@pco/config';
import { DEFAULT_ACKNOWLEDGE_TIMEOUT, DEFAULT_CRITICAL_TIMEOUT } from './ids';
import type { Actor, ConflictDecision } from '@pco/domain';
import { validateAcknowledge, validateApproval, validateDecision, type DecisionContext } from '@pco/domain';
import type {
  ConflictActivities,
  ConflictEmailRequest,
  ConflictSeverity,
  ConflictWorkflowInput,
} from './activity-types';
import {
  acknowledgeUpdate,
  approveUpdate,
  conflictStateQuery,
  decideUpdate,
  type ConflictWorkflowState,
  type DecideResult,
} from './messages';

const { applyResolution, setConflictSeverity } = proxyActivities<ConflictActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10 },
});
// Sockets and SMTP may be away for a while: longer timeout, patient retry.
const { notifyDevice, sendConflictEmail } = proxyActivities<ConflictActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

const SEVERITY_RANK: Record<ConflictSeverity, number> = { info: 0, warning: 1, critical: 2 };
const nowIso = (): string => new Date().toISOString();

export async function conflictResolutionWorkflow(input: ConflictWorkflowInput): Promise<ConflictWorkflowState> {
  const state: ConflictWorkflowState = {
    conflictId: input.conflictId,
    status: 'open',
    severity: 'info',
    startedAt: nowIso(),
    acknowledgedAt: null,
    escalatedAt: null,
    pendingApproval: null,
    lastAttempt: null,
    resolution: null,
    resolvedAt: null,
    emails: [],
  };
  let applying = false;
  /** Emails sent beside a decision (escalation): awaited before the workflow completes. */
  const background: Array<Promise<void>> = [];
  const resolved = (): boolean => state.status === 'resolved';
  const context = (): DecisionContext => ({
    technicianId: input.technicianId,
    requested: input.event.quantity,
    resolved: resolved(),
    applying,
    escalated: state.escalatedAt !== null,
    pendingApproval: state.pendingApproval && { decidedBy: state.pendingApproval.decidedBy.personId },
  });

  function upsertAttributes(): void {
    const attributes: Record<SearchAttributeName, string[]> = {
      ConflictStatus: [state.status],
      Severity: [state.severity],
      ProductId: [input.productId],
      DeviceId: input.deviceId ? [input.deviceId] : [],
      LocationId: input.locationId ? [input.locationId] : [],
    };
    upsertSearchAttributes(attributes);
  }

  async function email(
    audience: ConflictEmailRequest['audience'],
    reason: ConflictEmailRequest['reason'],
  ): Promise<void> {
    const { recipients } = await sendConflictEmail({
      conflictId: input.conflictId,
      audience,
      reason,
      technicianId: input.technicianId,
      locationId: input.locationId,
      productId: input.productId,
      details: input.details,
    });
    state.emails.push({ audience, reason, recipients, at: nowIso() });
  }

  async function raiseSeverity(severity: ConflictSeverity): Promise<void> {
    if (SEVERITY_RANK[severity] <= SEVERITY_RANK[state.severity]) return;
    state.severity = severity;
    upsertAttributes();
    await setConflictSeverity({ conflictId: input.conflictId, severity });
  }

  async function apply(decision: ConflictDecision, decidedBy: Actor, approvedBy?: Actor): Promise<DecideResult> {
    const outcome = await applyResolution({ conflictId: input.conflictId, decision, decidedBy, approvedBy });
    if (outcome.status === 'still_conflicted') {
      state.lastAttempt = { option: decision.option, by: decidedBy, at: nowIso(), message: outcome.message };
      return outcome;
    }
    state.status = 'resolved';
    state.resolution = outcome.resolution;
    state.resolvedAt = outcome.resolution.resolvedAt;
    upsertAttributes();
    return outcome;
  }

  /** Runs one decision at a time: the validators refuse others while `applying`. */
  async function exclusively(work: () => Promise<DecideResult>): Promise<DecideResult> {
    applying = true;
    try {
      return await work();
    } finally {
      applying = false;
    }
  }

  setHandler(conflictStateQuery, () => state);
  setHandler(
    acknowledgeUpdate,
    () => {
      state.acknowledgedAt ??= nowIso();
      return state;
    },
    { validator: (request) => validateAcknowledge(context(), request) },
  );
  setHandler(
    decideUpdate,
    ({ actor, decision }) =>
      exclusively(async () => {
        if (decision.option === 'escalate') {
          state.escalatedAt = nowIso();
          state.escalationNote = decision.note ?? null;
          state.acknowledgedAt ??= state.escalatedAt;
          // In the background: a slow SMTP server must not block the managers' decision.
          background.push(email('managers', 'escalated'));
          return { status: 'escalated' };
        }
        if (decision.option === 'accept_local') {
          state.pendingApproval = { decision, decidedBy: actor, requestedAt: nowIso() };
          return { status: 'awaiting_approval' };
        }
        if (actor.role === 'technician') state.acknowledgedAt ??= nowIso();
        return apply(decision, actor);
      }),
    { validator: (request) => validateDecision(context(), request) },
  );
  setHandler(
    approveUpdate,
    ({ actor, approved, note }) =>
      exclusively(async () => {
        const pending = state.pendingApproval!;
        state.pendingApproval = null;
        if (approved) return apply(pending.decision, pending.decidedBy, actor);
        state.lastAttempt = {
          option: pending.decision.option,
          by: actor,
          at: nowIso(),
          message: note ?? 'approval rejected',
        };
        return { status: 'approval_rejected' };
      }),
    { validator: (request) => validateApproval(context(), request) },
  );

  upsertAttributes();
  if (input.deviceId) {
    await notifyDevice({
      deviceId: input.deviceId,
      message: {
        type: 'conflict:notice',
        payload: {
          conflictId: input.conflictId,
          eventId: input.event.eventId,
          sequenceNumber: input.event.offlineContext?.sequenceNumber ?? 0,
          details: input.details,
        },
      },
    });
  }

  const acknowledgeWatch = (async () => {
    if (await condition(resolved, input.acknowledgeTimeout ?? DEFAULT_ACKNOWLEDGE_TIMEOUT)) return;
    if (state.acknowledgedAt === null) await email('technician', 'unacknowledged');
    await raiseSeverity('warning');
  })();
  const criticalWatch = (async () => {
    if (await condition(resolved, input.criticalTimeout ?? DEFAULT_CRITICAL_TIMEOUT)) return;
    await raiseSeverity('critical');
    await email('managers', 'critical');
  })();

  await condition(resolved);
  await Promise.all([acknowledgeWatch, criticalWatch, ...background]);
  await condition(allHandlersFinished);
  if (input.deviceId && state.resolution) {
    await notifyDevice({
      deviceId: input.deviceId,
      message: {
        type: 'conflict:resolved',
        payload: { conflictId: input.conflictId, resolution: state.resolution.option },
      },
    });
  }
  return state;
}
