/**
 * The console's reports over a period [from, to) of when things happened (occurred_at, the time
 * the technician claims: a pesticide-use record is about the day of application, even when the
 * phone synced days later):
 * - usage: stock used at jobs (ProductIssued) summed by product, technician and location;
 * - regulated use: one line per application of a regulated product, with its EPA registration
 *   number (the periodic pesticide-use record a pest-control company keeps);
 * - regulated movements: every logged movement of a regulated product (receipts, transfers,
 *   returns, counts, adjustments, issues), paginated, for the inventory audit page;
 * - conflicts: conflicts raised in the period and their outcomes.
 *
 * SQL: grouped sums and jsonb field reads over the log for a period, computed where the rows are.
 */
import { type Em, query, queryOne, toIso } from '../sql';

export interface Period {
  from: Date;
  to: Date;
}

export interface UsageLine {
  productId: string;
  productName: string;
  unit: string;
  technicianId: string;
  technicianName: string;
  locationId: string | null;
  locationName: string | null;
  quantity: number;
  applications: number;
}

export async function usageReport(em: Em, period: Period): Promise<UsageLine[]> {
  const rows = await query<{
    product_id: string;
    product_name: string | null;
    unit: string;
    technician_id: string;
    technician_name: string | null;
    location_id: string | null;
    location_name: string | null;
    quantity: string;
    applications: string;
  }>(
    em,
    `select e.product_id, p.name as product_name, e.payload->'quantity'->>'unit' as unit, e.payload->>'performedBy' as technician_id,
            t.name as technician_name, e.from_location as location_id, l.name as location_name,
            sum((e.payload->'quantity'->>'value')::numeric) as quantity, count(*) as applications
       from event_log e left join products p on p.id = e.product_id left join persons t on t.id = e.payload->>'performedBy'
       left join locations l on l.id = e.from_location
      where e.event_type = 'ProductIssued' and e.occurred_at >= $1 and e.occurred_at < $2
      group by 1, 2, 3, 4, 5, 6, 7 order by product_name, technician_name, location_name`,
    [period.from, period.to],
  );
  return rows.map((r) => ({
    productId: r.product_id,
    productName: r.product_name ?? r.product_id,
    unit: r.unit,
    technicianId: r.technician_id,
    technicianName: r.technician_name ?? r.technician_id,
    locationId: r.location_id,
    locationName: r.location_name,
    quantity: Number(r.quantity),
    applications: Number(r.applications),
  }));
}

export interface RegulatedMovement {
  position: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  productId: string;
  productName: string;
  epaRegistrationNumber: string | null;
  quantity: number;
  unit: string;
  fromLocation: string | null;
  fromLocationName: string | null;
  toLocation: string | null;
  toLocationName: string | null;
  performedBy: string;
  performedByName: string | null;
  /** ProductIssued's job reference (where recorded). */
  jobReference: string | null;
}

interface MovementDbRow {
  position: string;
  event_id: string;
  event_type: string;
  occurred_at: Date;
  product_id: string;
  product_name: string;
  epa_registration_number: string | null;
  quantity: string;
  unit: string;
  from_location: string | null;
  from_name: string | null;
  to_location: string | null;
  to_name: string | null;
  performed_by: string;
  performed_by_name: string | null;
  job_reference: string | null;
}

const MOVEMENT_SELECT = `select e.position, e.event_id, e.event_type, e.occurred_at, e.product_id, p.name as product_name, p.epa_registration_number,
    e.payload->'quantity'->>'value' as quantity, e.payload->'quantity'->>'unit' as unit, e.from_location, f.name as from_name,
    e.to_location, t.name as to_name, e.payload->>'performedBy' as performed_by, who.name as performed_by_name,
    e.payload->'data'->>'jobReference' as job_reference
  from event_log e join products p on p.id = e.product_id and p.regulated
  left join locations f on f.id = e.from_location left join locations t on t.id = e.to_location
  left join persons who on who.id = e.payload->>'performedBy'`;

/** Event types that move or state stock (request decisions and disputes do not). */
const STOCK_EVENT_TYPES = [
  'ProductIssued',
  'ProductReturned',
  'ProductTransferred',
  'InventoryCounted',
  'ProductReceived',
  'InventoryAdjusted',
  'ConflictCompensated',
  'ConflictResolutionApplied',
];

const toMovement = (r: MovementDbRow): RegulatedMovement => ({
  position: Number(r.position),
  eventId: r.event_id,
  eventType: r.event_type,
  occurredAt: toIso(r.occurred_at),
  productId: r.product_id,
  productName: r.product_name,
  epaRegistrationNumber: r.epa_registration_number,
  quantity: Number(r.quantity),
  unit: r.unit,
  fromLocation: r.from_location,
  fromLocationName: r.from_name,
  toLocation: r.to_location,
  toLocationName: r.to_name,
  performedBy: r.performed_by,
  performedByName: r.performed_by_name,
  jobReference: r.job_reference,
});

export async function listRegulatedMovementsPage(
  em: Em,
  filter: Period & { productId?: string },
  page: { limit: number; offset: number },
): Promise<{ rows: RegulatedMovement[]; total: number }> {
  const where = `where e.event_type = any($1::text[]) and e.occurred_at >= $2 and e.occurred_at < $3 and ($4::text is null or e.product_id = $4)`;
  const params = [STOCK_EVENT_TYPES, filter.from, filter.to, filter.productId ?? null];
  const rows = await query<MovementDbRow>(
    em,
    `${MOVEMENT_SELECT} ${where} order by e.occurred_at desc, e.position desc limit $5 offset $6`,
    [...params, page.limit, page.offset],
  );
  const total = await queryOne<{ n: string }>(
    em,
    `select count(*) as n from event_log e join products p on p.id = e.product_id and p.regulated ${where}`,
    params,
  );
  return { rows: rows.map(toMovement), total: Number(total?.n ?? 0) };
}

/** Applications (ProductIssued) of regulated products in the period, oldest first. */
export async function regulatedUseReport(em: Em, period: Period): Promise<RegulatedMovement[]> {
  const rows = await query<MovementDbRow>(
    em,
    `${MOVEMENT_SELECT} where e.event_type = 'ProductIssued' and e.occurred_at >= $1 and e.occurred_at < $2 order by e.occurred_at, e.position`,
    [period.from, period.to],
  );
  return rows.map(toMovement);
}

export interface ConflictReportLine {
  id: string;
  type: string;
  severity: string;
  status: string;
  deviceId: string | null;
  productId: string | null;
  productName: string | null;
  locationId: string | null;
  locationName: string | null;
  message: string;
  createdAt: string;
  resolvedAt: string | null;
  /** The option the resolution recorded (e.g. ACCEPT_PARTIAL) and the quantity applied, when resolved. */
  outcome: string | null;
  decidedBy: string | null;
}

export async function conflictsReport(em: Em, period: Period): Promise<ConflictReportLine[]> {
  const rows = await query<{
    id: string;
    type: string;
    severity: string;
    status: string;
    device_id: string | null;
    product_id: string | null;
    product_name: string | null;
    location_id: string | null;
    location_name: string | null;
    message: string | null;
    created_at: Date;
    resolved_at: Date | null;
    resolution: Record<string, unknown> | null;
  }>(
    em,
    `select c.id, c.type, c.severity, c.status, c.device_id, c.product_id, p.name as product_name, c.location_id, l.name as location_name,
            c.details->>'message' as message, c.created_at, c.resolved_at, c.resolution
       from conflicts c left join products p on p.id = c.product_id left join locations l on l.id = c.location_id
      where c.created_at >= $1 and c.created_at < $2 order by c.created_at, c.id`,
    [period.from, period.to],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    severity: r.severity,
    status: r.status,
    deviceId: r.device_id,
    productId: r.product_id,
    productName: r.product_name,
    locationId: r.location_id,
    locationName: r.location_name,
    message: r.message ?? '',
    createdAt: toIso(r.created_at),
    resolvedAt: r.resolved_at ? toIso(r.resolved_at) : null,
    outcome: outcomeOf(r.resolution),
    decidedBy: stringField(r.resolution, ['decidedBy']),
  }));
}

function stringField(record: Record<string, unknown> | null, keys: string[]): string | null {
  if (!record) return null;
  for (const key of keys) if (typeof record[key] === 'string') return record[key] as string;
  return null;
}

/** The conflict workflow's ResolutionRecord: { option, decidedBy, appliedQuantity?, disputeId?, ... }. */
function outcomeOf(resolution: Record<string, unknown> | null): string | null {
  if (!resolution) return null;
  const option = stringField(resolution, ['option']) ?? JSON.stringify(resolution);
  const parts = [option];
  if (typeof resolution.appliedQuantity === 'number') parts.push(`applied ${resolution.appliedQuantity}`);
  if (typeof resolution.disputeId === 'string') parts.push(`dispute ${resolution.disputeId}`);
  return parts.join('; ');
}
