import { detectInsufficientInventory, detectLocationInactive, resolveRequestRace } from '../src/conflicts';
import type { RaceRequestState } from '../src/conflicts';
import type { InventoryEvent, ProductIssued, RequestApproved, RequestCancelled } from '../src/types';
import {
  at,
  bait,
  closedVan,
  each,
  event,
  locations,
  manager,
  offline,
  recorded,
  tech,
  tech2,
  vehicle,
  vehicle2,
} from './fixtures';

const issue = (value: number, performedBy = tech.id, seq = 1): ProductIssued =>
  event<ProductIssued>({
    eventType: 'ProductIssued',
    product: bait.id,
    quantity: each(value),
    fromLocation: vehicle.id,
    toLocation: null,
    performedBy,
    offlineContext: offline(seq),
  });

describe('Conflict type 1: insufficient inventory', () => {
  test('Given 10 units, When device 1 issues 8 (accepted) and device 2 issues 7, Then device 2 conflicts with 2 available', () => {
    const first = recorded([issue(8)], 11);
    const conflict = detectInsufficientInventory({
      event: issue(7, tech2.id),
      availableAtKnownState: 10,
      eventsSinceKnownState: first,
    });
    expect(conflict).toEqual({
      type: 'INSUFFICIENT_INVENTORY',
      requested: each(7),
      available: each(2),
      conflictingEvents: ['11'],
      message: expect.stringContaining('only 2 available'),
    });
  });

  test('Given Vehicle X with 50, When Tech A issues 30 and syncs first, Then Tech B issuing 35 conflicts (20 available)', () => {
    const techA = recorded([issue(30, tech.id)], 5);
    const conflict = detectInsufficientInventory({
      event: issue(35, tech2.id),
      availableAtKnownState: 50,
      eventsSinceKnownState: techA,
    });
    expect(conflict?.available).toEqual(each(20));
    expect(conflict?.conflictingEvents).toEqual(['5']);
  });

  test('Given the same case, Then Tech A (first to sync) has no conflict', () => {
    expect(
      detectInsufficientInventory({ event: issue(30), availableAtKnownState: 50, eventsSinceKnownState: [] }),
    ).toBeNull();
  });

  test('only events moving the same (location, product) are replayed and listed', () => {
    const elsewhere = event({
      eventType: 'ProductIssued',
      product: bait.id,
      quantity: each(9),
      fromLocation: vehicle2.id,
      toLocation: null,
    });
    const otherProduct = event({
      eventType: 'ProductIssued',
      product: 'prod-other',
      quantity: each(9),
      fromLocation: vehicle.id,
      toLocation: null,
    });
    const refill = event({
      eventType: 'ProductTransferred',
      product: bait.id,
      quantity: each(5),
      fromLocation: vehicle2.id,
      toLocation: vehicle.id,
      data: {},
    });
    const since = recorded([elsewhere, otherProduct, refill, issue(8)], 1);
    const conflict = detectInsufficientInventory({
      event: issue(8, tech2.id),
      availableAtKnownState: 10,
      eventsSinceKnownState: since,
    });
    expect(conflict?.available).toEqual(each(7));
    expect(conflict?.conflictingEvents).toEqual(['3', '4']);
  });

  test("Extended offline: the device's own earlier events since its known state are replayed too (100: 20, 30, 25 all fit)", () => {
    const accepted: InventoryEvent[] = [];
    for (const [i, value] of [20, 30, 25].entries()) {
      const next = issue(value, tech.id, i + 1);
      expect(
        detectInsufficientInventory({
          event: next,
          availableAtKnownState: 100,
          eventsSinceKnownState: recorded(accepted),
        }),
      ).toBeNull();
      accepted.push(next);
    }
  });

  test('a count since the known state replaces the balance', () => {
    const count = event({
      eventType: 'InventoryCounted',
      product: bait.id,
      quantity: each(1),
      fromLocation: null,
      toLocation: vehicle.id,
    });
    expect(
      detectInsufficientInventory({
        event: issue(2),
        availableAtKnownState: 100,
        eventsSinceKnownState: recorded([count]),
      })?.available,
    ).toEqual(each(1));
  });

  test('transfers are checked at their fromLocation; other event types are not checked', () => {
    const transfer = event({
      eventType: 'ProductTransferred',
      product: bait.id,
      quantity: each(3),
      fromLocation: vehicle.id,
      toLocation: vehicle2.id,
      data: {},
    });
    expect(
      detectInsufficientInventory({ event: transfer, availableAtKnownState: 2, eventsSinceKnownState: [] })?.available,
    ).toEqual(each(2));
    const ret = event({
      eventType: 'ProductReturned',
      product: bait.id,
      quantity: each(3),
      fromLocation: null,
      toLocation: vehicle.id,
    });
    expect(detectInsufficientInventory({ event: ret, availableAtKnownState: 0, eventsSinceKnownState: [] })).toBeNull();
  });
});

describe('Conflict type 2: request approve / cancel race', () => {
  const approve = (claimed: string): RequestApproved =>
    event<RequestApproved>({
      eventType: 'RequestApproved',
      product: bait.id,
      quantity: each(5),
      fromLocation: null,
      toLocation: vehicle.id,
      performedBy: manager.id,
      occurredAt: claimed,
      offlineContext: offline(1, { claimedOccurredAt: claimed }),
      data: { requestId: 'r1' },
    });
  const cancel = (claimed: string): RequestCancelled =>
    event<RequestCancelled>({
      eventType: 'RequestCancelled',
      product: bait.id,
      quantity: each(5),
      fromLocation: null,
      toLocation: vehicle.id,
      occurredAt: claimed,
      data: { requestId: 'r1' },
    });
  const pending: RaceRequestState = { status: 'pending', moved: false };
  const approvedAt = (t: string, moved = false): RaceRequestState => ({
    status: 'approved',
    decidedAt: t,
    decidedBy: manager.id,
    moved,
  });
  const cancelledAt = (t: string): RaceRequestState => ({
    status: 'cancelled',
    decidedAt: t,
    decidedBy: tech.id,
    moved: false,
  });

  test('first decision on a pending request applies (approve or cancel)', () => {
    expect(resolveRequestRace(pending, approve(at(1)))).toEqual({ outcome: 'apply' });
    expect(resolveRequestRace(pending, cancel(at(1)))).toEqual({ outcome: 'apply' });
  });

  describe('Rule 1: product already moved ⇒ cancellation fails', () => {
    test('approve then cancel (later), product moved ⇒ REQUEST_ALREADY_MOVED', () => {
      const r = resolveRequestRace(approvedAt(at(1), true), cancel(at(2)));
      expect(r).toMatchObject({ outcome: 'reject', code: 'REQUEST_ALREADY_MOVED' });
    });
    test('fulfilled request, cancel ⇒ REQUEST_ALREADY_MOVED', () => {
      expect(resolveRequestRace({ status: 'fulfilled', decidedAt: at(1), moved: true }, cancel(at(2)))).toMatchObject({
        outcome: 'reject',
        code: 'REQUEST_ALREADY_MOVED',
      });
    });
  });

  describe('Rule 2: not moved ⇒ the more recent claimed timestamp wins', () => {
    test('approve (t1) arrives first, cancel (t2 later) arrives second ⇒ cancel supersedes', () => {
      const r = resolveRequestRace(approvedAt(at(1)), cancel(at(2)));
      expect(r).toMatchObject({
        outcome: 'supersede',
        superseded: 'approved',
        supersededDecidedAt: at(1),
        conflict: { type: 'REQUEST_STATE_RACE' },
      });
    });
    test('cancel (t2 later) arrives first, approve (t1) arrives second ⇒ approval rejected, cancel stands', () => {
      expect(resolveRequestRace(cancelledAt(at(2)), approve(at(1)))).toMatchObject({
        outcome: 'reject',
        code: 'REQUEST_NOT_PENDING',
      });
    });
    test('cancel (t1) arrives first, approve (t2 later) arrives second ⇒ approval supersedes', () => {
      expect(resolveRequestRace(cancelledAt(at(1)), approve(at(2)))).toMatchObject({
        outcome: 'supersede',
        superseded: 'cancelled',
      });
    });
    test('approve (t2 later) arrives first, cancel (t1) arrives second ⇒ cancellation rejected', () => {
      expect(resolveRequestRace(approvedAt(at(2)), cancel(at(1)))).toMatchObject({
        outcome: 'reject',
        code: 'REQUEST_NOT_PENDING',
      });
    });
    test('the claimed time (offlineContext.claimedOccurredAt) is what is compared', () => {
      const late = approve(at(5));
      const claimedEarly = { ...late, offlineContext: { ...late.offlineContext!, claimedOccurredAt: at(0) } };
      expect(resolveRequestRace(cancelledAt(at(1)), claimedEarly)).toMatchObject({ outcome: 'reject' });
    });
  });

  describe('Rule 3: tie ⇒ approval wins', () => {
    test('approve then cancel at the same instant ⇒ cancellation rejected', () => {
      expect(resolveRequestRace(approvedAt(at(1)), cancel(at(1)))).toMatchObject({
        outcome: 'reject',
        code: 'REQUEST_NOT_PENDING',
      });
    });
    test('cancel then approve at the same instant ⇒ approval supersedes', () => {
      expect(resolveRequestRace(cancelledAt(at(1)), approve(at(1)))).toMatchObject({
        outcome: 'supersede',
        superseded: 'cancelled',
      });
    });
  });

  test('denied requests and repeated decisions are REQUEST_NOT_PENDING', () => {
    expect(resolveRequestRace({ status: 'denied', decidedAt: at(1), moved: false }, approve(at(2)))).toMatchObject({
      code: 'REQUEST_NOT_PENDING',
    });
    expect(resolveRequestRace({ status: 'denied', decidedAt: at(1), moved: false }, cancel(at(2)))).toMatchObject({
      code: 'REQUEST_NOT_PENDING',
    });
    expect(resolveRequestRace(approvedAt(at(1)), approve(at(2)))).toMatchObject({ code: 'REQUEST_NOT_PENDING' });
    expect(resolveRequestRace(cancelledAt(at(1)), cancel(at(2)))).toMatchObject({ code: 'REQUEST_NOT_PENDING' });
  });
});

describe('Conflict type 3: transfer to an inactive location', () => {
  test('Given Location A made inactive, When a tech transfers to it, Then LOCATION_INACTIVE with the reason', () => {
    const transfer = event({
      eventType: 'ProductTransferred',
      product: bait.id,
      quantity: each(2),
      fromLocation: vehicle.id,
      toLocation: closedVan.id,
      data: {},
    });
    const conflict = detectLocationInactive(transfer, locations);
    expect(conflict).toMatchObject({
      type: 'LOCATION_INACTIVE',
      message: expect.stringContaining('choose another destination'),
    });
  });

  test('stock leaving an inactive location is allowed', () => {
    const transfer = event({
      eventType: 'ProductTransferred',
      product: bait.id,
      quantity: each(2),
      fromLocation: closedVan.id,
      toLocation: vehicle.id,
      data: {},
    });
    expect(detectLocationInactive(transfer, locations)).toBeNull();
  });
});
