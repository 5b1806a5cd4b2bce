/**
 * The append-only event log. Positions are assigned under the chain-head lock as head + 1
 * (contiguous); hash = sha256(prev_hash|content_hash|position), see hashing.ts.
 *
 * SQL on the append transaction's connection: the chain-head row lock and the position arithmetic are the hot path's serialisation point.
 */
import type { InventoryEvent, RecordedEvent } from '@pco/domain';
import { LogWriter, type AppendOptions } from './log-writer';
import { type Em, inTransaction } from './sql';

export * from './event-log-read';
export { LogWriter, type AppendOptions } from './log-writer';

/**
 * Appends one already-validated event and updates the projections in the same transaction
 * (opens one when the EntityManager is not in a transaction). For many events use a LogWriter.
 */
export async function appendEvent(em: Em, event: InventoryEvent, opts: AppendOptions): Promise<RecordedEvent> {
  return inTransaction(em, async (tem) => {
    const writer = await LogWriter.open(tem);
    const recorded = await writer.append(event, opts);
    await writer.flush();
    return recorded;
  });
}
