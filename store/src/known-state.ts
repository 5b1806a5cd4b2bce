/**
 * Inputs of the domain's detectInsufficientInventory, computed without folding the whole log:
 * - eventsSince: log rows after the device's last known position touching (location, product)
 *   — committed rows from the database plus this transaction's own appends (LogWriter);
 * - availableAtKnownState: current on_hand minus the net delta of those rows. When one of them is
 *   a count (a 'set', which cannot be subtracted back out), the pair's history up to the known
 *   position is folded instead — still one (location, product), never the whole log.
 * An unknown or empty lastKnownServerStateHash means position 0 (availableAtKnownState = 0).
 * Database reads are cached per batch: a device's events usually share one known state.
 *
 * Set-based SQL: one statement per (location, product) pair touched by a batch, inside the append transaction.
 */
import {
  addQuantities,
  detectInsufficientInventory,
  foldEvents,
  onHandKey,
  onHandOf,
  stockEffects,
  subtractQuantities,
  touches,
  type ConflictDetails,
  type InventoryEvent,
  type RecordedEvent,
} from '@pco/domain';
import { positionOfHash, toRecordedEvent, type EventLogRow } from './event-log-read';
import { GENESIS_HASH } from './config';
import type { LogWriter } from './log-writer';
import { type Em, query } from './sql';

function netDelta(events: readonly RecordedEvent[], location: string, product: string): number | null {
  let delta = 0;
  for (const { event } of events) {
    for (const effect of stockEffects(event)) {
      if (effect.location !== location || effect.product !== product) continue;
      if (effect.kind === 'set') return null;
      delta = addQuantities(delta, effect.delta);
    }
  }
  return delta;
}

/** The stock an event draws from: (fromLocation, product) of issues and transfers, else null. */
function drawnPair(event: InventoryEvent): { location: string; product: string } | null {
  if ((event.eventType !== 'ProductIssued' && event.eventType !== 'ProductTransferred') || event.fromLocation === null)
    return null;
  return { location: event.fromLocation, product: event.product };
}

const asEvent = (raw: unknown): InventoryEvent | null => {
  const e = raw as Partial<InventoryEvent> | null;
  const shaped =
    typeof e === 'object' && e !== null && typeof e.product === 'string' && typeof e.fromLocation === 'string';
  return shaped ? (e as InventoryEvent) : null;
};

export class KnownState {
  private readonly positions = new Map<string, number>();
  private readonly committedSince = new Map<string, RecordedEvent[]>();
  /** Per preloaded pair: committed rows after `after` (up to the writer's start) touching it. */
  private preloaded: { after: Map<string, number>; rows: Map<string, RecordedEvent[]> } | null = null;

  constructor(
    private readonly em: Em,
    private readonly writer: LogWriter,
  ) {}

  /**
   * Loads, for a whole group, what the insufficient-inventory checks will ask: the position of
   * every distinct lastKnownServerStateHash (one query) and, for every drawn (location, product)
   * pair, the committed rows after the smallest known position drawing from it (one query).
   * Untrusted input: events that do not look like draws are skipped (the domain checks refuse
   * them later).
   */
  async preload(raws: readonly unknown[]): Promise<void> {
    const draws = raws.map(asEvent).filter((e): e is InventoryEvent => e !== null && drawnPair(e) !== null);
    if (draws.length === 0) return;
    const hashes = [
      ...new Set(
        draws
          .map((e) => e.offlineContext?.lastKnownServerStateHash)
          .filter((h): h is string => typeof h === 'string' && h !== ''),
      ),
    ];
    await this.loadPositions(hashes);
    // Per pair, the smallest known position among the events drawing from it.
    const pairs = new Map<string, { location: string; product: string; after: number }>();
    for (const e of draws) {
      const { location, product } = drawnPair(e)!;
      const known = this.positions.get(e.offlineContext?.lastKnownServerStateHash ?? '') ?? 0;
      const key = onHandKey(location, product);
      pairs.set(key, { location, product, after: Math.min(known, pairs.get(key)?.after ?? known) });
    }
    const list = [...pairs.values()].filter((p) => p.after < this.writer.startPosition);
    // Per pair through the (location, product, position) indexes; a row may come once per pair it touches.
    const rows =
      list.length === 0
        ? []
        : await query<EventLogRow & { l: string; pr: string }>(
            this.em,
            `select p.l, p.pr, e.position, e.payload, e.recorded_at, e.hash, e.prev_hash, e.content_hash
       from unnest($1::text[], $2::text[], $3::bigint[]) as p(l, pr, after) cross join lateral (
         select * from event_log where product_id = p.pr and (from_location = p.l or to_location = p.l)
           and position > p.after and position <= $4) e
       order by e.position`,
            [
              list.map((p) => p.location),
              list.map((p) => p.product),
              list.map((p) => p.after),
              this.writer.startPosition,
            ],
          );
    const byPair = new Map<string, RecordedEvent[]>();
    for (const row of rows) {
      const recorded = toRecordedEvent(row);
      if (!touches(recorded.event, row.l, row.pr)) continue;
      const key = onHandKey(row.l, row.pr);
      const touching = byPair.get(key) ?? [];
      touching.push(recorded);
      byPair.set(key, touching);
    }
    this.preloaded = { after: new Map([...pairs].map(([key, p]) => [key, p.after])), rows: byPair };
  }

  private async loadPositions(hashes: string[]): Promise<void> {
    const wanted = hashes.filter((h) => !this.positions.has(h) && h !== GENESIS_HASH);
    if (wanted.length > 0) {
      const rows = await query<{ hash: string; position: string }>(
        this.em,
        'select hash, position from event_log where hash = any($1::text[])',
        [wanted],
      );
      for (const h of wanted) this.positions.set(h, 0);
      for (const r of rows) this.positions.set(r.hash, Number(r.position));
    }
  }

  async knownPosition(hash: string): Promise<number> {
    if (!this.positions.has(hash)) this.positions.set(hash, (await positionOfHash(this.em, hash)) ?? 0);
    return this.positions.get(hash) as number;
  }

  /** Committed rows touching the pair in (from, upTo], ascending. */
  private async committedRows(location: string, product: string, from: number, upTo: number): Promise<RecordedEvent[]> {
    if (from >= upTo) return [];
    const key = onHandKey(location, product);
    const preloadedAfter = this.preloaded?.after.get(key);
    if (
      this.preloaded &&
      upTo === this.writer.startPosition &&
      preloadedAfter !== undefined &&
      from >= preloadedAfter
    ) {
      return (this.preloaded.rows.get(key) ?? []).filter((r) => r.position > from);
    }
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
      this.committedSince.set(
        key,
        await this.committedRows(location, product, knownPosition, this.writer.startPosition),
      );
    }
    return [...(this.committedSince.get(key) as RecordedEvent[]), ...this.writer.appendedTouching(location, product)];
  }

  async availableAt(
    location: string,
    product: string,
    knownPosition: number,
  ): Promise<{ available: number; since: RecordedEvent[] }> {
    const since = await this.eventsSince(location, product, knownPosition);
    if (knownPosition === 0) return { available: 0, since };
    const delta = netDelta(since, location, product);
    if (delta !== null)
      return { available: subtractQuantities(await this.writer.onHandOf(location, product), delta), since };
    const history = await this.committedRows(location, product, 0, knownPosition);
    return { available: onHandOf(foldEvents(history.map((r) => r.event)), location, product), since };
  }

  /** Null when the event draws no stock or enough is available; ConflictDetails otherwise. */
  async checkInsufficientInventory(event: InventoryEvent): Promise<ConflictDetails | null> {
    const drawn = drawnPair(event);
    if (drawn === null) return null;
    const knownPosition = await this.knownPosition(event.offlineContext?.lastKnownServerStateHash ?? '');
    const { available, since } = await this.availableAt(drawn.location, drawn.product, knownPosition);
    return detectInsufficientInventory({ event, availableAtKnownState: available, eventsSinceKnownState: since });
  }
}
