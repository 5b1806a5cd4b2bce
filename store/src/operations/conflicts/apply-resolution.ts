/**
 * Applying a manager's or technician's conflict decision: one transaction that reads the stock
 * under the log's lock, appends the decision's events, writes the dispute row, marks the
 * conflict resolved with its resolution record and releases the device. Idempotent: a retry
 * after a commit finds the conflict resolved and returns the stored record.
 *
 * Lock order (the store's rule): conflict row, device row, then the chain head — the gateway
 * takes device then chain head, so no cycle. Everything runs in the one transaction, so the
 * events and the conflict update commit together or not at all.
 *
 * What the decision writes is not decided here: the caller passes the pure planner (the
 * domain's rule) and this module gives it the locked facts. The actor the caller claimed is
 * checked against the persons table here (validators cannot do I/O). Events of a manager's
 * decision go through the validated server-event path (references, authorisation, duplicates).
 * A technician's retry/modify re-applies their own event, which the domain lets only
 * supervisors record directly: the workflow's validator authorised it, so it is appended as the
 * technician's, by appendEvent.
 *
 * Raw SQL with row locks (`for update`) in a fixed order: the ORM's unit of work cannot express
 * the lock order, and this path shares the chain-head lock with the gateway's hot write path.
 */
import type { ConflictDetails, InventoryEvent } from '@pco/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEvent, lockChainHead } from '../../event-log';
import { appendServerEventIn } from '../../server-events';
import { onHandQuantity } from '../../projection';
import { releaseDeviceHold } from '../../devices';
import type { StoreOrm } from '../../orm';
import { forkEm } from '../../sql';

export interface ResolutionActor {
  personId: string;
  role: string;
}

/** The locked facts a planner needs. */
export interface LockedConflictFacts {
  deviceId: string | null;
  original: InventoryEvent;
  details: ConflictDetails;
  /** On hand now at the location the original event draws from (read under the chain-head lock). */
  onHandAt(locationId: string, productId: string): Promise<number>;
}

export type PlannedResolution =
  | {
      kind: 'append';
      events: InventoryEvent[];
      appliedQuantity: number;
      disputeId?: string;
      backorderRequestId?: string;
    }
  | { kind: 'still_conflicted'; available: number; message: string };

export interface ApplyConflictResolutionInput<R> {
  conflictId: string;
  decidedBy: ResolutionActor;
  approvedBy?: ResolutionActor;
  /** Reason written on the disputes row when the plan opens one. */
  disputeReason: string;
  now: Date;
  plan(facts: LockedConflictFacts): Promise<PlannedResolution>;
  /** The record stored on the conflict row and returned (built by the caller from the plan). */
  record(plan: Extract<PlannedResolution, { kind: 'append' }>): R;
}

export type AppliedConflictResolution<R> =
  { status: 'resolved'; resolution: R } | { status: 'still_conflicted'; available: number; message: string };

export type ConflictResolutionErrorCode = 'UNKNOWN_CONFLICT' | 'UNKNOWN_PERSON' | 'FORBIDDEN' | string;

/** A refusal that every retry would meet again (the caller makes it non-retryable). */
export class ConflictResolutionRefused extends Error {
  constructor(
    readonly code: ConflictResolutionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConflictResolutionRefused';
  }
}

interface LockedConflict {
  status: 'open' | 'resolved';
  device_id: string | null;
  event: InventoryEvent;
  details: ConflictDetails;
  resolution: unknown;
}

export async function applyConflictResolution<R>(
  orm: StoreOrm,
  input: ApplyConflictResolutionInput<R>,
): Promise<AppliedConflictResolution<R>> {
  return forkEm(orm).transactional(async (em) => {
    const [conflict] = await em.execute<LockedConflict[]>(
      'select status, device_id, event, details, resolution from conflicts where id = ? for update',
      [input.conflictId],
    );
    if (!conflict)
      throw new ConflictResolutionRefused('UNKNOWN_CONFLICT', `conflict ${input.conflictId} does not exist`);
    if (conflict.status === 'resolved' && conflict.resolution)
      return { status: 'resolved', resolution: conflict.resolution as R };
    if (conflict.device_id) await em.execute('select id from devices where id = ? for update', [conflict.device_id]);
    await lockChainHead(em);
    return resolveLocked(em, input, conflict);
  });
}

async function resolveLocked<R>(
  em: EntityManager,
  input: ApplyConflictResolutionInput<R>,
  conflict: LockedConflict,
): Promise<AppliedConflictResolution<R>> {
  await verifyActor(em, input.decidedBy, conflict.event);
  if (input.approvedBy) await verifyActor(em, input.approvedBy, conflict.event);
  const plan = await input.plan({
    deviceId: conflict.device_id,
    original: conflict.event,
    details: conflict.details,
    onHandAt: (locationId, productId) => onHandQuantity(em, locationId, productId),
  });
  if (plan.kind === 'still_conflicted')
    return { status: 'still_conflicted', available: plan.available, message: plan.message };

  for (const event of plan.events) await appendResolutionEvent(em, event, input.decidedBy, input.now);
  if (plan.disputeId) await insertDispute(em, input, conflict, plan.disputeId);
  const resolution = input.record(plan);
  await em.execute("update conflicts set status = 'resolved', resolved_at = ?, resolution = ?::jsonb where id = ?", [
    input.now,
    JSON.stringify(resolution),
    input.conflictId,
  ]);
  if (conflict.device_id) await releaseDeviceHold(em, conflict.device_id, input.conflictId);
  return { status: 'resolved', resolution };
}

async function verifyActor(em: EntityManager, actor: ResolutionActor, original: InventoryEvent): Promise<void> {
  const [person] = await em.execute<Array<{ role: string }>>('select role from persons where id = ?', [actor.personId]);
  if (!person) throw new ConflictResolutionRefused('UNKNOWN_PERSON', `unknown person ${actor.personId}`);
  if (person.role !== actor.role)
    throw new ConflictResolutionRefused('FORBIDDEN', `${actor.personId} is not a ${actor.role}`);
  if (actor.role === 'technician' && actor.personId !== original.performedBy) {
    throw new ConflictResolutionRefused('FORBIDDEN', 'a technician resolves only their own conflicted event');
  }
}

async function appendResolutionEvent(
  em: EntityManager,
  event: InventoryEvent,
  decidedBy: ResolutionActor,
  now: Date,
): Promise<void> {
  if (decidedBy.role === 'technician') {
    await appendEvent(em, event, { recordedAt: now });
    return;
  }
  const appended = await appendServerEventIn(em, event, now);
  if (!appended.ok) throw new ConflictResolutionRefused(appended.error.code, appended.error.message);
}

async function insertDispute<R>(
  em: EntityManager,
  input: ApplyConflictResolutionInput<R>,
  conflict: LockedConflict,
  disputeId: string,
): Promise<void> {
  await em.execute(
    `insert into disputes (id, status, conflict_id, device_id, opened_by, reason, details, opened_at)
     values (?, 'open', ?, ?, ?, ?, ?::jsonb, ?) on conflict (id) do nothing`,
    [
      disputeId,
      input.conflictId,
      conflict.device_id,
      input.decidedBy.personId,
      input.disputeReason,
      JSON.stringify({ event: conflict.event, details: conflict.details }),
      input.now,
    ],
  );
}
