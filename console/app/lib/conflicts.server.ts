/**
 * The conflict screen's server side: the stored conflict and the stock now (store), the
 * workflow's state and escalation timers (Temporal), and sending decisions as workflow updates.
 */
import type { AppLoadContext } from '@remix-run/node';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  getConflict,
  listConflictsPage,
  listLocations,
  listProducts,
  readConflictScreen,
  recordConsoleAudit,
  type ConflictListFilter,
} from '@pco/store';
import {
  approveUpdate,
  conflictStateQuery,
  conflictWorkflowId,
  decideUpdate,
  DEFAULT_ACKNOWLEDGE_TIMEOUT,
  DEFAULT_CRITICAL_TIMEOUT,
  type ConflictWorkflowInput,
  type ConflictWorkflowState,
  type DecideResult,
} from '@pco/workflows';
import type { ConsoleUser } from './auth.server';
import { forkEm } from './auth.server';
import { durationToMs } from './durations';
import { refusable, workflowUiUrl, type Refusable } from './temporal.server';
import type { ManagerDecisionValue } from './conflict-decision-form';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The stored conflict, or null for an unknown or malformed id (never a database error). */
export const findConflict = async (context: AppLoadContext, conflictId: string) =>
  UUID.test(conflictId) ? getConflict(forkEm(context), conflictId) : null;

/** Locations and products for the filter menus. */
export async function conflictFilterOptions(context: AppLoadContext) {
  const [locations, products] = await Promise.all([listLocations(forkEm(context)), listProducts(forkEm(context))]);
  return {
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
    products: products.map((p) => ({ id: p.id, name: p.name })),
  };
}

export const conflictsPage = (
  context: AppLoadContext,
  filter: ConflictListFilter,
  page: { limit: number; offset: number },
) => listConflictsPage(forkEm(context), filter, page);

export interface EscalationTimer {
  name: string;
  dueAt: string;
  consequence: string;
  passed: boolean;
}

async function workflowInput(context: AppLoadContext, workflowId: string): Promise<ConflictWorkflowInput | null> {
  const history = await context.services.temporal.workflow.getHandle(workflowId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return payload ? defaultPayloadConverter.fromPayload<ConflictWorkflowInput>(payload) : null;
}

function timers(state: ConflictWorkflowState, input: ConflictWorkflowInput | null, now: Date): EscalationTimer[] {
  const started = Date.parse(state.startedAt);
  const ackAt = new Date(
    started + durationToMs(input?.acknowledgeTimeout as string | number | undefined, DEFAULT_ACKNOWLEDGE_TIMEOUT),
  );
  const criticalAt = new Date(
    started + durationToMs(input?.criticalTimeout as string | number | undefined, DEFAULT_CRITICAL_TIMEOUT),
  );
  return [
    {
      name: 'Acknowledgement',
      dueAt: ackAt.toISOString(),
      passed: ackAt <= now,
      consequence: 'If the technician has not acknowledged by then, they are emailed and severity becomes warning.',
    },
    {
      name: 'Critical escalation',
      dueAt: criticalAt.toISOString(),
      passed: criticalAt <= now,
      consequence: 'If still unresolved, severity becomes critical and every manager is emailed.',
    },
  ];
}

export async function loadConflictPage(context: AppLoadContext, conflictId: string) {
  if (!UUID.test(conflictId)) return null;
  const screen = await readConflictScreen(forkEm(context), conflictId);
  if (!screen) return null;
  const workflowId = conflictWorkflowId(conflictId);
  const handle = context.services.temporal.workflow.getHandle(workflowId);
  const state = await refusable(() => handle.query(conflictStateQuery));
  const input = state.ok ? await refusable(() => workflowInput(context, workflowId)) : null;
  return {
    screen,
    workflow: state.ok
      ? {
          running: true as const,
          state: state.value,
          timers: timers(state.value, input?.ok ? input.value : null, context.services.now()),
        }
      : { running: false as const, reason: state.reason },
    workflowUrl: workflowUiUrl(context, workflowId),
  };
}

const actorOf = (user: ConsoleUser) => ({ personId: user.id, role: user.role });

/** Sends the decide update; the attempt (and the refusal or result) is audited. */
export async function sendDecision(
  context: AppLoadContext,
  user: ConsoleUser,
  conflictId: string,
  choice: string,
  decision: ManagerDecisionValue,
): Promise<Refusable<DecideResult>> {
  const handle = context.services.temporal.workflow.getHandle(conflictWorkflowId(conflictId));
  const outcome = await refusable(() =>
    handle.executeUpdate(decideUpdate, { args: [{ actor: actorOf(user), decision }] }),
  );
  await recordConsoleAudit(forkEm(context), {
    actorId: user.id,
    action: 'conflict.decide',
    target: `conflict:${conflictId}`,
    at: context.services.now(),
    details: {
      choice,
      decision,
      outcome: outcome.ok ? outcome.value.status : 'refused',
      ...(outcome.ok ? {} : { refusal: outcome.reason }),
    },
  });
  return outcome;
}

export async function sendApproval(
  context: AppLoadContext,
  user: ConsoleUser,
  conflictId: string,
  approved: boolean,
  note: string,
): Promise<Refusable<DecideResult>> {
  const handle = context.services.temporal.workflow.getHandle(conflictWorkflowId(conflictId));
  const request = { actor: actorOf(user), approved, ...(note ? { note } : {}) };
  const outcome = await refusable(() => handle.executeUpdate(approveUpdate, { args: [request] }));
  await recordConsoleAudit(forkEm(context), {
    actorId: user.id,
    action: approved ? 'conflict.approve' : 'conflict.reject',
    target: `conflict:${conflictId}`,
    at: context.services.now(),
    details: {
      note,
      outcome: outcome.ok ? outcome.value.status : 'refused',
      ...(outcome.ok ? {} : { refusal: outcome.reason }),
    },
  });
  return outcome;
}
