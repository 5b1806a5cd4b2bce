/**
 * Property tests (fast-check) of the three promises the projection and conflict resolution make:
 *
 * 1. Sync order does not matter: any interleaving of devices' syncs (each device's own events
 *    in its sequence order) gives the same on-hand for the same accepted set of movements.
 * 2. The projection kept up event by event (evolve) never differs from a rebuild of the log
 *    (foldEvents), nor from an independent model written here in integer thousandths.
 * 3. Every decision of an insufficient-inventory conflict leaves the source's stock non-negative
 *    when it was non-negative (accept_local says so explicitly: it adds the shortfall first).
 *
 * Counts (InventoryCounted) SET the on-hand, so a count and a movement at the same place do not
 * commute: property 1 covers movements only; property 2 covers every event type.
 * Failures print fast-check's seed and shrunk counterexample; runs are seeded for repeatability.
 */
import fc from 'fast-check';
import {
  DecisionRefused,
  detectInsufficientInventory,
  evolve,
  emptyOnHand,
  foldEvents,
  onHandKey,
  onHandOf,
  planResolution,
  stockEffects,
  validateDecision,
  type ConflictDecision,
  type InventoryEvent,
  type OnHand,
  type Quantity,
} from '../src';
import { bait, termiticide, T0 } from './fixtures';

const RUNS = { numRuns: 300, seed: 20261130 };
const LOCATIONS = ['loc-warehouse', 'loc-van-1', 'loc-van-2', 'loc-van-3'];
const PRODUCTS = [bait, termiticide];

/** A quantity valid for the product's unit: whole items, or fluid ounces to the hundredth. */
const quantityOf = (productIndex: number, steps: number): Quantity =>
  productIndex === 0 ? { value: steps, unit: 'each' } : { value: steps / 100, unit: 'fl_oz' };

let idCounter = 0;
const base = (
  eventType: string,
  productIndex: number,
  steps: number,
  from: string | null,
  to: string | null,
  data: object = {},
) =>
  ({
    eventId: `prop-${++idCounter}`,
    eventType,
    product: PRODUCTS[productIndex].id,
    quantity: quantityOf(productIndex, steps),
    fromLocation: from,
    toLocation: to,
    performedBy: 'p-tech',
    occurredAt: T0,
    data,
  }) as unknown as InventoryEvent;

const location = fc.constantFrom(...LOCATIONS);
const product = fc.integer({ min: 0, max: 1 });
const steps = fc.integer({ min: 1, max: 5_000 });

/** Movements a device may sync (deltas only: they commute). */
const movement: fc.Arbitrary<InventoryEvent> = fc.oneof(
  fc.tuple(product, steps, location).map(([p, s, from]) => base('ProductIssued', p, s, from, 'loc-site-7')),
  fc.tuple(product, steps, location).map(([p, s, to]) => base('ProductReturned', p, s, 'loc-site-7', to)),
  fc.tuple(product, steps, location, location).map(([p, s, from, to]) => base('ProductTransferred', p, s, from, to)),
  fc.tuple(product, steps, location).map(([p, s, to]) => base('ProductReceived', p, s, null, to, { supplier: 'Acme' })),
  fc
    .tuple(product, steps, location)
    .map(([p, s, from]) => base('InventoryAdjusted', p, s, from, null, { reason: 'damaged' })),
);

/** Every event type, counts and conflict resolution events included. */
const anyEvent: fc.Arbitrary<InventoryEvent> = fc.oneof(
  movement,
  fc
    .tuple(product, fc.integer({ min: 0, max: 5_000 }), location)
    .map(([p, s, to]) => base('InventoryCounted', p, s, null, to)),
  fc
    .tuple(product, steps, location, location)
    .map(([p, s, from, to]) =>
      base('ConflictCompensated', p, s, from, to, { conflictId: 'c-1', compensatesEventId: 'e-1', reason: 'merge' }),
    ),
  fc.tuple(product, steps, location, location).map(([p, s, from, to]) =>
    base('ConflictResolutionApplied', p, s, from, to, {
      conflictId: 'c-1',
      originalEventId: 'e-1',
      resolution: 'retry',
    }),
  ),
  fc.tuple(product, steps, location).map(([p, s, to]) => base('RequestCreated', p, s, null, to, { requestId: 'r-1' })),
  fc
    .tuple(product, steps, location)
    .map(([p, s, to]) => base('DisputeOpened', p, s, null, to, { disputeId: 'd-1', reason: 'missing' })),
);

/** Each device's queue, and an order in which the server took their syncs (device picks). */
const fleet = fc.array(fc.array(movement, { maxLength: 12 }), { minLength: 2, maxLength: 5 });
const picks = fc.array(fc.nat(), { minLength: 0, maxLength: 80 });

/** Merges the devices' queues in the picked order (each queue stays in its own order). */
function interleave(queues: InventoryEvent[][], order: number[]): InventoryEvent[] {
  const cursors = queues.map(() => 0);
  const merged: InventoryEvent[] = [];
  const remaining = () => queues.filter((q, i) => cursors[i] < q.length).length;
  let turn = 0;
  while (remaining() > 0) {
    const open = queues.map((q, i) => i).filter((i) => cursors[i] < queues[i].length);
    const device = open[(order[turn++] ?? 0) % open.length];
    merged.push(queues[device][cursors[device]++]);
  }
  return merged;
}

/**
 * The server's acceptance, simplified to what decides it: an issue or transfer that the current
 * stock at its source cannot cover is a conflict and not applied; everything else is accepted.
 */
function acceptInOrder(events: InventoryEvent[]): InventoryEvent[] {
  let state: OnHand = emptyOnHand();
  const accepted: InventoryEvent[] = [];
  for (const event of events) {
    const source = event.fromLocation ?? '';
    const conflict = detectInsufficientInventory({
      event,
      availableAtKnownState: onHandOf(state, source, event.product),
      eventsSinceKnownState: [],
    });
    if (conflict) continue;
    accepted.push(event);
    state = evolve(state, event);
  }
  return accepted;
}

const sorted = (state: OnHand): Array<[string, number]> => [...state.entries()].sort(([a], [b]) => a.localeCompare(b));

describe("property: the order of devices' syncs does not change on-hand", () => {
  it('folds the same on-hand for any two interleavings of the same queues', () => {
    fc.assert(
      fc.property(fleet, picks, picks, (queues, first, second) => {
        expect(sorted(foldEvents(interleave(queues, first)))).toEqual(sorted(foldEvents(interleave(queues, second))));
      }),
      RUNS,
    );
  });

  it('gives the same on-hand for the same accepted set, whichever interleaving produced it', () => {
    fc.assert(
      fc.property(fleet, picks, picks, (queues, first, second) => {
        const acceptedFirst = acceptInOrder(interleave(queues, first));
        const ids = new Set(acceptedFirst.map((e) => e.eventId));
        // The same accepted set, arriving in another devices' interleaving.
        const acceptedSecond = interleave(
          queues.map((q) => q.filter((e) => ids.has(e.eventId))),
          second,
        );
        expect(sorted(foldEvents(acceptedSecond))).toEqual(sorted(foldEvents(acceptedFirst)));
      }),
      RUNS,
    );
  });

  it('never lets the simulated server accept a movement that takes a source below zero', () => {
    fc.assert(
      fc.property(fleet, picks, (queues, order) => {
        let state: OnHand = emptyOnHand();
        for (const event of acceptInOrder(interleave(queues, order))) {
          const before = new Map(state);
          state = evolve(state, event);
          if (event.eventType !== 'ProductIssued' && event.eventType !== 'ProductTransferred') continue;
          const key = onHandKey(event.fromLocation ?? '', event.product);
          if ((before.get(key) ?? 0) >= 0) expect(state.get(key) ?? 0).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });
});

/** An independent model: integer thousandths per key, counts set, everything else adds its deltas. */
function referenceModel(events: InventoryEvent[]): Map<string, number> {
  const thousandths = new Map<string, number>();
  for (const event of events) {
    for (const effect of stockEffects(event)) {
      const key = onHandKey(effect.location, effect.product);
      const amount = Math.round((effect.kind === 'set' ? effect.value : effect.delta) * 1000);
      thousandths.set(key, effect.kind === 'set' ? amount : (thousandths.get(key) ?? 0) + amount);
    }
  }
  return new Map([...thousandths].map(([key, value]) => [key, value / 1000]));
}

describe('property: the projection never differs from a rebuild', () => {
  it('evolve, event by event, equals foldEvents over the whole log and the reference model', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 120 }), (log) => {
        const incremental = log.reduce<OnHand>((state, event) => evolve(state, event), emptyOnHand());
        const rebuilt = foldEvents(log);
        expect(sorted(incremental)).toEqual(sorted(rebuilt));
        expect(sorted(rebuilt)).toEqual(sorted(referenceModel(log)));
      }),
      RUNS,
    );
  });

  it('a rebuild from any checkpoint (fold of a prefix, then the rest) equals the full rebuild', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 80 }), fc.nat(), (log, cut) => {
        const at = log.length === 0 ? 0 : cut % (log.length + 1);
        const resumed = foldEvents(log.slice(at), foldEvents(log.slice(0, at)));
        expect(sorted(resumed)).toEqual(sorted(foldEvents(log)));
      }),
      RUNS,
    );
  });
});

describe('property: conflict decisions leave stock non-negative', () => {
  const ids = {
    applied: 'a',
    adjustment: 'adj',
    backorderRequest: 'req',
    backorderEvent: 'req-e',
    dispute: 'd',
    disputeEvent: 'd-e',
  };
  const conflicted = fc
    .tuple(product, steps, location, fc.boolean())
    .map(([p, s, from, transfer]) =>
      transfer
        ? base('ProductTransferred', p, s, from, from === 'loc-van-1' ? 'loc-van-2' : 'loc-van-1')
        : base('ProductIssued', p, s, from, 'loc-site-7'),
    );
  const decision = (p: number): fc.Arbitrary<ConflictDecision> =>
    fc.oneof(
      fc.constant<ConflictDecision>({ option: 'accept_server' }),
      fc.constant<ConflictDecision>({ option: 'retry' }),
      steps.map<ConflictDecision>((s) => ({ option: 'modify', quantity: quantityOf(p, s) })),
      fc.constant<ConflictDecision>({ option: 'accept_local', reason: 'found in the van' }),
      fc.option(steps).chain((s) =>
        fc.boolean().map<ConflictDecision>((backorderRemainder) => ({
          option: 'merge',
          quantity: s === null ? undefined : quantityOf(p, s),
          backorderRemainder,
        })),
      ),
      fc.constant<ConflictDecision>({ option: 'investigate', reason: 'count it' }),
    );

  /** The workflow plans only what its update validator accepted (e.g. modify above the request is refused there). */
  const passesValidator = (original: InventoryEvent, decision: ConflictDecision): boolean => {
    const actor = ['accept_server', 'retry', 'modify'].includes(decision.option)
      ? { personId: 'p-tech', role: 'technician' as const }
      : { personId: 'p-manager', role: 'manager' as const };
    const ctx = {
      technicianId: 'p-tech',
      requested: original.quantity,
      resolved: false,
      applying: false,
      escalated: false,
      pendingApproval: null,
    };
    try {
      validateDecision(ctx, { actor, decision });
      return true;
    } catch (error) {
      if (error instanceof DecisionRefused) return false;
      throw error;
    }
  };

  it('applying the plan of any accepted decision to non-negative stock leaves the source at zero or more', () => {
    const scenario = conflicted.chain((original) =>
      fc.tuple(
        fc.constant(original),
        fc.integer({ min: 0, max: 5_000 }),
        decision(original.product === bait.id ? 0 : 1),
      ),
    );
    fc.assert(
      fc.property(scenario, ([original, availableSteps, chosen]) => {
        const p = original.product === bait.id ? 0 : 1;
        const source = original.fromLocation as string;
        const available = quantityOf(p, availableSteps).value;
        const before: OnHand = new Map([[onHandKey(source, original.product), available]]);
        if (!passesValidator(original, chosen)) return;
        const plan = planResolution({
          conflictId: 'c-1',
          deviceId: 'dev-1',
          original,
          decision: chosen,
          decidedBy: 'p-manager',
          availableNow: available,
          now: T0,
          ids,
          details: {
            type: 'INSUFFICIENT_INVENTORY',
            requested: original.quantity,
            available: { value: available, unit: original.quantity.unit },
            conflictingEvents: [],
            message: '',
          },
        });
        if (plan.kind === 'still_conflicted') {
          expect(plan.available).toBeGreaterThanOrEqual(0);
          return;
        }
        const after = foldEvents(plan.events, before);
        expect(onHandOf(after, source, original.product)).toBeGreaterThanOrEqual(0);
        if (chosen.option !== 'accept_local') {
          // Only accept_local creates stock (its InventoryAdjusted says so); nothing else adds any.
          expect(plan.events.some((e) => e.eventType === 'InventoryAdjusted')).toBe(false);
        }
      }),
      RUNS,
    );
  });
});
