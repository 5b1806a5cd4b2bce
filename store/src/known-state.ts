/**
 * Inputs of the domain's detectInsufficientInventory, computed without folding the whole log:
 * - eventsSince: log rows after the device's last known position touching (location, product)
 *   — committed rows from the database plus this transaction's own appends (LogWriter);
 * - availableAtKnownState: current on_hand minus the net delta of those rows. When one of them is
 *   a count (a 'set', which cannot be subtracted back out), the pair's history up to the known
 *   position is folded instead — still one (location, product), never the whole log.
 * An unknown or empty lastKnownServerStateHash means position 0 (availableAtKnownState = 0).
 * Database reads are cached per batch: a device's events usually share one known state.
 */
import {
  detectInsufficientInventory, foldEvents, onHandOf, roundQuantity, stockEffects, touches,
  type ConflictDetails, type InventoryEvent, type RecordedEvent,
} from '@pco/domain';
import { positionOfHash, toRecordedEvent, type EventLogRow } from './event-log-read';
import type { LogWriter } from './log-writer';
import { type Em, query } from './sql';

function netDelta(events: readonly RecordedEvent[], location: string, product: string): number | null {
  let delta = 0;
  for (const { event } of events) {
    for (const effect of stockEffects(event)) {
      if (effect.location !== location || effect.product !== product) continue;
      if (effect.kind === 'set') return null;
      delta += effect.delta;
    }
  }
  return delta;
}

export class KnownState {
  private readonly positions = new Map<string, number>();
  private readonly committedSince = new Map<string, RecordedEvent[]>();

  constructor(private readonly em: Em, private readonly writer: LogWriter) {}

  async knownPosition(hash: string): Promise<number> {
    if (!this.positions.has(hash)) this.positions.set(hash, (await positionOfHash(this.em, hash)) ?? 0);
    return this.positions.get(hash) as number;
  }

  /** Committed rows touching the pair in (from, upTo], ascending. */
  private async committedRows(location: string, product: string, from: number, upTo: number): Promise<RecordedEvent[]> {
    const rows = await query<EventLogRow>(
      this.em,
      `select position, payload, recorded_at, hash, prev_hash, content_hash from event_log
       where product_id = $2 and (from_location = $1 or to_location = $1) and position > $3 and position <= $4 order by position`,
      [location, product, from, upTo],
    );
    return rows.map(toRecordedEvent).filter((r) => touches(r.event, location, product));
  }

  async eventsSince(location: string, product: string, knownPosition: number): Promise<RecordedEvent[]> {
    const key = `${knownPosition}|${location}|${product}`;
    if (!this.committedSince.has(key)) {
      this.committedSince.set(key, await this.committedRows(location, product, knownPosition, this.writer.startPosition));
    }
    const own = this.writer.appended.filter((r) => touches(r.event, location, product));
    return [...(this.committedSince.get(key) as RecordedEvent[]), ...own];
  }

  async availableAt(location: string, product: string, knownPosition: number): Promise<{ available: number; since: RecordedEvent[] }> {
    const since = await this.eventsSince(location, product, knownPosition);
    if (knownPosition === 0) return { available: 0, since };
    const delta = netDelta(since, location, product);
    if (delta !== null) return { available: roundQuantity((await this.writer.onHandOf(location, product)) - delta), since };
    const history = await this.committedRows(location, product, 0, knownPosition);
    return { available: onHandOf(foldEvents(history.map((r) => r.event)), location, product), since };
  }

  /** Null when the event draws no stock or enough is available; ConflictDetails otherwise. */
  async checkInsufficientInventory(event: InventoryEvent): Promise<ConflictDetails | null> {
    if ((event.eventType !== 'ProductIssued' && event.eventType !== 'ProductTransferred') || event.fromLocation === null) return null;
    const knownPosition = await this.knownPosition(event.offlineContext?.lastKnownServerStateHash ?? '');
    const { available, since } = await this.availableAt(event.fromLocation, event.product, knownPosition);
    return detectInsufficientInventory({ event, availableAtKnownState: available, eventsSinceKnownState: since });
  }
}
