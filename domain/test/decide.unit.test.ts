import type { Command } from '../src/commands';
import { decide } from '../src/decide';
import type { RequestView } from '../src/requests';
import {
  T0,
  bait,
  closedVan,
  each,
  givenState,
  manager,
  offlineCtx,
  onlineCtx,
  otherVan,
  site,
  stock,
  tech,
  termiticide,
  vehicle,
  vehicle2,
  warehouse,
} from './fixtures';

const stocked = () => givenState([stock(vehicle.id, bait.id, 10), stock(warehouse.id, bait.id, 100)]);
const issue = (patch: Partial<Extract<Command, { type: 'IssueProduct' }>> = {}): Command => ({
  type: 'IssueProduct',
  product: bait.id,
  quantity: each(3),
  fromLocation: vehicle.id,
  toLocation: site.id,
  performedBy: tech.id,
  ...patch,
});
const codeOf = (command: Command, state = stocked(), ctx = onlineCtx()) => {
  const r = decide(command, state, ctx);
  return r.ok ? 'OK' : r.error.code;
};

describe('decide: IssueProduct', () => {
  test('Given 10 in the van, When the tech issues 3 online, Then a ProductIssued event', () => {
    const r = decide(issue({ jobReference: 'JOB-1' }), stocked(), { eventId: 'e-1', now: T0 });
    expect(r).toEqual({
      ok: true,
      value: {
        eventId: 'e-1',
        eventType: 'ProductIssued',
        product: bait.id,
        quantity: each(3),
        fromLocation: vehicle.id,
        toLocation: site.id,
        performedBy: tech.id,
        occurredAt: T0,
        data: { jobReference: 'JOB-1' },
      },
    });
  });

  test('offline: the event carries offlineContext (pending) and occurredAt = claimedOccurredAt', () => {
    const r = decide(issue(), stocked(), offlineCtx(4));
    expect(r.ok && r.value.offlineContext).toMatchObject({ sequenceNumber: 4, syncStatus: 'pending' });
    expect(r.ok && r.value.occurredAt).toBe(r.ok && r.value.offlineContext!.claimedOccurredAt);
  });

  test.each([
    ['unknown product', issue({ product: 'prod-nope' }), 'UNKNOWN_PRODUCT'],
    ['zero quantity', issue({ quantity: each(0) }), 'INVALID_QUANTITY'],
    ['negative quantity', issue({ quantity: each(-2) }), 'INVALID_QUANTITY'],
    ['NaN quantity', issue({ quantity: each(NaN) }), 'INVALID_QUANTITY'],
    ['unit mismatch', issue({ quantity: { value: 3, unit: 'oz' } }), 'UNIT_MISMATCH'],
    ['more than on hand', issue({ quantity: each(11) }), 'INSUFFICIENT_INVENTORY'],
    ['unknown location', issue({ fromLocation: 'loc-nowhere' }), 'UNKNOWN_LOCATION'],
    ['unknown person', issue({ performedBy: 'p-ghost' }), 'UNKNOWN_PERSON'],
    ['from a location not their own', issue({ fromLocation: warehouse.id }), 'FORBIDDEN'],
    ['to an inactive location', issue({ toLocation: closedVan.id }), 'LOCATION_INACTIVE'],
  ])('Given %s, Then %s', (_name, command, code) => expect(codeOf(command)).toBe(code));

  test('issuing exactly what is on hand is fine', () => expect(codeOf(issue({ quantity: each(10) }))).toBe('OK'));
});

describe('decide: TransferProduct', () => {
  const transfer = (fromLocation: string, toLocation: string, performedBy = tech.id, value = 2): Command => ({
    type: 'TransferProduct',
    product: bait.id,
    quantity: each(value),
    fromLocation,
    toLocation,
    performedBy,
  });

  test('a technician transfers between two own locations, also offline', () => {
    expect(codeOf(transfer(vehicle.id, vehicle2.id), stocked(), offlineCtx())).toBe('OK');
  });
  test('a technician may not transfer to a location not their own', () =>
    expect(codeOf(transfer(vehicle.id, otherVan.id))).toBe('FORBIDDEN'));
  test('a manager may transfer between any locations', () =>
    expect(codeOf(transfer(warehouse.id, otherVan.id, manager.id))).toBe('OK'));
  test('more than on hand at the source', () =>
    expect(codeOf(transfer(vehicle.id, vehicle2.id, tech.id, 11))).toBe('INSUFFICIENT_INVENTORY'));
  test('into an inactive location', () => expect(codeOf(transfer(vehicle.id, closedVan.id))).toBe('LOCATION_INACTIVE'));
});

describe('decide: the other stock commands', () => {
  test('ReturnProduct to own van', () =>
    expect(
      codeOf({
        type: 'ReturnProduct',
        product: bait.id,
        quantity: each(1),
        toLocation: vehicle.id,
        fromLocation: site.id,
        performedBy: tech.id,
      }),
    ).toBe('OK'));
  test('CountInventory of 0 is allowed; negative is not', () => {
    const count = (value: number): Command => ({
      type: 'CountInventory',
      product: bait.id,
      quantity: each(value),
      location: vehicle.id,
      performedBy: tech.id,
    });
    expect(codeOf(count(0))).toBe('OK');
    expect(codeOf(count(-1))).toBe('INVALID_QUANTITY');
  });
  test('ReceiveFromSupplier: online by an admin or manager ok; offline refused; technician forbidden', () => {
    const receive = (performedBy: string): Command => ({
      type: 'ReceiveFromSupplier',
      product: termiticide.id,
      quantity: { value: 128, unit: 'fl_oz' },
      toLocation: warehouse.id,
      supplier: 'Acme',
      performedBy,
    });
    expect(codeOf(receive(manager.id))).toBe('OK');
    expect(codeOf(receive(manager.id), stocked(), offlineCtx())).toBe('NOT_ALLOWED_OFFLINE');
    expect(codeOf(receive(tech.id))).toBe('FORBIDDEN');
  });
  test('AdjustInventory: decrease sets fromLocation; technicians forbidden; offline refused', () => {
    const adjust = (performedBy: string): Command => ({
      type: 'AdjustInventory',
      product: bait.id,
      quantity: each(2),
      location: vehicle.id,
      direction: 'decrease',
      reason: 'damaged',
      performedBy,
    });
    const r = decide(adjust(manager.id), stocked(), onlineCtx());
    expect(r.ok && [r.value.fromLocation, r.value.toLocation]).toEqual([vehicle.id, null]);
    expect(codeOf(adjust(tech.id))).toBe('FORBIDDEN');
    expect(codeOf(adjust(manager.id), stocked(), offlineCtx())).toBe('NOT_ALLOWED_OFFLINE');
  });
});

describe('decide: requests', () => {
  const pending: RequestView = {
    id: 'r1',
    status: 'pending',
    product: bait.id,
    quantity: each(5),
    fromLocation: warehouse.id,
    toLocation: vehicle.id,
    requestedBy: tech.id,
    createdAt: T0,
    moved: false,
  };
  const withRequest = (view: RequestView = pending) => givenState([], new Map([[view.id, view]]));

  test('CreateRequest by a technician for own van, offline', () =>
    expect(
      codeOf(
        {
          type: 'CreateRequest',
          requestId: 'r2',
          product: bait.id,
          quantity: each(5),
          toLocation: vehicle.id,
          performedBy: tech.id,
        },
        withRequest(),
        offlineCtx(),
      ),
    ).toBe('OK'));
  test('ApproveRequest by a manager offline copies the request into the event', () => {
    const r = decide({ type: 'ApproveRequest', requestId: 'r1', performedBy: manager.id }, withRequest(), offlineCtx());
    expect(r.ok && r.value).toMatchObject({
      eventType: 'RequestApproved',
      product: bait.id,
      quantity: each(5),
      toLocation: vehicle.id,
      data: { requestId: 'r1' },
    });
  });
  test('a technician may not approve or deny', () => {
    expect(codeOf({ type: 'ApproveRequest', requestId: 'r1', performedBy: tech.id }, withRequest())).toBe('FORBIDDEN');
    expect(codeOf({ type: 'DenyRequest', requestId: 'r1', performedBy: tech.id }, withRequest())).toBe('FORBIDDEN');
  });
  test('the requester cancels; another technician may not', () => {
    expect(codeOf({ type: 'CancelRequest', requestId: 'r1', performedBy: tech.id }, withRequest())).toBe('OK');
    expect(codeOf({ type: 'CancelRequest', requestId: 'r1', performedBy: 'p-tech2' }, withRequest())).toBe('FORBIDDEN');
  });
  test('unknown request and non-pending request', () => {
    expect(codeOf({ type: 'DenyRequest', requestId: 'nope', performedBy: manager.id }, withRequest())).toBe(
      'UNKNOWN_REQUEST',
    );
    expect(
      codeOf(
        { type: 'DenyRequest', requestId: 'r1', performedBy: manager.id },
        withRequest({ ...pending, status: 'approved' }),
      ),
    ).toBe('REQUEST_NOT_PENDING');
  });
});
