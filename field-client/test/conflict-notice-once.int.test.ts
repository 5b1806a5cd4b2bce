/**
 * Defect: a device was told of one conflict twice. The gateway now writes each notice once (the
 * durable outbox, keyed per conflict and device), and the engine itself handles a conflict's
 * notice once: a repeat (a redelivery after a crash between the emit and the "delivered" mark)
 * is recognised by its conflict id, remembered in the persisted sync state, and not shown again,
 * before or after a reconnect.
 */
import { enqueueDeviceNotifications } from '@pco/store';
import type { ConflictNotice } from '@pco/domain';
import { DEMO, type Device, eventually, newDevice, startWorld, type World } from './int/harness';

jest.setTimeout(60_000);

const TRUCK = DEMO.locations.vehicle2;
const GLUE = DEMO.products.glueBoards;
const each = (value: number) => ({ value, unit: 'each' as const });
const notices = (device: Device) => device.pushes.filter((p) => p.push.kind === 'conflict:notice');

describe('a conflict is announced to the device once', () => {
  let world: World;
  let a: Device;
  let b: Device;

  beforeAll(async () => {
    world = await startWorld('2026-11-24T07:00:00.000Z');
    [a, b] = [await newDevice(world, DEMO.persons.tech2), await newDevice(world, DEMO.persons.tech3)];
  });
  afterAll(async () => {
    a?.client.close();
    b?.client.close();
    await world?.close();
  });

  it('Given B conflicted, When the notice is delivered again and B reconnects, Then B handled exactly one notice', async () => {
    for (const tech of [a, b]) expect((await tech.client.sync()).status).toBe('completed');
    a.link.goOffline();
    b.link.goOffline();
    await a.client.issue({ product: GLUE, quantity: each(30), fromLocation: TRUCK });
    const fromB = await b.client.issue({ product: GLUE, quantity: each(35), fromLocation: TRUCK });
    a.link.goOnline();
    expect((await a.client.sync()).status).toBe('completed');
    b.link.goOnline();
    expect((await b.client.sync()).status).toBe('stopped-on-conflict');
    await eventually(() => notices(b).length > 0, 'the conflict notice on B');
    const first = notices(b)[0].push as { kind: 'conflict:notice'; notice: ConflictNotice };
    expect(first.notice).toMatchObject({
      eventId: fromB.localId,
      conflictId: (await b.client.queue.get(fromB.localId))?.conflictId,
    });

    // A second delivery of the same notice (a row without the dedupe key: what a redelivery looks like to the device).
    await enqueueDeviceNotifications(
      world.orm.em.fork(),
      [{ deviceId: b.deviceId, kind: 'conflict:notice', payload: first.notice }],
      new Date(),
    );
    await eventually(async () => (await undelivered(world, b.deviceId)) === 0, 'the repeat delivered');
    // And B reconnects and syncs again.
    b.link.goOffline();
    b.link.goOnline();
    await b.client.sync();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(notices(b).map((p) => (p.push as { notice: ConflictNotice }).notice.conflictId)).toEqual([
      first.notice.conflictId,
    ]);
    expect(await b.client.queue.get(fromB.localId)).toMatchObject({
      status: 'conflicted',
      conflictId: first.notice.conflictId,
    });
  });
});

async function undelivered(world: World, deviceId: string): Promise<number> {
  const [row] = await world.orm.em
    .fork()
    .execute<Array<{ n: string }>>(
      'select count(*) as n from device_notifications where device_id = ? and delivered_at is null',
      [deviceId],
    );
  return Number(row.n);
}
