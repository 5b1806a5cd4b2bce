import {
  type EventId,
  type LocationId,
  type OnHand,
  type ProductId,
  type Timestamp,
  evolve,
  onHandKey,
  onHandOf,
  parseOnHandKey,
  subtractQuantities,
} from '@pco/domain';
import { SYNC_CONFIG } from '../config';
import { EFFECTIVE_PENDING_STATUSES, type PendingEvent, bySequence } from '../queue/pending-event';
import type { ServerKnownState } from './server-state';

/** One (location, product) as the technician sees it. */
export interface InventoryLine {
  location: LocationId;
  product: ProductId;
  /** On-hand the server is known to hold (downloads + own accepted events). */
  serverOnHand: number;
  /** Net effect of own events not yet accepted (queued, syncing, conflicted). */
  pendingEffect: number;
  /** serverOnHand with own pending events applied on top: what the device believes. */
  believedOnHand: number;
  /** A pending issue/transfer from here asks for more than was on hand when it applies. */
  mayConflict: boolean;
}

export interface LocalInventoryView {
  lines: InventoryLine[];
  /** Last time server information reached this view (null = never). */
  asOf: Timestamp | null;
  lastSuccessfulSync: Timestamp | null;
  /** True when never synced or the last successful sync is older than the stale threshold. */
  mayBeStale: boolean;
  /** Pending events that may conflict when uploaded (flagged, never changed or dropped). */
  mayConflictEventIds: EventId[];
}

export interface ViewInput {
  server: ServerKnownState;
  pending: readonly PendingEvent[];
  lastSuccessfulSync: Timestamp | null;
  now: Date;
  staleAfterMs?: number;
}

const LOSING_TYPES = new Set(['ProductIssued', 'ProductTransferred']);

/** Folds own pending events (sequence order) over the server state, flagging any that overdraws. */
export function applyPending(
  server: OnHand,
  pending: readonly PendingEvent[],
): { believed: OnHand; mayConflict: PendingEvent[] } {
  let believed = server;
  const mayConflict: PendingEvent[] = [];
  const effective = pending.filter((p) => EFFECTIVE_PENDING_STATUSES.includes(p.status)).sort(bySequence);
  for (const p of effective) {
    const { event } = p;
    if (p.status !== 'conflicted' && LOSING_TYPES.has(event.eventType) && event.fromLocation !== null) {
      if (onHandOf(believed, event.fromLocation, event.product) < event.quantity.value) mayConflict.push(p);
    }
    believed = evolve(believed, event);
  }
  return { believed, mayConflict };
}

export const isStale = (
  lastSuccessfulSync: Timestamp | null,
  now: Date,
  staleAfterMs: number = SYNC_CONFIG.staleAfterMs,
): boolean => lastSuccessfulSync === null || now.getTime() - Date.parse(lastSuccessfulSync) > staleAfterMs;

export function buildLocalInventoryView(input: ViewInput): LocalInventoryView {
  const { believed, mayConflict } = applyPending(input.server.onHand, input.pending);
  const flaggedKeys = new Set(mayConflict.map((p) => onHandKey(p.event.fromLocation ?? '', p.event.product)));
  const keys = new Set([...input.server.onHand.keys(), ...believed.keys()]);
  const lines = [...keys].sort().map((key): InventoryLine => {
    const { location, product } = parseOnHandKey(key);
    const serverOnHand = onHandOf(input.server.onHand, location, product);
    const believedOnHand = onHandOf(believed, location, product);
    const pendingEffect = subtractQuantities(believedOnHand, serverOnHand);
    return { location, product, serverOnHand, pendingEffect, believedOnHand, mayConflict: flaggedKeys.has(key) };
  });
  return {
    lines,
    asOf: input.server.asOf,
    lastSuccessfulSync: input.lastSuccessfulSync,
    mayBeStale: isStale(input.lastSuccessfulSync, input.now, input.staleAfterMs),
    mayConflictEventIds: mayConflict.map((p) => p.localId),
  };
}

export const lineOf = (view: LocalInventoryView, location: LocationId, product: ProductId): InventoryLine | undefined =>
  view.lines.find((l) => l.location === location && l.product === product);
