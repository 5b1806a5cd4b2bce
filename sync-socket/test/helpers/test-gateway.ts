/**
 * A real gateway on an ephemeral port over a fresh, migrated and demo-seeded PostgreSQL database.
 * Also: the demo devices' keys, HTTP device registration and row counts for "nothing stored" checks.
 */
import { issueEnrolmentCode, type StoreOrm } from '@pco/store';
import { DEMO, DEMO_DEVICE_KEYS, seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import type { RegisterDeviceResponse } from '@pco/domain';
import type { GatewayConfig } from '../../src/config';
import { createGateway, type CreateGatewayOptions, type Gateway } from '../../src/gateway';
import { deviceKeysFromSeed, freshAuth, generateDeviceKeys, signBoundAuth, type DeviceKeys } from './signing';
import { connectDevice, type DeviceSocket } from './socket-client';

export interface TestGateway {
  url: string;
  orm: StoreOrm;
  db: FreshDatabase;
  gateway: Gateway;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  config?: Partial<GatewayConfig>;
  now?: () => Date;
  onConflicts?: CreateGatewayOptions['onConflicts'];
  logger?: CreateGatewayOptions['logger'];
  onSyncAttempt?: CreateGatewayOptions['onSyncAttempt'];
  /** Deliver the device notification outbox (conflict notices travel only through it). Default true. */
  notifications?: boolean;
  onConflictDecision?: CreateGatewayOptions['onConflictDecision'];
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const now = options.now ?? (() => new Date());
  const db = await freshDatabase();
  await seedDemoData(db.orm, now());
  const gateway = createGateway({
    orm: db.orm,
    now,
    config: { logLevel: 'silent', verifierThreads: 1, ...options.config },
    onConflicts: options.onConflicts,
    logger: options.logger,
    onSyncAttempt: options.onSyncAttempt,
    deviceNotifications: options.notifications === false ? undefined : { databaseUrl: db.databaseUrl },
    onConflictDecision: options.onConflictDecision,
  });
  const url = await gateway.listen(0);
  await gateway.notifications?.ready;
  return {
    url,
    orm: db.orm,
    db,
    gateway,
    async close() {
      await gateway.close();
      await db.drop();
    },
  };
}

export type DemoTech = keyof typeof DEMO_DEVICE_KEYS;

export interface TestDevice {
  deviceId: string;
  personId: string;
  keys: DeviceKeys;
}

export const demoDevice = (tech: DemoTech): TestDevice => ({
  deviceId: DEMO.devices[tech],
  personId: DEMO.persons[tech],
  keys: deviceKeysFromSeed(DEMO_DEVICE_KEYS[tech].privateKey),
});

/** Connects a device as the field client does: handshake bound to the connection; `at` is the device's clock. */
export const connectAs = (url: string, device: TestDevice, at: Date = new Date()): Promise<DeviceSocket> =>
  connectDevice(url, signBoundAuth(device.deviceId, device.keys, at));

/** Connects a device the older way: a challenge fetched over HTTP first, then signed. */
export const connectWithChallenge = async (
  url: string,
  device: TestDevice,
  at: Date = new Date(),
): Promise<DeviceSocket> => connectDevice(url, await freshAuth(url, device.deviceId, device.keys, at));

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A one-time enrolment code for `personId`, issued by the demo manager (what `npm run ops:enrol` does). */
export async function enrolmentCodeFor(
  orm: StoreOrm,
  personId: string,
  now: Date = new Date(),
  ttlMs?: number,
): Promise<string> {
  const issued = await issueEnrolmentCode(orm, { personId, issuedBy: DEMO.persons.manager, ttlMs, now });
  if (!issued.ok) throw new Error(`enrolment code refused: ${issued.error.code} ${issued.error.message}`);
  return issued.value.code;
}

/** Registers a new device with a fresh key pair through POST /api/devices, with a code issued for `personId`. */
export async function registerNewDevice(
  t: Pick<TestGateway, 'url' | 'orm'>,
  personId: string,
  name = 'Test phone',
): Promise<TestDevice> {
  const keys = generateDeviceKeys();
  const enrolmentCode = await enrolmentCodeFor(t.orm, personId);
  const res = await postJson(`${t.url}/api/devices`, { enrolmentCode, name, publicKey: keys.publicKey });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { deviceId: (res.body as RegisterDeviceResponse).deviceId, personId, keys };
}

export type CountedTable = 'event_log' | 'device_submissions' | 'conflicts' | 'devices';

export async function countRows(orm: StoreOrm, table: CountedTable): Promise<number> {
  const [row] = await orm.em.fork().execute<Array<{ n: string }>>(`select count(*) as n from ${table}`);
  return Number(row.n);
}

/** Counts of every table a batch could write, to assert that a refused batch wrote nothing. */
export async function writeCounts(orm: StoreOrm): Promise<Record<string, number>> {
  const tables: CountedTable[] = ['event_log', 'device_submissions', 'conflicts'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(orm, t)] as const)));
}

export { DEMO };
