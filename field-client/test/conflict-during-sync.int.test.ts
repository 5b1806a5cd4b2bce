/**
 * Spec "Scenario: Conflict During Sync", end to end over real sockets and PostgreSQL. Truck 2 is
 * shared by tech2 (A) and tech3 (B) in the demo data and holds 50 glue boards.
 */
import { lineOf } from '../src/view/local-inventory-view';
import {
  conflictsOf,
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

describe('Scenario: two techs issue the same product while offline', () => {
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

  it('Given 50 on the shared truck, When A issues 30 and B 35 offline and A syncs first, Then B gets a conflict, its next event waits, nothing is auto-resolved', async () => {
    // Given both techs synced the truck's stock, then went offline together.
    for (const tech of [a, b]) expect((await tech.client.sync()).status).toBe('completed');
    expect(lineOf(await b.client.view(), TRUCK, GLUE)?.serverOnHand).toBe(50);
    a.link.goOffline();
    b.link.goOffline();

    // When A issues 30 and B issues 35 (each believes 50 are there), B then records one more event.
    const fromA = await a.client.issue({ product: GLUE, quantity: each(30), fromLocation: TRUCK });
    const fromB = await b.client.issue({ product: GLUE, quantity: each(35), fromLocation: TRUCK });
    const laterB = await b.client.issue({ product: GLOVES, quantity: each(2), fromLocation: TRUCK });

    // And A syncs first, successfully.
    a.link.goOnline();
    const syncA = await a.client.sync();
    expect(syncA.status).toBe('completed');
    expect(syncA.upload?.accepted).toEqual([fromA.localId]);

    // And B attempts to sync.
    b.link.goOnline();
    const syncB = await b.client.sync();

    // Then B receives the conflict in the ack's answer...
    expect(syncB.status).toBe('stopped-on-conflict');
    expect(syncB.upload).toMatchObject({ accepted: [], conflicted: [fromB.localId], requeued: [laterB.localId] });
    // ...and as a `conflict:notice` on its socket.
    await eventually(() => b.pushes.some((p) => p.push.kind === 'conflict:notice'), 'conflict:notice on B');
    const notice = b.pushes.find((p) => p.push.kind === 'conflict:notice')!.push;
    const conflicted = await b.client.queue.get(fromB.localId);
    expect(notice).toMatchObject({
      kind: 'conflict:notice',
      notice: { eventId: fromB.localId, sequenceNumber: 1, conflictId: conflicted?.conflictId },
    });

    // And B's event is 'conflicted' with the details a resolution screen needs.
    expect(conflicted).toMatchObject({
      status: 'conflicted',
      conflictDetails: { type: 'INSUFFICIENT_INVENTORY', available: each(20), requested: each(35) },
    });
    const serverIdOfA = (await a.client.queue.get(fromA.localId))?.serverId;
    expect(conflicted?.conflictDetails?.conflictingEvents).toEqual([serverIdOfA]);

    // And B's further event waits: still queued, answered CONFLICT_PENDING.
    expect(await b.client.queue.get(laterB.localId)).toMatchObject({
      status: 'queued',
      lastError: expect.stringMatching(/^CONFLICT_PENDING/),
    });
    const again = await b.client.sync();
    expect(again.status).toBe('completed');
    expect(again.upload).toMatchObject({ accepted: [], conflicted: [], requeued: [laterB.localId] });
    expect(await b.client.queue.get(laterB.localId)).toMatchObject({
      status: 'queued',
      lastError: expect.stringMatching(/^CONFLICT_PENDING/),
    });

    // And nothing was auto-resolved: the conflict is open, only A's issue moved stock, B stored nothing.
    const conflicts = await conflictsOf(world.orm, b.deviceId);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      conflictId: conflicted?.conflictId,
      status: 'open',
      resolution: null,
      eventId: fromB.localId,
    });
    expect(await onHandInDb(world.orm, TRUCK, GLUE)).toBe(20);
    expect(await onHandInDb(world.orm, TRUCK, GLOVES)).toBe(200);
    expect(await storedEventsOf(world.orm, b.deviceId)).toEqual([]);
    // B's view shows what the server holds and its own pending effect on top, flagged.
    expect(lineOf(await b.client.view(), TRUCK, GLUE)).toMatchObject({
      serverOnHand: 20,
      pendingEffect: -35,
      believedOnHand: -15,
    });
  });
});
