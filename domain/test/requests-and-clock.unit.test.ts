import { assessTimestamps } from '../src/clock-skew';
import { foldRequests } from '../src/requests';
import type { InventoryEvent } from '../src/types';
import { at, bait, each, event, manager, offline, tech, vehicle, warehouse } from './fixtures';

describe('request projection', () => {
  const req = (eventType: string, extra: Record<string, unknown> = {}, occurredAt = at(0)) =>
    event({
      eventType,
      product: bait.id,
      quantity: each(5),
      fromLocation: warehouse.id,
      toLocation: vehicle.id,
      occurredAt,
      data: { requestId: 'r1' },
      ...extra,
    } as never) as InventoryEvent;

  test('created ⇒ pending; approved ⇒ approved with decidedAt/By; transfer naming it ⇒ fulfilled and moved', () => {
    const created = foldRequests([req('RequestCreated')]);
    expect(created.get('r1')).toMatchObject({ status: 'pending', requestedBy: tech.id, moved: false });
    const approved = foldRequests([req('RequestCreated'), req('RequestApproved', { performedBy: manager.id }, at(3))]);
    expect(approved.get('r1')).toMatchObject({ status: 'approved', decidedAt: at(3), decidedBy: manager.id });
    const moved = foldRequests([req('RequestCreated'), req('RequestApproved', {}, at(3)), req('ProductTransferred')]);
    expect(moved.get('r1')).toMatchObject({ status: 'fulfilled', moved: true });
  });
  test('a decision for an unknown request changes nothing', () =>
    expect(foldRequests([req('RequestCancelled')]).size).toBe(0));
});

describe('clock skew assessment', () => {
  const registeredAt = at(-60 * 24);
  const withDeviceTime = (deviceTimestamp: string, claimed = deviceTimestamp) =>
    event({
      eventType: 'ProductIssued',
      product: bait.id,
      quantity: each(1),
      fromLocation: vehicle.id,
      toLocation: null,
      occurredAt: claimed,
      offlineContext: offline(2, { deviceTimestamp, claimedOccurredAt: claimed }),
    });

  test('plausible timestamps give no flags', () =>
    expect(assessTimestamps({ event: withDeviceTime(at(0)), deviceRegisteredAt: registeredAt, now: at(1) })).toEqual(
      [],
    ));
  test('FUTURE beyond the 5 minute tolerance only', () => {
    expect(assessTimestamps({ event: withDeviceTime(at(4)), deviceRegisteredAt: registeredAt, now: at(0) })).toEqual(
      [],
    );
    expect(assessTimestamps({ event: withDeviceTime(at(6)), deviceRegisteredAt: registeredAt, now: at(0) })).toEqual([
      'FUTURE',
    ]);
    expect(
      assessTimestamps({
        event: withDeviceTime(at(2)),
        deviceRegisteredAt: registeredAt,
        now: at(0),
        futureToleranceMs: 60_000,
      }),
    ).toEqual(['FUTURE']);
  });
  test('BEFORE_REGISTRATION', () =>
    expect(
      assessTimestamps({ event: withDeviceTime(at(-60 * 48)), deviceRegisteredAt: registeredAt, now: at(0) }),
    ).toEqual(['BEFORE_REGISTRATION']));
  test('OUT_OF_ORDER when the device clock went backwards; a back-dated claim alone is fine', () => {
    const previous = withDeviceTime(at(10));
    expect(
      assessTimestamps({
        event: withDeviceTime(at(5)),
        previousEventOfDevice: previous,
        deviceRegisteredAt: registeredAt,
        now: at(20),
      }),
    ).toEqual(['OUT_OF_ORDER']);
    expect(
      assessTimestamps({
        event: withDeviceTime(at(15), at(1)),
        previousEventOfDevice: previous,
        deviceRegisteredAt: registeredAt,
        now: at(20),
      }),
    ).toEqual([]);
  });
});
