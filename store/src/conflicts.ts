/** Conflict records: every conflict is a visible row until a human resolves it. */
import { randomUUID } from 'node:crypto';
import type { ConflictDetails, InventoryEvent } from '@pco/domain';
import { type Em, query, run, toIso } from './sql';

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
  await run(em, 
    `insert into conflicts (id, type, status, severity, device_id, event_id, sequence_number, event, details,
       location_id, product_id, created_at)
     values ($1, $2, 'open', $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11)`,
    [conflictId, c.details.type, c.severity, c.deviceId, c.event.eventId, c.event.offlineContext?.sequenceNumber ?? null,
      JSON.stringify(c.event), JSON.stringify(c.details), locationId, c.event.product, c.now],
  );
  return { conflictId, deviceId: c.deviceId, eventId: c.event.eventId, details: c.details, locationId, productId: c.event.product };
}

interface ConflictDbRow {
  id: string; type: ConflictDetails['type']; status: ConflictStatus; severity: ConflictSeverity; device_id: string | null;
  event_id: string; sequence_number: number | null; event: InventoryEvent; details: ConflictDetails; location_id: string | null;
  product_id: string; created_at: Date; resolved_at: Date | null; resolution: unknown; workflow_started: boolean;
}

const toStored = (r: ConflictDbRow): StoredConflict => ({
  conflictId: r.id, type: r.type, status: r.status, severity: r.severity, deviceId: r.device_id, eventId: r.event_id,
  sequenceNumber: r.sequence_number, event: r.event, details: r.details, locationId: r.location_id, productId: r.product_id,
  createdAt: toIso(r.created_at), resolvedAt: r.resolved_at ? toIso(r.resolved_at) : null, resolution: r.resolution,
  workflowStarted: r.workflow_started,
});

export async function getConflict(em: Em, conflictId: string): Promise<StoredConflict | null> {
  const rows = await query<ConflictDbRow>(em, 'select * from conflicts where id = $1', [conflictId]);
  return rows[0] ? toStored(rows[0]) : null;
}

export async function listConflicts(em: Em, filter: { status?: ConflictStatus; deviceId?: string } = {}): Promise<StoredConflict[]> {
  const rows = await query<ConflictDbRow>(
    em,
    `select * from conflicts where ($1::text is null or status = $1) and ($2::text is null or device_id = $2) order by created_at, id`,
    [filter.status ?? null, filter.deviceId ?? null],
  );
  return rows.map(toStored);
}

export async function markConflictWorkflowStarted(em: Em, conflictId: string): Promise<void> {
  await run(em, 'update conflicts set workflow_started = true where id = $1', [conflictId]);
}
