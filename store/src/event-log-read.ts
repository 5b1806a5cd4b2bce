/**
 * Reading the event log and its hash chain. chain_head holds the current head; appenders lock its
 * single row (SELECT ... FOR UPDATE) until commit, so appends are serialised and a reader that
 * sees head position P has also seen every event at or below P.
 * Lock order everywhere: device row first, then chain head (never the reverse).
 *
 * SQL: these reads run inside the append transaction under the chain-head lock, on its connection.
 */
import type { InventoryEvent, RecordedEvent } from '@pco/domain';
import { GENESIS_HASH } from './config';
import { type Em, query, queryOne, toIso } from './sql';

export interface ChainHead {
  position: number;
  hash: string;
}

export interface EventLogRow {
  position: string;
  payload: InventoryEvent;
  recorded_at: Date;
  hash: string;
  prev_hash: string;
  content_hash: string;
}

const toHead = (row: { position: string; hash: string }): ChainHead => ({
  position: Number(row.position),
  hash: row.hash,
});

/** Locks the chain head until the transaction ends; every append path calls this first. */
export async function lockChainHead(em: Em): Promise<ChainHead> {
  const row = await queryOne<{ position: string; hash: string }>(
    em,
    'select position, hash from chain_head where id = 1 for update',
  );
  if (!row) throw new Error('chain_head row missing: run the migrations');
  return toHead(row);
}

export async function readChainHead(em: Em): Promise<ChainHead> {
  const row = await queryOne<{ position: string; hash: string }>(
    em,
    'select position, hash from chain_head where id = 1',
  );
  if (!row) throw new Error('chain_head row missing: run the migrations');
  return toHead(row);
}

export const headHash = async (em: Em): Promise<string> => (await readChainHead(em)).hash;

/** Position whose chain hash is `hash`: 0 for the genesis hash, null when unknown (or ''). */
export async function positionOfHash(em: Em, hash: string): Promise<number | null> {
  if (hash === GENESIS_HASH) return 0;
  if (!hash) return null;
  const row = await queryOne<{ position: string }>(em, 'select position from event_log where hash = $1', [hash]);
  return row ? Number(row.position) : null;
}

export const toRecordedEvent = (row: EventLogRow): RecordedEvent => ({
  event: row.payload,
  serverId: String(row.position),
  position: Number(row.position),
  recordedAt: toIso(row.recorded_at),
  hash: row.hash,
});

/** Rows in position order, for chain verification and projection rebuilds (paged). */
export async function readLogPage(em: Em, afterPosition: number, limit: number): Promise<EventLogRow[]> {
  return query<EventLogRow>(
    em,
    `select position, payload, recorded_at, hash, prev_hash, content_hash from event_log
     where position > $1 order by position limit $2`,
    [afterPosition, limit],
  );
}
