/**
 * applyResolution: one transaction that reads the stock under the log's lock, appends the
 * decision's events, writes the dispute row, marks the conflict resolved with its resolution
 * record and releases the device. Idempotent: a retry after a commit finds the conflict resolved
 * and returns the stored record.
 *
 * Lock order (the store's rule): conflict row, device row, then the chain head — the gateway
 * takes device then chain head, so no cycle. Everything runs in the one transaction, so the
 * events and the conflict update commit together or not at all.
 *
 * The actor the caller claimed is checked against the persons table here (validators cannot do
 * I/O). Events of a manager's decision go through the store's validated server-event path
 * (references, authorisation, duplicates). A technician's retry/modify re-applies their own
 * event, which the domain lets only supervisors record directly: the workflow's validator
 * authorised it, so it is appended as the technician's, by appendEvent.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ConflictDetails, InventoryEvent } from '@pco/domain';
import { appendEvent, lockChainHead } from '@pco/store';
import { appendServerEventIn } from '@pco/store';
import { onHandQuantity } from '@pco/store';
import { releaseDeviceHold } from '@pco/store';
import type { ApplyResolutionOutcome, ApplyResolutionRequest, ResolutionRecord } from '@pco/workflows';
import type { Actor } from '@pco/workflows';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forkEm, type ConflictActivityDeps } from './deps';
import { planResolution, ResolutionPlanError, sourceOf } from './resolution-plan';

interface LockedConflict {
  status: 'open' | 'resolved';
  device_id: string | null;
  event: InventoryEvent;
  details: ConflictDetails;
  resolution: ResolutionRecord | null;
}

export async function applyResolution(deps: ConflictActivityDeps, request: ApplyResolutionRequest): Promise<ApplyResolutionOutcome> {
  return forkEm(deps.orm).transactional(async (em) => {
    const [conflict] = await em.execute<LockedConflict[]>(
      'select status, device_id, event, details, resolution from conflicts where id = ? for update',
      [request.conflictId],
    );
    if (!conflict) throw ApplicationFailure.nonRetryable(`conflict ${request.conflictId} does not exist`, 'UNKNOWN_CONFLICT');
    if (conflict.status === 'resolved' && conflict.resolution) return { status: 'resolved', resolution: conflict.resolution };
    if (conflict.device_id) await em.execute('select id from devices where id = ? for update', [conflict.device_id]);
    await lockChainHead(em);
    return resolveLocked(em, deps, request, conflict);
  });
}

async function resolveLocked(
  em: EntityManager, deps: ConflictActivityDeps, request: ApplyResolutionRequest, conflict: LockedConflict,
): Promise<ApplyResolutionOutcome> {
  const now = deps.now();
  await verifyActor(em, request.decidedBy, conflict.event);
  if (request.approvedBy) await verifyActor(em, request.approvedBy, conflict.event);
  const source = sourceOf(conflict.event);
  const availableNow = source === null ? Number.POSITIVE_INFINITY : await onHandQuantity(em, source, conflict.event.product);
  const plan = planOrFail({
    conflictId: request.conflictId, deviceId: conflict.device_id, original: conflict.event, details: conflict.details,
    decision: request.decision, decidedBy: request.decidedBy.personId, availableNow, now: now.toISOString(),
  });
  if (plan.kind === 'still_conflicted') return { status: 'still_conflicted', available: plan.available, message: plan.message };

  for (const event of plan.events) await appendResolutionEvent(em, event, request.decidedBy, now);
  if (plan.disputeId) await insertDispute(em, request, conflict, plan.disputeId, now);
  const resolution: ResolutionRecord = {
    option: request.decision.option, decidedBy: request.decidedBy, resolvedAt: now.toISOString(),
    appendedEventIds: plan.events.map((e) => e.eventId), appliedQuantity: plan.appliedQuantity,
    ...(request.approvedBy ? { approvedBy: request.approvedBy } : {}),
    ...(plan.disputeId ? { disputeId: plan.disputeId } : {}),
    ...(plan.backorderRequestId ? { backorderRequestId: plan.backorderRequestId } : {}),
  };
  await em.execute(
    "update conflicts set status = 'resolved', resolved_at = ?, resolution = ?::jsonb where id = ?",
    [now, JSON.stringify(resolution), request.conflictId],
  );
  if (conflict.device_id) await releaseDeviceHold(em, conflict.device_id, request.conflictId);
  return { status: 'resolved', resolution };
}

async function verifyActor(em: EntityManager, actor: Actor, original: InventoryEvent): Promise<void> {
  const [person] = await em.execute<Array<{ role: string }>>('select role from persons where id = ?', [actor.personId]);
  if (!person) throw ApplicationFailure.nonRetryable(`unknown person ${actor.personId}`, 'UNKNOWN_PERSON');
  if (person.role !== actor.role) throw ApplicationFailure.nonRetryable(`${actor.personId} is not a ${actor.role}`, 'FORBIDDEN');
  if (actor.role === 'technician' && actor.personId !== original.performedBy) {
    throw ApplicationFailure.nonRetryable('a technician resolves only their own conflicted event', 'FORBIDDEN');
  }
}

async function appendResolutionEvent(em: EntityManager, event: InventoryEvent, decidedBy: Actor, now: Date): Promise<void> {
  if (decidedBy.role === 'technician') {
    await appendEvent(em, event, { recordedAt: now });
    return;
  }
  const appended = await appendServerEventIn(em, event, now);
  if (!appended.ok) throw ApplicationFailure.nonRetryable(appended.error.message, appended.error.code);
}

function planOrFail(input: Parameters<typeof planResolution>[0]): ReturnType<typeof planResolution> {
  try {
    return planResolution(input);
  } catch (error) {
    // A decision the domain refuses will be refused on every retry: fail the update, not the worker.
    if (error instanceof ResolutionPlanError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  }
}

async function insertDispute(
  em: EntityManager, request: ApplyResolutionRequest, conflict: LockedConflict, disputeId: string, now: Date,
): Promise<void> {
  const reason = request.decision.option === 'investigate' ? request.decision.reason : 'conflict investigation';
  await em.execute(
    `insert into disputes (id, status, conflict_id, device_id, opened_by, reason, details, opened_at)
     values (?, 'open', ?, ?, ?, ?, ?::jsonb, ?) on conflict (id) do nothing`,
    [disputeId, request.conflictId, conflict.device_id, request.decidedBy.personId, reason,
      JSON.stringify({ event: conflict.event, details: conflict.details }), now],
  );
}
