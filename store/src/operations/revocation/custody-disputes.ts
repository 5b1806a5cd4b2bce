/**
 * Custody of a revoked device = stock on hand (> 0) at the vehicles assigned to its user.
 * Each (location, product) gets one dispute: a disputes row plus a DisputeOpened event in the
 * log, in one transaction. Ids derive from device + location + product, so a retry finds them.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeviceId, DisputeOpened, PersonId, UnitOfMeasure } from '@pco/domain';
import { appendEvent } from '../../event-log';

/** One dispute per (location, product) the revoked device's user held; the revocation workflow's OpenedDispute. */
export interface OpenedDispute {
  disputeId: string;
  locationId: string;
  productId: string;
  quantity: number;
  unit: UnitOfMeasure;
}

interface CustodyRow {
  location_id: string;
  product_id: string;
  quantity: string;
  unit: UnitOfMeasure;
}

/** A name-based UUID (v5 layout over SHA-1), so the same dispute always gets the same event id. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`pco-inventory:${name}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function custodyOfPerson(em: EntityManager, userId: PersonId): Promise<CustodyRow[]> {
  return em.execute<CustodyRow[]>(
    `select oh.location_id, oh.product_id, oh.quantity::text as quantity, p.unit
       from on_hand oh
       join locations l on l.id = oh.location_id and l.kind = 'vehicle'
       join location_assignments la on la.location_id = oh.location_id and la.person_id = ?
       join products p on p.id = oh.product_id
      where oh.quantity > 0
      order by oh.location_id, oh.product_id`,
    [userId],
  );
}

export interface CustodyDisputeInput {
  deviceId: DeviceId;
  userId: PersonId;
  reason: string;
  revokedBy: PersonId;
  now: Date;
}

function disputeEvent(input: CustodyDisputeInput, row: CustodyRow, disputeId: string): DisputeOpened {
  return {
    eventId: stableUuid(disputeId),
    eventType: 'DisputeOpened',
    product: row.product_id,
    quantity: { value: Number(row.quantity), unit: row.unit },
    fromLocation: null,
    toLocation: row.location_id,
    performedBy: input.revokedBy,
    occurredAt: input.now.toISOString(),
    data: { disputeId, reason: `Device ${input.deviceId} revoked: ${input.reason}`, deviceId: input.deviceId },
  };
}

export async function openCustodyDisputes(em: EntityManager, input: CustodyDisputeInput): Promise<OpenedDispute[]> {
  return em.transactional(async (tem) => {
    const custody = await custodyOfPerson(tem, input.userId);
    const opened: OpenedDispute[] = [];
    for (const row of custody) {
      const disputeId = `dispute-revocation-${input.deviceId}-${row.location_id}-${row.product_id}`;
      const inserted = await tem.execute<{ affectedRows: number }>(
        `insert into disputes (id, status, device_id, opened_by, reason, details, opened_at)
         values (?, 'open', ?, ?, ?, ?::jsonb, ?::timestamptz) on conflict (id) do nothing`,
        [
          disputeId,
          input.deviceId,
          input.revokedBy,
          `Device ${input.deviceId} revoked: ${input.reason}`,
          JSON.stringify({
            type: 'device_revocation',
            locationId: row.location_id,
            productId: row.product_id,
            quantity: Number(row.quantity),
            unit: row.unit,
          }),
          input.now.toISOString(),
        ],
        'run',
      );
      if (inserted.affectedRows > 0)
        await appendEvent(tem, disputeEvent(input, row, disputeId), { recordedAt: input.now });
      opened.push({
        disputeId,
        locationId: row.location_id,
        productId: row.product_id,
        quantity: Number(row.quantity),
        unit: row.unit,
      });
    }
    return opened;
  });
}
