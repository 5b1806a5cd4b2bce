/**
 * Conflict reads for the console: a filtered, paginated list (the same four keys the conflict
 * workflows carry as search attributes: status, severity, location, product) and everything the
 * resolution screen shows beside the workflow's own state.
 */
import type { InventoryEvent } from '@pco/domain';
import { ConflictEntity, DeviceEntity, EventLogEntity, PersonEntity } from '../entities';
import { getConflict, type ConflictSeverity, type ConflictStatus, type StoredConflict } from '../conflicts';
import { onHandQuantity } from '../projection';
import type { Em } from '../sql';

export interface ConflictListFilter {
  status?: ConflictStatus;
  severity?: ConflictSeverity;
  locationId?: string;
  productId?: string;
}

export interface ConflictListRow {
  conflictId: string;
  type: string;
  status: string;
  severity: string;
  deviceId: string | null;
  locationId: string | null;
  productId: string | null;
  createdAt: string;
  resolvedAt: string | null;
  message: string;
}

export async function listConflictsPage(
  em: Em,
  filter: ConflictListFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ConflictListRow[]; total: number }> {
  const where: Record<string, string> = {};
  if (filter.status) where.status = filter.status;
  if (filter.severity) where.severity = filter.severity;
  if (filter.locationId) where.locationId = filter.locationId;
  if (filter.productId) where.productId = filter.productId;
  const [rows, total] = await em.findAndCount(ConflictEntity, where, {
    orderBy: { createdAt: 'desc', id: 'asc' },
    limit: page.limit,
    offset: page.offset,
  });
  return {
    total,
    rows: rows.map((r) => ({
      conflictId: r.id,
      type: r.type,
      status: r.status,
      severity: r.severity,
      deviceId: r.deviceId ?? null,
      locationId: r.locationId ?? null,
      productId: r.productId ?? null,
      createdAt: r.createdAt.toISOString(),
      resolvedAt: r.resolvedAt ? r.resolvedAt.toISOString() : null,
      message: String((r.details as { message?: unknown }).message ?? ''),
    })),
  };
}

export interface ConflictingEventView {
  position: string;
  eventType: string;
  quantity: unknown;
  fromLocation: string | null;
  toLocation: string | null;
  performedBy: string | null;
  occurredAt: string;
  recordedAt: string;
  deviceId: string | null;
}

export interface ConflictScreen {
  conflict: StoredConflict;
  /** On hand now at the conflict's location (where the event draws stock from, else where it sends it). */
  onHandNow: number | null;
  conflictingEvents: ConflictingEventView[];
  device: { id: string; name: string; status: string; lastAcceptedSeq: number; heldByConflictId: string | null } | null;
  technician: { id: string; name: string; email: string } | null;
}

export async function readConflictScreen(em: Em, conflictId: string): Promise<ConflictScreen | null> {
  const conflict = await getConflict(em, conflictId);
  if (!conflict) return null;
  const positions = (conflict.details.conflictingEvents ?? []).map(String).filter((p) => /^\d+$/.test(p));
  const [events, device] = await Promise.all([
    positions.length
      ? em.find(EventLogEntity, { position: { $in: positions } }, { orderBy: { position: 'asc' } })
      : Promise.resolve([]),
    conflict.deviceId ? em.findOne(DeviceEntity, { id: conflict.deviceId }) : Promise.resolve(null),
  ]);
  const event = conflict.event as InventoryEvent;
  const technician = await em.findOne(PersonEntity, { id: event.performedBy });
  return {
    conflict,
    onHandNow: conflict.locationId ? await onHandQuantity(em, conflict.locationId, conflict.productId) : null,
    conflictingEvents: events.map((e) => ({
      position: e.position,
      eventType: e.eventType,
      quantity: (e.payload as { quantity?: unknown }).quantity ?? null,
      fromLocation: e.fromLocation ?? null,
      toLocation: e.toLocation ?? null,
      performedBy: String((e.payload as { performedBy?: unknown }).performedBy ?? ''),
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      deviceId: e.deviceId ?? null,
    })),
    device: device && {
      id: device.id,
      name: device.name,
      status: device.status,
      lastAcceptedSeq: device.lastAcceptedSeq,
      heldByConflictId: device.heldByConflictId ?? null,
    },
    technician: technician && { id: technician.id, name: technician.name, email: technician.email },
  };
}
