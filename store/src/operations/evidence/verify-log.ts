/**
 * Verifies the stored event log as an inspector would: every device event's own Ed25519 signature
 * (under the rule its signatureVersion names, against the key the device REGISTERED), every
 * device's hash chain where both ends are in the log, and the server's hash chain with each row's
 * content hash recomputed from its stored payload — so an edit of one row through SQL is found
 * even where the server chain was recomputed after it. At ingest only one signature per linked
 * run is verified; this is where every other signature is checked.
 *
 * Page by page and resumable: the caller keeps the returned cursor (the Temporal workflow carries
 * it between activity calls and across continueAsNew; `npm run verify-log` loops in one process).
 * Stops at the first bad event and names it.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { previousEventHashOf, signingPayloadOf, type SignedEvent } from '@pco/domain';
import { GENESIS_HASH } from '../../config';
import { chainStartHash, signedHashOf } from '../../device-chain';
import { chainHash, contentHashOf } from '../../hashing';
import type { StoreOrm } from '../../orm';
import { type Em, forkEm, query } from '../../sql';

export interface LogCursor {
  afterPosition: number;
  /** Server chain hash of the row at afterPosition. */
  previousHash: string;
  /** Per device: sequence number and signed-bytes hash of its last version-2 event seen. */
  deviceHeads: Record<string, { sequenceNumber: number; hash: string }>;
}

export interface BadEvent {
  position: number;
  eventId: string;
  deviceId: string | null;
  sequenceNumber: number | null;
  reason: string;
}

export interface VerifyPageResult {
  cursor: LogCursor;
  checked: number;
  signaturesVerified: number;
  firstBad: BadEvent | null;
}

export const START_CURSOR: LogCursor = { afterPosition: 0, previousHash: GENESIS_HASH, deviceHeads: {} };

interface Row {
  position: string;
  event_id: string;
  device_id: string | null;
  sequence_number: number | null;
  payload: SignedEvent;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

async function loadKeys(em: Em, deviceIds: string[]): Promise<Map<string, { raw: string; key: KeyObject | null }>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await query<{ id: string; public_key: string }>(
    em,
    'select id, public_key from devices where id = any($1::text[])',
    [deviceIds],
  );
  return new Map(
    rows.map((r) => {
      const raw = Buffer.from(r.public_key, 'base64');
      let key: KeyObject | null = null;
      try {
        key =
          raw.length === 32
            ? createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
            : null;
      } catch {
        key = null;
      }
      return [r.id, { raw: r.public_key, key }];
    }),
  );
}

/** Why this device event's signature or link is bad, or null. Moves the device's head. */
function checkDeviceEvent(
  row: Row,
  cursor: LogCursor,
  key: { raw: string; key: KeyObject | null } | undefined,
): string | null {
  const event = row.payload;
  if (!key?.key) return `device ${row.device_id} has no usable registered key`;
  if (event.devicePublicKey !== key.raw) return 'devicePublicKey is not the key the device registered';
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(signingPayloadOf(event), 'utf8'),
      key.key,
      Buffer.from(event.signature ?? '', 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid)
    return `signature (version ${event.signatureVersion ?? 1}) does not verify with the registered device key`;
  const hash = signedHashOf(event);
  if (hash === null || row.device_id === null || row.sequence_number === null) return null;
  const head = cursor.deviceHeads[row.device_id];
  const link = previousEventHashOf(event);
  // Only consecutive numbers can be compared: the previous one may be a rejected event, not in the log.
  if (
    head &&
    head.sequenceNumber === row.sequence_number - 1 &&
    link !== head.hash &&
    link !== chainStartHash(row.device_id, row.sequence_number)
  ) {
    return `previousEventHash is not the hash of the device's event ${head.sequenceNumber}`;
  }
  cursor.deviceHeads[row.device_id] = { sequenceNumber: row.sequence_number, hash };
  return null;
}

function checkRow(
  row: Row,
  cursor: LogCursor,
  keys: Map<string, { raw: string; key: KeyObject | null }>,
): string | null {
  const position = Number(row.position);
  if (row.prev_hash !== cursor.previousHash) return "prev_hash is not the previous row's hash (server chain broken)";
  if (contentHashOf(row.payload) !== row.content_hash)
    return 'stored payload does not match its content hash (edited after it was recorded)';
  if (chainHash(row.prev_hash, row.content_hash, position) !== row.hash)
    return 'hash does not match its inputs (server chain broken)';
  return row.device_id === null ? null : checkDeviceEvent(row, cursor, keys.get(row.device_id));
}

/** One page after the cursor; the returned cursor is where the next page starts. */
export async function verifyLogPage(orm: StoreOrm, cursor: LogCursor, pageSize = 1000): Promise<VerifyPageResult> {
  const em = forkEm(orm);
  const rows = await query<Row>(
    em,
    `select position, event_id, device_id, sequence_number, payload, content_hash, prev_hash, hash from event_log
     where position > $1 order by position limit $2`,
    [cursor.afterPosition, pageSize],
  );
  const keys = await loadKeys(em, [...new Set(rows.map((r) => r.device_id).filter((d): d is string => d !== null))]);
  const next: LogCursor = { ...cursor, deviceHeads: { ...cursor.deviceHeads } };
  let checked = 0;
  let signaturesVerified = 0;
  for (const row of rows) {
    const reason = checkRow(row, next, keys);
    if (row.device_id !== null) signaturesVerified += 1;
    if (reason) {
      const firstBad = {
        position: Number(row.position),
        eventId: row.event_id,
        deviceId: row.device_id,
        sequenceNumber: row.sequence_number,
        reason,
      };
      return { cursor: next, checked, signaturesVerified, firstBad };
    }
    checked += 1;
    next.afterPosition = Number(row.position);
    next.previousHash = row.hash;
  }
  return { cursor: next, checked, signaturesVerified, firstBad: null };
}

export interface VerifyLogSummary {
  checked: number;
  signaturesVerified: number;
  lastPosition: number;
  firstBad: BadEvent | null;
}

/** The whole log from the start (or a cursor), in one process: `npm run verify-log`. */
export async function verifyWholeLog(
  orm: StoreOrm,
  options: { pageSize?: number; onPage?: (s: VerifyLogSummary) => void } = {},
): Promise<VerifyLogSummary> {
  let cursor = START_CURSOR;
  const summary: VerifyLogSummary = { checked: 0, signaturesVerified: 0, lastPosition: 0, firstBad: null };
  for (;;) {
    const page = await verifyLogPage(orm, cursor, options.pageSize);
    summary.checked += page.checked;
    summary.signaturesVerified += page.signaturesVerified;
    summary.lastPosition = page.cursor.afterPosition;
    summary.firstBad = page.firstBad;
    options.onPage?.(summary);
    if (page.firstBad || page.checked === 0) return summary;
    cursor = page.cursor;
  }
}
