/**
 * The event log for the console's audit page, newest first, one page at a time, each row with
 * what is needed to check it: its hash-chain link (prev_hash must be the previous position's hash,
 * hash must be sha256(prev|content|position), content_hash must be the payload's content hash)
 * checked here, and the submitting device's registered public key, so the console can verify the
 * Ed25519 signature the payload carries.
 *
 * SQL: each page of the log joined with its predecessor's hash and the device key, filtered on jsonb fields.
 */
import type { InventoryEvent } from '@pco/domain';
import { GENESIS_HASH } from '../config';
import { chainHash, contentHashOf } from '../hashing';
import { type Em, query, queryOne, toIso } from '../sql';

export interface EventLogFilter {
  eventType?: string;
  productId?: string;
  deviceId?: string;
}

export interface ChainCheck {
  /** prev_hash equals the previous position's hash (the genesis hash at position 1). */
  linked: boolean;
  /** hash = sha256(prev_hash | content_hash | position). */
  hashValid: boolean;
  /** content_hash = content hash of the stored payload. */
  contentValid: boolean;
}

export interface EventLogEntry {
  position: number;
  eventId: string;
  eventType: string;
  productId: string;
  fromLocation: string | null;
  toLocation: string | null;
  performedBy: string;
  deviceId: string | null;
  sequenceNumber: number | null;
  occurredAt: string;
  recordedAt: string;
  hash: string;
  prevHash: string;
  payload: InventoryEvent & { signature?: string; devicePublicKey?: string };
  /** The key the device registered (not the one the payload claims). */
  registeredPublicKey: string | null;
  chain: ChainCheck;
}

interface LogDbRow {
  position: string;
  event_id: string;
  event_type: string;
  product_id: string;
  from_location: string | null;
  to_location: string | null;
  device_id: string | null;
  sequence_number: number | null;
  occurred_at: Date;
  recorded_at: Date;
  hash: string;
  prev_hash: string;
  content_hash: string;
  payload: EventLogEntry['payload'];
  public_key: string | null;
  previous_hash: string | null;
}

const WHERE = `where ($1::text is null or e.event_type = $1) and ($2::text is null or e.product_id = $2) and ($3::text is null or e.device_id = $3)`;

export function checkChainLink(r: {
  position: number;
  prevHash: string;
  hash: string;
  contentHash: string;
  previousHash: string | null;
  payload: InventoryEvent;
}): ChainCheck {
  const expectedPrev = r.position === 1 ? GENESIS_HASH : r.previousHash;
  return {
    linked: expectedPrev !== null && r.prevHash === expectedPrev,
    hashValid: chainHash(r.prevHash, r.contentHash, r.position) === r.hash,
    contentValid: contentHashOf(r.payload) === r.contentHash,
  };
}

export async function listEventLogPage(
  em: Em,
  filter: EventLogFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: EventLogEntry[]; total: number }> {
  const params = [filter.eventType ?? null, filter.productId ?? null, filter.deviceId ?? null];
  const rows = await query<LogDbRow>(
    em,
    `select e.*, d.public_key, (select p.hash from event_log p where p.position = e.position - 1) as previous_hash
       from event_log e left join devices d on d.id = e.device_id ${WHERE}
      order by e.position desc limit $4 offset $5`,
    [...params, page.limit, page.offset],
  );
  const total = await queryOne<{ n: string }>(em, `select count(*) as n from event_log e ${WHERE}`, params);
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((r) => {
      const position = Number(r.position);
      return {
        position,
        eventId: r.event_id,
        eventType: r.event_type,
        productId: r.product_id,
        fromLocation: r.from_location,
        toLocation: r.to_location,
        performedBy: r.payload.performedBy,
        deviceId: r.device_id,
        sequenceNumber: r.sequence_number,
        occurredAt: toIso(r.occurred_at),
        recordedAt: toIso(r.recorded_at),
        hash: r.hash,
        prevHash: r.prev_hash,
        payload: r.payload,
        registeredPublicKey: r.public_key,
        chain: checkChainLink({
          position,
          prevHash: r.prev_hash,
          hash: r.hash,
          contentHash: r.content_hash,
          previousHash: r.previous_hash,
          payload: r.payload,
        }),
      };
    }),
  };
}
