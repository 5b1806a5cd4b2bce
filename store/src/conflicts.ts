/**
 * Conflict records: every conflict is a visible row until a human resolves it. Reads and the
 * workflow-started mark go through the EntityManager; insertConflict stays SQL because it runs
 * inside the gateway's write transaction, beside the set-based appends.
 */
import { randomUUID } from 'node:crypto';
import type { ConflictDetails, InventoryEvent } from '@pco/domain';
import type { InferEntity } from '@mikro-orm/core';
import { ConflictEntity } from './entities';
import { type Em, run, toIso } from './sql';

export type ConflictSeverity = 'info' | 'warning' | 'critical';
export type ConflictStatus = 'open' | 'resolved';

export interface NewConflict {
  deviceId: string | null;
  event: InventoryEvent;
  details: ConflictDetails;
  severity: ConflictSeverity;
  now: Date;
}

/** What submitBatch reports for each conflict it recorded (the gateway starts workflows from it). */
export interface RecordedConflict {
  conflictId: string;
  deviceId: string | null;
  eventId: string;
  details: ConflictDetails;
  locationId: string | null;
  productId: string;
}

export interface StoredConflict extends RecordedConflict {
  type: ConflictDetails['type'];
  status: ConflictStatus;
  severity: ConflictSeverity;
  sequenceNumber: number | null;
  event: InventoryEvent;
  createdAt: string;
  resolvedAt: string | null;
  resolution: unknown;
  workflowStarted: boolean;
}

/** The location the conflict is about: where stock was drawn from, else where it was going. */
const locationOf = (event: InventoryEvent): string | null => event.fromLocation ?? event.toLocation;

export async function insertConflict(em: Em, c: NewConflict): Promise<RecordedConflict> {
  const conflictId = randomUUID();
  const locationId = locationOf(c.event);
  await run(
    em,
    `insert into conflicts (id, type, status, severity, device_id, event_id, sequence_number, event, details,
       location_id, product_id, created_at)
     values ($1, $2, 'open', $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11)`,
    [
      conflictId,
      c.details.type,
      c.severity,
      c.deviceId,
      c.event.eventId,
      c.event.offlineContext?.sequenceNumber ?? null,
      JSON.stringify(c.event),
      JSON.stringify(c.details),
      locationId,
      c.event.product,
      c.now,
    ],
  );
  return {
    conflictId,
    deviceId: c.deviceId,
    eventId: c.event.eventId,
    details: c.details,
    locationId,
    productId: c.event.product,
  };
}

type ConflictRow = InferEntity<typeof ConflictEntity>;

const toStored = (r: ConflictRow): StoredConflict => ({
  conflictId: r.id,
  type: r.type as ConflictDetails['type'],
  status: r.status,
  severity: r.severity,
  deviceId: r.deviceId ?? null,
  eventId: r.eventId,
  sequenceNumber: r.sequenceNumber ?? null,
  event: r.event as unknown as InventoryEvent,
  details: r.details as unknown as ConflictDetails,
  locationId: r.locationId ?? null,
  productId: r.productId as string,
  createdAt: toIso(r.createdAt),
  resolvedAt: r.resolvedAt ? toIso(r.resolvedAt) : null,
  resolution: r.resolution ?? null,
  workflowStarted: r.workflowStarted,
});

// Fresh rows, not the identity map's copies: callers mix these reads with SQL writes in one EntityManager.
const FRESH = { disableIdentityMap: true } as const;

export async function getConflict(em: Em, conflictId: string): Promise<StoredConflict | null> {
  const row = await em.findOne(ConflictEntity, { id: conflictId }, FRESH);
  return row ? toStored(row) : null;
}

export async function listConflicts(
  em: Em,
  filter: { status?: ConflictStatus; deviceId?: string } = {},
): Promise<StoredConflict[]> {
  const rows = await em.find(
    ConflictEntity,
    { ...(filter.status ? { status: filter.status } : {}), ...(filter.deviceId ? { deviceId: filter.deviceId } : {}) },
    { ...FRESH, orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return rows.map(toStored);
}

export async function markConflictWorkflowStarted(em: Em, conflictId: string): Promise<void> {
  await em.nativeUpdate(ConflictEntity, { id: conflictId }, { workflowStarted: true });
}
