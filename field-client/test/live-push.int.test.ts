/**
 * Server pushes acted on by the engine, over the real gateway: another device's accepted event
 * updates the view at once (and is not applied twice by the next pull); `conflict:resolved`
 * releases the held event, after which the waiting event goes through; mass recovery's
 * `recovery:come-back-at` holds the sync until `recovery:admitted` starts it.
 */
import { releaseDeviceHold } from '@pco/store';
import { deviceRoom } from '@pco/sync-socket';
import { createDeviceNotifier, InMemoryDeviceOutbox, socketIoDeviceSockets } from '@pco/workers';
import { socketFleetPort } from '@pco/workers/test-support';
import type { LocalInventoryView } from '../src/view/local-inventory-view';
import { lineOf } from '../src/view/local-inventory-view';
import {
  DEMO,
  type Device,
  eventually,
  newDevice,
  onHandInDb,
  startWorld,
  storedEventsOf,
  type World,
} from './int/harness';

jest.setTimeout(60_000);

const TRUCK = DEMO.locations.vehicle2;
const GLUE = DEMO.products.glueBoards;
const GLOVES = DEMO.products.gloves;
const each = (value: number) => ({ value, unit: 'each' as const });

describe('live pushes acted on by the field client', () => {
  let world: World;
  let a: Device;
  let b: Device;

  beforeAll(async () => {
    world = await startWorld('2026-11-25T07:00:00.000Z');
    [a, b] = [await newDevice(world, DEMO.persons.tech2), await newDevice(world, DEMO.persons.tech3)];
    for (const tech of [a, b]) expect((await tech.client.sync()).status).toBe('completed');
  });
  afterAll(async () => {
    a?.client.close();
    b?.client.close();
    await world?.close();
  });

  it('Given B connected, When A syncs an issue from the shared truck, Then B’s view shows it without syncing, and B’s next pull does not apply it twice', async () => {
    const views: LocalInventoryView[] = [];
    const stop = b.client.onChange((view) => views.push(view));
    await a.client.issue({ product: GLOVES, quantity: each(7), fromLocation: TRUCK });
    expect((await a.client.sync()).upload?.accepted).toHaveLength(1);

    await eventually(() => b.pushes.some((p) => p.push.kind === 'events:new'), 'events:new on B');
    expect(b.pushes.find((p) => p.push.kind === 'events:new')?.effect).toBe('applied');
    expect(lineOf(await b.client.view(), TRUCK, GLOVES)?.serverOnHand).toBe(193);
    expect(views.map((v) => lineOf(v, TRUCK, GLOVES)?.serverOnHand)).toEqual([193]);
    stop();

    const pulled = await b.client.sync();
    expect(pulled.download).toMatchObject({ applied: 0, skippedLive: 1 });
    expect(lineOf(await b.client.view(), TRUCK, GLOVES)?.serverOnHand).toBe(193);
    expect(await onHandInDb(world.orm, TRUCK, GLOVES)).toBe(193);
  });

  it('Given B held by a conflict, When the resolution is pushed and the hold released, Then the event is resolved and the waiting event syncs', async () => {
    a.link.goOffline();
    b.link.goOffline();
    await a.client.issue({ product: GLUE, quantity: each(30), fromLocation: TRUCK });
    const held = await b.client.issue({ product: GLUE, quantity: each(35), fromLocation: TRUCK });
    const waiting = await b.client.issue({ product: GLOVES, quantity: each(1), fromLocation: TRUCK });
    a.link.goOnline();
    b.link.goOnline();
    expect((await a.client.sync()).status).toBe('completed');
    expect((await b.client.sync()).status).toBe('stopped-on-conflict');
    const conflictId = (await b.client.queue.get(held.localId))?.conflictId as string;

    // What the conflict workflow's activities do once a manager decided: release the device's
    // hold in the store, then tell the device through the gateway (the workers' real notifier).
    await releaseDeviceHold(world.orm.em.fork(), b.deviceId, conflictId);
    const notifier = createDeviceNotifier(
      socketIoDeviceSockets(world.gateway.gateway.io, deviceRoom),
      new InMemoryDeviceOutbox(),
    );
    expect(
      await notifier.notify(b.deviceId, {
        type: 'conflict:resolved',
        payload: { conflictId, resolution: 'cancel_event' },
      }),
    ).toEqual({ delivered: true });

    await eventually(() => b.pushes.some((p) => p.push.kind === 'conflict:resolved'), 'conflict:resolved on B');
    expect(b.pushes.find((p) => p.push.kind === 'conflict:resolved')?.effect).toBe('resolved');
    expect(await b.client.queue.get(held.localId)).toMatchObject({ status: 'resolved', resolution: 'cancel_event' });
    // The resolved event no longer counts as pending in the view.
    expect(lineOf(await b.client.view(), TRUCK, GLUE)).toMatchObject({ serverOnHand: 20, pendingEffect: 0 });

    const after = await b.client.sync();
    expect(after.status).toBe('completed');
    expect(after.upload?.accepted).toEqual([waiting.localId]);
    expect((await storedEventsOf(world.orm, b.deviceId)).map((e) => [e.sequence, e.eventId])).toEqual([
      [2, waiting.localId],
    ]);
  });

  it('Given a mass recovery, When told to come back later, Then sync holds (nothing sent) until the wave is admitted, which starts a sync by itself', async () => {
    const fleet = socketFleetPort(world.gateway.gateway);
    const queued = await a.client.issue({ product: GLOVES, quantity: each(3), fromLocation: TRUCK });
    const later = new Date(world.clock.now().getTime() + 60 * 60_000).toISOString();
    await fleet.comeBackAt('run-1', [{ deviceId: a.deviceId, at: later }]);
    await eventually(() => a.pushes.some((p) => p.effect === 'held'), 'recovery:come-back-at on A');

    const held = await a.client.sync();
    expect(held).toMatchObject({ status: 'held', heldUntil: later, upload: null });
    expect(await a.client.queue.get(queued.localId)).toMatchObject({ status: 'queued' });

    await fleet.admit('run-1', [a.deviceId], 2);
    await eventually(
      async () => (await a.client.queue.get(queued.localId))?.status === 'synced',
      'the admitted device to sync on its own',
    );
    expect(a.pushes.filter((p) => p.push.kind.startsWith('recovery:')).map((p) => p.effect)).toEqual([
      'held',
      'admitted',
    ]);
    expect((await storedEventsOf(world.orm, a.deviceId)).map((e) => e.eventId)).toContain(queued.localId);
  });
});
