import type { InventoryEvent } from '@pco/domain';
import { flagTimestamps, type LoggedDeviceEvent } from '../src/recovery/clock-skew';

const REGISTERED = '2026-11-01T00:00:00.000Z';
const RECORDED = '2026-11-26T12:00:00.000Z';

function deviceEvent(sequenceNumber: number, deviceTimestamp: string, claimed = deviceTimestamp): InventoryEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(sequenceNumber).padStart(12, '0')}`,
    eventType: 'ProductIssued',
    product: 'prod-a',
    quantity: { value: 1, unit: 'each' },
    fromLocation: 'loc-vehicle-1',
    toLocation: null,
    performedBy: 'person-tech-1',
    occurredAt: claimed,
    data: {},
    offlineContext: {
      deviceId: 'device-1',
      sequenceNumber,
      deviceTimestamp,
      claimedOccurredAt: claimed,
      lastKnownServerStateHash: '',
      localInventorySnapshotHash: '',
      syncStatus: 'pending',
    },
  };
}

const logged = (event: InventoryEvent): LoggedDeviceEvent => ({
  position: 10,
  event,
  deviceId: 'device-1',
  sequenceNumber: event.offlineContext!.sequenceNumber,
  recordedAt: RECORDED,
});

describe('flagTimestamps (Clock Skew Discovery: identify, flag, assess)', () => {
  it('Given plausible, ordered times, When assessed, Then no flag', () => {
    const previous = deviceEvent(1, '2026-11-26T09:00:00.000Z');
    expect(
      flagTimestamps({
        logged: logged(deviceEvent(2, '2026-11-26T10:00:00.000Z')),
        deviceRegisteredAt: REGISTERED,
        previousOfDevice: previous,
      }),
    ).toBeNull();
  });

  it('Given a device clock a day ahead of the server, Then FUTURE, ordering not affected', () => {
    const flag = flagTimestamps({
      logged: logged(deviceEvent(1, '2026-11-27T12:00:00.000Z')),
      deviceRegisteredAt: REGISTERED,
    });
    expect(flag).toMatchObject({ issues: ['FUTURE'], orderingAffected: false, sequenceNumber: 1, position: 10 });
  });

  it('Given a time before the device was registered (clock reset to 1970), Then BEFORE_REGISTRATION', () => {
    const flag = flagTimestamps({
      logged: logged(deviceEvent(1, '1970-01-01T00:00:00.000Z')),
      deviceRegisteredAt: REGISTERED,
    });
    expect(flag?.issues).toEqual(['BEFORE_REGISTRATION']);
  });

  it('Given a device clock that went backwards against the sequence, Then OUT_OF_ORDER and ordering affected', () => {
    const previous = deviceEvent(1, '2026-11-26T10:00:00.000Z');
    const flag = flagTimestamps({
      logged: logged(deviceEvent(2, '2026-11-26T08:00:00.000Z')),
      deviceRegisteredAt: REGISTERED,
      previousOfDevice: previous,
    });
    expect(flag).toMatchObject({ issues: ['OUT_OF_ORDER'], orderingAffected: true });
  });

  it('a back-dated claimed time alone (device clock fine) is not out of order', () => {
    const previous = deviceEvent(1, '2026-11-26T10:00:00.000Z');
    const event = deviceEvent(2, '2026-11-26T11:00:00.000Z', '2026-11-26T07:00:00.000Z');
    expect(
      flagTimestamps({ logged: logged(event), deviceRegisteredAt: REGISTERED, previousOfDevice: previous }),
    ).toBeNull();
  });
});
