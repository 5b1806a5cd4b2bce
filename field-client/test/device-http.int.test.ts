/**
 * The device's HTTP calls against the real gateway: POST /api/devices (registration and its
 * refusal) and GET /api/reference (what offline `decide` needs, scoped to the device's user,
 * authenticated like the handshake: signed, single-use nonce), and the two newer device routes,
 * photo uploads and a technician's conflict decision, authenticated the same way.
 */
import { DEVICE_AUTH_HEADER, type ReferenceDataResponse } from '@pco/domain';
import { FieldClient } from '../src/client/field-client';
import { RETRY_CONFIG } from '../src/config';
import { STORAGE_KEYS } from '../src/storage/key-value-storage';
import { loadOrCreateDeviceKeys } from '../src/security/device-keys';
import { connectionHandshake, deviceHandshake } from '../src/security/handshake';
import { loadReferenceData } from '../src/storage/reference-cache';
import { SocketIoTransport } from '../src/sync/socket-transport';
import { getEventAttachment } from '@pco/store';
import { enrolmentCodeFor } from '@pco/sync-socket/test-support';
import { DEMO, type Device, newDevice, startWorld, type World } from './int/harness';

jest.setTimeout(60_000);

describe('device HTTP calls', () => {
  let world: World;
  let tech: Device;

  beforeAll(async () => {
    world = await startWorld('2026-11-25T07:00:00.000Z');
    tech = await newDevice(world, DEMO.persons.tech1);
  });
  afterAll(async () => {
    tech?.client.close();
    await world?.close();
  });

  it('Given a fresh device, When it syncs, Then it caches every active product, its assigned locations and the persons it needs, and can record offline', async () => {
    expect((await tech.client.sync()).reference).toEqual({ refreshed: true });
    const cached = await loadReferenceData(tech.client.storage);
    expect(cached.products.map((p) => p.id).sort()).toEqual(Object.values(DEMO.products).sort());
    expect(cached.locations.map((l) => l.id).sort()).toEqual(
      [DEMO.locations.customerSite, DEMO.locations.vehicle1, DEMO.locations.inactive].sort(),
    );
    // The user, everyone assigned to the same locations, and the supervisors who approve requests.
    expect(cached.persons.map((p) => p.id).sort()).toEqual(
      [DEMO.persons.admin, DEMO.persons.manager, DEMO.persons.tech1, DEMO.persons.tech2, DEMO.persons.tech3].sort(),
    );
    tech.link.goOffline();
    await expect(
      tech.client.issue({
        product: DEMO.products.gloves,
        quantity: { value: 1, unit: 'each' },
        fromLocation: DEMO.locations.vehicle1,
      }),
    ).resolves.toMatchObject({ status: 'queued' });
    tech.link.goOnline();
  });

  it('refuses a request without the signed header (401 UNAUTHORIZED) and a replayed header (single-use nonce)', async () => {
    const url = `${world.gateway.url}/api/reference`;
    const bare = await fetch(url);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: `Header ${DEVICE_AUTH_HEADER} is required` },
    });

    // Capture one real signed header from the client's own transport, then send it twice.
    let header = '';
    const capture: typeof fetch = async (input, init) => {
      header = String((init?.headers as Record<string, string>)[DEVICE_AUTH_HEADER]);
      return fetch(input, init);
    };
    const transport = new SocketIoTransport({
      baseUrl: world.gateway.url,
      auth: signedAuth(world, tech),
      fetchImpl: capture,
    });
    const first: ReferenceDataResponse = await transport.reference();
    expect(first.locations.length).toBe(3);
    const replay = await fetch(url, { headers: { [DEVICE_AUTH_HEADER]: header } });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Handshake challenge was already used; fetch a new one',
    });
  });

  it('Given no answer to the challenge request, When the transport connects, Then it fails with a retryable NETWORK_ERROR, not UNAUTHORIZED', async () => {
    // The socket could connect; only the challenge request fails (as on a flaky network).
    const keys = await loadOrCreateDeviceKeys(tech.client.storage);
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const auth = deviceHandshake({
      baseUrl: world.gateway.url,
      deviceId: () => tech.deviceId,
      keys: () => keys,
      now: world.clock.now,
      fetchImpl: unreachable,
    });
    const transport = new SocketIoTransport({ baseUrl: world.gateway.url, auth });
    await expect(transport.connect()).rejects.toMatchObject({ name: 'FieldClientError', code: 'NETWORK_ERROR' });
    expect(RETRY_CONFIG.retryableErrors).toContain('NETWORK_ERROR');
    transport.disconnect();
  });

  it('Given a connection-bound handshake, When the transport connects and uploads, Then no HTTP request precedes the socket', async () => {
    const keys = await loadOrCreateDeviceKeys(tech.client.storage);
    const requests: string[] = [];
    const counting: typeof fetch = async (input, init) => {
      requests.push(String(input));
      return fetch(input, init);
    };
    const transport = new SocketIoTransport({
      baseUrl: world.gateway.url,
      auth: deviceHandshake({
        baseUrl: world.gateway.url,
        deviceId: () => tech.deviceId,
        keys: () => keys,
        now: world.clock.now,
        fetchImpl: counting,
      }),
      signConnection: connectionHandshake({ deviceId: () => tech.deviceId, keys: () => keys, now: world.clock.now }),
      fetchImpl: counting,
    });
    await transport.connect();
    expect(await transport.upload([])).toEqual({ answers: [] });
    expect(requests).toEqual([]);
    transport.disconnect();
  });

  it('Given a photo kept on the device, When it uploads its attachments, Then each request signs a fresh server challenge and the gateway stores the bytes', async () => {
    const bytes = new Uint8Array(2_000).map((_, i) => (i * 31) % 251);
    const ref = await tech.client.keepAttachment(bytes, 'image/png');
    const report = await tech.client.uploadAttachments();
    expect(report).toEqual({ uploaded: [ref.sha256], failed: {} });
    expect(await getEventAttachment(world.orm.em.fork(), ref.sha256)).toMatchObject({
      sha256: ref.sha256,
      size: 2_000,
      deviceId: tech.deviceId,
    });
    // Nothing pending any more: a second call sends nothing.
    expect(await tech.client.uploadAttachments()).toEqual({ uploaded: [], failed: {} });
  });

  it('Given a gateway without Temporal, When the technician decides a conflict, Then the device is authenticated by its challenge and the refusal is FORBIDDEN, not UNAUTHORIZED', async () => {
    await expect(tech.client.decideConflict('no-such-conflict', { option: 'accept_server' })).rejects.toMatchObject({
      name: 'FieldClientError',
      code: 'FORBIDDEN',
    });
  });

  it('Given a phone that knows no user yet, When it registers with a code, Then the code names the user and its events are performed by them', async () => {
    const client = await FieldClient.create({
      baseUrl: world.gateway.url,
      name: 'new phone',
      storageName: `pco-int-nouser-${process.pid}`,
      now: world.clock.now,
    });
    try {
      expect(client.userId).toBeNull();
      const registration = await client.register(
        await enrolmentCodeFor(world.orm, DEMO.persons.tech2, world.clock.now()),
      );
      expect([registration.userId, client.userId]).toEqual([DEMO.persons.tech2, DEMO.persons.tech2]);
      expect((await client.sync()).status).toBe('completed');
      const pending = await client.issue({
        product: DEMO.products.gloves,
        quantity: { value: 1, unit: 'each' },
        fromLocation: DEMO.locations.vehicle2,
      });
      expect(pending.event.performedBy).toBe(DEMO.persons.tech2);
    } finally {
      client.close();
    }
  });

  it('Given a code issued for someone else, When the device registers as its user, Then the gateway’s typed refusal surfaces (ENROLMENT_CODE_INVALID) and nothing is stored as registered', async () => {
    const client = await FieldClient.create({
      baseUrl: world.gateway.url,
      userId: DEMO.persons.tech1,
      name: 'stray phone',
      storageName: `pco-int-stray-${process.pid}`,
    });
    const codeForTech2 = await enrolmentCodeFor(world.orm, DEMO.persons.tech2, world.clock.now());
    await expect(client.register(codeForTech2)).rejects.toMatchObject({
      name: 'FieldClientError',
      code: 'ENROLMENT_CODE_INVALID',
      message: 'This enrolment code was issued for another person',
    });
    expect(client.deviceId).toBeNull();
    expect(await client.storage.getItem(STORAGE_KEYS.deviceRegistration)).toBeNull();
  });
});

/** Handshakes over fresh server challenges, signed with the device's own stored (non-extractable) key. */
function signedAuth(world: World, tech: Device) {
  return async () => {
    const keys = await loadOrCreateDeviceKeys(tech.client.storage);
    return deviceHandshake({
      baseUrl: world.gateway.url,
      deviceId: () => tech.deviceId,
      keys: () => keys,
      now: world.clock.now,
    })();
  };
}
