/**
 * A revoked device, over the real gateway: told by push while connected, or refused at the
 * handshake when it comes back. Either way DEVICE_REVOKED surfaces as a terminal state: no more
 * syncs, no more recordings, and what it had queued stays queued (quarantine is the server's).
 */
import { setDeviceStatus } from '@pco/store';
import { DEMO, type Device, eventually, newDevice, startWorld, storedEventsOf, type World } from './int/harness';

jest.setTimeout(60_000);

const VAN = DEMO.locations.vehicle1;
const GLOVES = DEMO.products.gloves;
const each = (value: number) => ({ value, unit: 'each' as const });

describe('revoked device', () => {
  let world: World;
  let online: Device;
  let away: Device;

  beforeAll(async () => {
    world = await startWorld('2026-11-25T07:00:00.000Z');
    [online, away] = [await newDevice(world, DEMO.persons.tech1), await newDevice(world, DEMO.persons.tech1)];
    for (const d of [online, away]) expect((await d.client.sync()).status).toBe('completed');
  });
  afterAll(async () => {
    online?.client.close();
    away?.client.close();
    await world?.close();
  });

  /** What the revocation workflow does: mark the device revoked, then tell and drop its sockets. */
  async function revoke(deviceId: string, reason: string): Promise<void> {
    await setDeviceStatus(world.orm.em.fork(), deviceId, 'revoked', { now: world.clock.now(), reason });
    world.gateway.gateway.disconnectDevice(deviceId, reason);
  }

  it('Given a connected device, When it is revoked, Then `device:revoked` makes it terminal: sync answers revoked without the network, recording is refused', async () => {
    const queued = await online.client.issue({ product: GLOVES, quantity: each(1), fromLocation: VAN });
    await revoke(online.deviceId, 'reported lost');

    await eventually(() => online.pushes.some((p) => p.push.kind === 'device:revoked'), 'device:revoked push');
    expect(online.pushes.find((p) => p.push.kind === 'device:revoked')).toMatchObject({
      effect: 'revoked',
      push: { deviceId: online.deviceId, reason: 'reported lost' },
    });
    expect(await online.client.revocation()).toMatchObject({ reason: 'reported lost' });

    online.link.goOffline(); // a terminal state does not depend on reaching the server
    expect(await online.client.sync()).toMatchObject({
      status: 'revoked',
      error: 'DEVICE_REVOKED: reported lost',
      upload: null,
    });
    await expect(online.client.issue({ product: GLOVES, quantity: each(1), fromLocation: VAN })).rejects.toMatchObject({
      code: 'DEVICE_REVOKED',
    });
    expect((await online.client.queue.all()).map((p) => [p.localId, p.status])).toEqual([[queued.localId, 'queued']]);
    expect(await storedEventsOf(world.orm, online.deviceId)).toEqual([]);
  });

  it('Given a device offline when revoked, When it syncs again, Then the handshake is refused with DEVICE_REVOKED, surfaced as terminal, its queue kept', async () => {
    away.link.goOffline();
    const queued = await away.client.issue({ product: GLOVES, quantity: each(2), fromLocation: VAN });
    await revoke(away.deviceId, 'left the company');
    // (Only the clock:offset of its earlier handshakes reached it; no revocation push while offline.)
    expect(away.pushes.filter((p) => p.push.kind !== 'clock:offset')).toEqual([]);
    away.link.goOnline();

    const refused = await away.client.sync();
    expect(refused).toMatchObject({ status: 'revoked', upload: null, download: null });
    expect(refused.error).toMatch(/^DEVICE_REVOKED: /);
    expect(await away.client.revocation()).toMatchObject({ reason: expect.stringMatching(/^DEVICE_REVOKED/) });
    await expect(away.client.issue({ product: GLOVES, quantity: each(1), fromLocation: VAN })).rejects.toMatchObject({
      code: 'DEVICE_REVOKED',
    });
    expect((await away.client.queue.all()).map((p) => [p.localId, p.status])).toEqual([[queued.localId, 'queued']]);
    // Terminal: the next sync does not try again.
    away.link.goOffline();
    expect((await away.client.sync()).status).toBe('revoked');
    expect(await storedEventsOf(world.orm, away.deviceId)).toEqual([]);
  });
});
