/**
 * Two gateways over one database, as `npm run cluster` runs them: with the PostgreSQL adapter a
 * device on gateway B sees at once what a device on gateway A uploaded, and each gateway's
 * /metrics answers with the named series, counting what happened on it.
 */
import { seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import type { RecordedEvent } from '@pco/domain';
import { startGateway, type RunningGateway } from '../src/main';
import { DeviceEvents } from './helpers/device-events';
import { collect, emitRaw, nextMessage, upload, type DeviceSocket } from './helpers/socket-client';
import { connectAs, DEMO, demoDevice } from './helpers/test-gateway';

jest.setTimeout(60_000);

const start = (db: FreshDatabase, instanceName: string) =>
  startGateway({
    port: 0,
    databaseUrl: db.databaseUrl,
    poolMax: 3,
    adapter: 'postgres',
    metricsPort: 0,
    instanceName,
    gateway: { logLevel: 'silent', verifierThreads: 0 },
  });

const scrape = async (running: RunningGateway): Promise<string> => {
  const res = await fetch(running.metricsUrl as string);
  expect(res.status).toBe(200);
  return res.text();
};

describe('two gateways sharing live pushes through PostgreSQL', () => {
  let db: FreshDatabase;
  let a: RunningGateway;
  let b: RunningGateway;
  let onA: DeviceSocket;
  let onB: DeviceSocket;
  const [tech2, tech3] = [demoDevice('tech2'), demoDevice('tech3')];
  const tech2Events = new DeviceEvents(tech2.deviceId, tech2.keys, tech2.personId);

  beforeAll(async () => {
    db = await freshDatabase({ poolMax: 2 });
    await seedDemoData(db.orm, new Date());
    [a, b] = [await start(db, 'gateway-a'), await start(db, 'gateway-b')];
    [onA, onB] = [await connectAs(a.url, tech2), await connectAs(b.url, tech3)];
  });
  afterAll(async () => {
    onA?.close();
    onB?.close();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('Given tech2 on gateway A and tech3 on gateway B sharing a truck, When tech2 uploads, Then tech3 gets events:new from B', async () => {
    const onBPush = nextMessage(onB, 'events:new', 20_000);
    const echoOnA = collect(onA, 'events:new');
    const event = tech2Events.next({
      eventType: 'ProductIssued',
      product: DEMO.products.gloves,
      quantity: { value: 2, unit: 'each' },
      fromLocation: DEMO.locations.vehicle2,
    });
    const ack = await upload(onA, [event]);
    expect(ack.ok && ack.data.answers[0].status).toBe('accepted');
    const pushed: RecordedEvent = await onBPush;
    expect(pushed.event).toMatchObject({ eventId: event.eventId, fromLocation: DEMO.locations.vehicle2 });
    expect(echoOnA.received).toEqual([]); // the sender is not told about its own event
  });

  const listeners = async (): Promise<number> => {
    const rows = await db.orm.em
      .fork()
      .execute<Array<{ n: string }>>(
        `select count(*) as n from pg_stat_activity where datname = current_database() and query like 'LISTEN "socket.io%'`,
      );
    return Number(rows[0].n);
  };
  const eventually = async (check: () => Promise<boolean>, what: string) => {
    for (const deadline = Date.now() + 20_000; !(await check());) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('Then A’s /metrics counts the device, the upload, its event, its latency and a refusal; B’s counts its own device only', async () => {
    const refused = (await emitRaw(onA, 'events:upload', { events: 'not a list' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(refused.ok).toBe(false);
    const textA = await scrape(a);
    expect(textA).toMatch(/^pco_gateway_connected_devices\{instance="gateway-a"\} 1$/m);
    expect(textA).toMatch(/^pco_gateway_uploads_total\{outcome="ok",instance="gateway-a"\} 1$/m);
    expect(textA).toMatch(/^pco_gateway_uploads_total\{outcome="refused",instance="gateway-a"\} 1$/m);
    expect(textA).toMatch(/^pco_gateway_events_total\{status="accepted",instance="gateway-a"\} 1$/m);
    expect(textA).toMatch(/^pco_gateway_sync_latency_seconds_count\{instance="gateway-a"\} 2$/m);
    expect(textA).toContain(`pco_gateway_refusals_total{code="${refused.error?.code}",instance="gateway-a"} 1`);
    expect(textA).toMatch(/^pco_open_conflicts\{instance="gateway-a"\} 0$/m);
    expect(textA).toMatch(/^pco_gateway_device_queue_depth\{bucket="0",instance="gateway-a"\} 1$/m);
    const textB = await scrape(b);
    expect(textB).toMatch(/^pco_gateway_connected_devices\{instance="gateway-b"\} 1$/m);
    expect(textB).not.toMatch(/^pco_gateway_uploads_total\{/m);
  });

  it('Given the database cuts the adapters’ LISTEN connections three times (a restart), Then both gateways live on, listen again and relay', async () => {
    await eventually(async () => (await listeners()) === 2, 'two LISTEN connections');
    for (let cut = 1; cut <= 3; cut++) {
      await db.orm.em
        .fork()
        .execute(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN "socket.io%'`,
        );
      await eventually(async () => (await listeners()) === 2, `both adapters listening again after cut ${cut}`);
    }
    const onBPush = nextMessage(onB, 'events:new', 20_000);
    const event = tech2Events.next({
      eventType: 'ProductIssued',
      product: DEMO.products.gloves,
      quantity: { value: 1, unit: 'each' },
      fromLocation: DEMO.locations.vehicle2,
    });
    const ack = await upload(onA, [event]);
    expect(ack.ok && ack.data.answers[0].status).toBe('accepted');
    expect((await onBPush).event).toMatchObject({ eventId: event.eventId });
  });
});
