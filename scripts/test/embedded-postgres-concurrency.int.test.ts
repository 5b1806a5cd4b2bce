/**
 * The embedded database of `npm start` under the load it exists for: the real gateway, many
 * devices connecting, uploading and pulling at the same time. Each connection must see only its
 * own statements' results: every handshake and request succeeds, and every pull page carries
 * only events of the pulling device's assigned locations (another technician's stock is a leak).
 * The server is started here, in a temporary folder on a free port, exactly as `npm start` does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrm, migrateUp, type StoreOrm } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { startGateway, type RunningGateway } from '@pco/sync-socket';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/embedded-postgres';
import {
  connectLoadDevice,
  createLoadDevices,
  emptyFigures,
  pullEverything,
  runSyncLoad,
  type LoadDevice,
  type LoadShape,
} from './support/sync-load';

jest.setTimeout(180_000);

const SHAPE: LoadShape = { devices: 24, rounds: 3, eventsPerUpload: 5, pullPageLimit: 4, timeoutMs: 30_000 };
const POOL_MAX = 8;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('embedded PostgreSQL under concurrent device sync', () => {
  let folder: string;
  let embedded: EmbeddedPostgres | undefined;
  let orm: StoreOrm | undefined;
  let gateway: RunningGateway | undefined;
  let devices: LoadDevice[];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'pco-embedded-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: join(folder, 'data'), port: await freePort() });
    orm = await createOrm({ databaseUrl: embedded.url, poolMax: POOL_MAX });
    await migrateUp(orm);
    await seedDemoData(orm, new Date());
    devices = await createLoadDevices(orm, SHAPE.devices, new Date());
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: embedded.url,
      poolMax: POOL_MAX,
      gateway: { logLevel: 'silent', verifierThreads: 1 },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await orm?.close(true);
    await embedded?.stop();
    rmSync(folder, { recursive: true, force: true });
    if (embedded) rmSync(embedded.dataDir, { recursive: true, force: true }); // elsewhere when the server's user could not reach folder
  });

  it(`Given ${SHAPE.devices} devices with a vehicle each, When all connect, upload and pull at once for ${SHAPE.rounds} rounds, Then no request fails and no page carries another device's location`, async () => {
    const figures = await runSyncLoad(gateway!.url, devices, SHAPE);
    console.log(`embedded PostgreSQL concurrency figures: ${JSON.stringify(figures)}`);

    expect(figures).toEqual({
      handshakes: { ok: SHAPE.devices * SHAPE.rounds, failed: {} },
      uploads: { ok: SHAPE.devices * SHAPE.rounds, failed: {} },
      pulls: { pages: expect.any(Number), failed: {} },
      leakedEvents: 0,
    });
    expect(figures.pulls.pages).toBeGreaterThanOrEqual(SHAPE.devices * SHAPE.rounds * 2);
  });

  it('Then every device afterwards pulls exactly its opening stock and every event it uploaded, in log order', async () => {
    const figures = emptyFigures();
    const owns = await Promise.all(
      devices.map(async (device) => {
        const socket = await connectLoadDevice(gateway!.url, device, SHAPE, figures);
        try {
          return socket && (await pullEverything(socket, device, SHAPE, figures));
        } finally {
          socket?.close();
        }
      }),
    );

    expect(figures.leakedEvents).toBe(0);
    for (const own of owns) {
      expect(own?.map((e) => e.event.eventType)).toEqual([
        'ProductTransferred',
        ...Array(SHAPE.rounds * SHAPE.eventsPerUpload).fill('ProductReturned'),
      ]);
      const positions = own!.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});
