/**
 * The world of a field-client integration test: a REAL gateway (app factory, ephemeral port) over
 * a fresh, migrated, demo-seeded PostgreSQL database, one cuttable TCP link per device, and real
 * FieldClients (localforage over fake-indexeddb, WebCrypto Ed25519 keys registered through
 * POST /api/devices). One clock drives gateway and devices, so "three days offline" is real
 * elapsed time for both sides without waiting for it.
 */
import { listConflicts, query, type StoreOrm } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import {
  enrolmentCodeFor,
  startTestGateway,
  type TestGateway,
  type TestGatewayOptions,
} from '@pco/sync-socket/test-support';
import { FieldClient, type FieldClientOptions } from '../../src/client/field-client';
import type { PushEffect } from '../../src/sync/live-push';
import type { ServerPush } from '../../src/sync/transport';
import { NetworkLink } from './network-link';

export { DEMO };
export const DAY_MS = 24 * 60 * 60 * 1000;

export class TestClock {
  constructor(private ms: number) {}
  readonly now = (): Date => new Date(this.ms);
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

/** The retry policy without its waits: attempts and order are real, the sleeping is not. */
export const NO_WAIT_RETRY = { sleep: async () => undefined, random: () => 0 };

export interface World {
  clock: TestClock;
  gateway: TestGateway;
  orm: StoreOrm;
  links: NetworkLink[];
  close(): Promise<void>;
}

export async function startWorld(startIso: string, config?: TestGatewayOptions['config']): Promise<World> {
  const clock = new TestClock(Date.parse(startIso));
  const gateway = await startTestGateway({ now: clock.now, config });
  const world: World = {
    clock,
    gateway,
    orm: gateway.orm,
    links: [],
    async close() {
      await Promise.all(world.links.map((l) => l.close()));
      await gateway.close();
    },
  };
  return world;
}

export interface Device {
  client: FieldClient;
  link: NetworkLink;
  deviceId: string;
  pushes: Array<{ push: ServerPush; effect: PushEffect }>;
}

let storageCounter = 0;

/** A new phone for `personId`: its own link to the gateway, its own IndexedDB, registered over HTTP with a manager's enrolment code. */
export async function newDevice(
  world: World,
  personId: string,
  extra: (link: NetworkLink) => Partial<FieldClientOptions> = () => ({}),
): Promise<Device> {
  const link = await NetworkLink.to(world.gateway.url);
  world.links.push(link);
  storageCounter += 1;
  const client = await FieldClient.create({
    baseUrl: link.url,
    userId: personId,
    name: `${personId} phone`,
    storageName: `pco-int-${process.pid}-${storageCounter}`,
    now: world.clock.now,
    retry: NO_WAIT_RETRY,
    ...extra(link),
  });
  const { deviceId } = await client.register(await enrolmentCodeFor(world.orm, personId, world.clock.now()));
  const pushes: Device['pushes'] = [];
  client.onServerPush((push, effect) => void pushes.push({ push, effect }));
  return { client, link, deviceId, pushes };
}

export async function onHandInDb(orm: StoreOrm, location: string, product: string): Promise<number> {
  const rows = await query<{ quantity: string }>(
    orm.em.fork(),
    'select quantity from on_hand where location_id = $1 and product_id = $2',
    [location, product],
  );
  return rows.length === 0 ? 0 : Number(rows[0].quantity);
}

export interface StoredDeviceEvent {
  position: number;
  sequence: number;
  eventId: string;
  occurredAt: string;
  claimedOccurredAt: string;
  quantity: number;
}

export async function storedEventsOf(orm: StoreOrm, deviceId: string): Promise<StoredDeviceEvent[]> {
  const rows = await query<{
    position: string;
    sequence_number: number;
    event_id: string;
    payload: { occurredAt: string; quantity: { value: number }; offlineContext: { claimedOccurredAt: string } };
  }>(
    orm.em.fork(),
    'select position, sequence_number, event_id, payload from event_log where device_id = $1 order by position',
    [deviceId],
  );
  return rows.map((r) => ({
    position: Number(r.position),
    sequence: r.sequence_number,
    eventId: r.event_id,
    occurredAt: r.payload.occurredAt,
    claimedOccurredAt: r.payload.offlineContext.claimedOccurredAt,
    quantity: r.payload.quantity.value,
  }));
}

export async function submissionsOf(
  orm: StoreOrm,
  deviceId: string,
): Promise<Array<{ sequence: number; outcome: string; answer: Record<string, unknown> }>> {
  const rows = await query<{ sequence_number: number; outcome: string; answer: Record<string, unknown> }>(
    orm.em.fork(),
    'select sequence_number, outcome, answer from device_submissions where device_id = $1 order by sequence_number',
    [deviceId],
  );
  return rows.map((r) => ({ sequence: r.sequence_number, outcome: r.outcome, answer: r.answer }));
}

export const conflictsOf = (orm: StoreOrm, deviceId: string) => listConflicts(orm.em.fork(), { deviceId });

/** Polls until check() is true (server-side effects that arrive after an ack or push). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
