/**
 * The store functions behind the console, on a real PostgreSQL: sign-in credentials (slow hash,
 * one message for every failure, technicians refused), device actions written together with
 * their audit row (and neither when refused), the fleet metrics, the conflict list filters and
 * the recovery triage order.
 */
import type { InventoryEvent } from '@pco/domain';
import {
  acknowledgeLostSequencesAudited,
  getDevice,
  insertConflict,
  listConflictsPage,
  listConsoleAudit,
  readFleetOfflineMetrics,
  readDeviceDetail,
  readRecoveryTriage,
  recordSyncAttempt,
  run,
  setConsolePassword,
  setDeviceStatus,
  suspendDevice,
  verifyConsoleSignIn,
  ConsoleCredentialEntity,
  type Em,
} from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const { persons: P, devices: D, locations: L, products: R } = DEMO;
let db: FreshDatabase;
const em = () => db.orm.em.fork() as Em;

beforeAll(async () => {
  db = await freshDatabase({ poolMax: 3 });
  await seedDemoData(db.orm, NOW);
});
afterAll(() => db?.drop());

describe('console credentials', () => {
  beforeAll(async () => {
    expect(await setConsolePassword(em(), { personId: P.manager, password: 'manager-password-1', now: NOW })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await setConsolePassword(em(), { personId: P.admin, password: 'manager-password-1', now: NOW })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await setConsolePassword(em(), { personId: P.tech1, password: 'technician-password', now: NOW })).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('stores scrypt hashes with a salt per person: the same password hashes differently', async () => {
    const rows = await em().find(ConsoleCredentialEntity, { personId: { $in: [P.manager, P.admin] } });
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(rows[0].passwordHash).not.toBe(rows[1].passwordHash);
  });

  it('refuses a short password and an unknown person', async () => {
    expect(await setConsolePassword(em(), { personId: P.manager, password: 'short', now: NOW })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_ERROR' },
    });
    expect(
      await setConsolePassword(em(), { personId: 'nobody', password: 'long-enough-password', now: NOW }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PERSON' } });
  });

  it('signs in a manager (email in any case); unknown email, no password and wrong password get the same refusal; a technician is forbidden', async () => {
    expect(
      await verifyConsoleSignIn(em(), { email: 'Morgan.Lee@PCO.example', password: 'manager-password-1' }),
    ).toEqual({
      ok: true,
      value: { id: P.manager, name: 'Morgan Lee', email: 'morgan.lee@pco.example', role: 'manager' },
    });
    const refused = { ok: false, error: { code: 'UNAUTHORIZED', message: 'email or password is wrong' } };
    expect(await verifyConsoleSignIn(em(), { email: 'nobody@pco.example', password: 'manager-password-1' })).toEqual(
      refused,
    );
    expect(await verifyConsoleSignIn(em(), { email: 'sam.okafor@pco.example', password: 'anything-at-all' })).toEqual(
      refused,
    );
    expect(
      await verifyConsoleSignIn(em(), { email: 'morgan.lee@pco.example', password: 'manager-password-2' }),
    ).toEqual(refused);
    expect(
      await verifyConsoleSignIn(em(), { email: 'alex.rivera@pco.example', password: 'technician-password' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('device actions with their audit row', () => {
  it('suspends a device and records who, when and why in the same transaction', async () => {
    const done = await suspendDevice(em(), {
      deviceId: D.tech3,
      actorId: P.manager,
      reason: 'sent for repair',
      now: NOW,
    });
    expect(done).toMatchObject({ ok: true, value: { id: D.tech3, status: 'suspended' } });
    const audit = await listConsoleAudit(em(), { limit: 10, offset: 0, target: `device:${D.tech3}` });
    expect(audit).toEqual([
      {
        id: expect.any(String),
        actorId: P.manager,
        action: 'device.suspend',
        target: `device:${D.tech3}`,
        details: { reason: 'sent for repair', from: 'active' },
        at: NOW.toISOString(),
      },
    ]);
  });

  it('refuses to suspend a revoked device and to acknowledge a wrong range, writing no audit row', async () => {
    await setDeviceStatus(em(), D.tech1, 'revoked', { now: NOW, reason: 'stolen' });
    expect(await suspendDevice(em(), { deviceId: D.tech1, actorId: P.manager, reason: 'x', now: NOW })).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_REVOKED' },
    });
    expect(
      await suspendDevice(em(), { deviceId: 'no-such-device', actorId: P.manager, reason: 'x', now: NOW }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DEVICE' } });
    expect(
      await acknowledgeLostSequencesAudited(em(), {
        deviceId: D.tech2,
        actorId: P.manager,
        reason: 'crash',
        now: NOW,
        throughSequence: 0,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await listConsoleAudit(em(), { limit: 10, offset: 0, target: `device:${D.tech1}` })).toEqual([]);
    expect(await listConsoleAudit(em(), { limit: 10, offset: 0, target: `device:${D.tech2}` })).toEqual([]);
    expect((await getDevice(em(), D.tech2))?.lastAcceptedSeq).toBe(0);
  });

  it('acknowledges lost numbers and audits them together', async () => {
    expect(
      await acknowledgeLostSequencesAudited(em(), {
        deviceId: D.tech2,
        actorId: P.admin,
        reason: 'crash',
        now: NOW,
        throughSequence: 2,
      }),
    ).toEqual({ ok: true, value: { deviceId: D.tech2, sequences: [1, 2] } });
    const audit = await listConsoleAudit(em(), { limit: 10, offset: 0, target: `device:${D.tech2}` });
    expect(audit.map((a) => [a.action, a.actorId, a.details])).toEqual([
      ['device.acknowledge_lost', P.admin, { reason: 'crash', sequences: [1, 2] }],
    ]);
  });
});

describe('reads', () => {
  it('computes the fleet OfflineMetrics over active devices and the last 24 h of sync attempts', async () => {
    const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
    await recordSyncAttempt(em(), {
      deviceId: D.tech2,
      at: at(30),
      succeeded: true,
      pendingQueueSize: 120,
      oldestPendingAt: at(90),
      latencyMs: 40,
    });
    await recordSyncAttempt(em(), {
      deviceId: D.tech2,
      at: at(20),
      succeeded: false,
      pendingQueueSize: null,
      latencyMs: 20,
    });
    await recordSyncAttempt(em(), {
      deviceId: D.tech2,
      at: at(60 * 30),
      succeeded: false,
      pendingQueueSize: null,
      latencyMs: 999,
    });
    const metrics = await readFleetOfflineMetrics(em(), NOW);
    expect(metrics).toEqual({
      pendingEventsCount: 120,
      oldestPendingEventAgeMs: 90 * 60_000,
      conflictedEventsCount: 0,
      lastSuccessfulSync: null,
      syncFailureRate: 0.5,
      syncAttempts24h: 2,
      averageSyncLatencyMs: 30,
      devicesOfflineOver24h: 0,
      devicesWithLargeQueues: 1,
      activeDevices: 1,
    });
  });

  it("shows a device's open clock-skew flags, newest first, a page at a time", async () => {
    for (const [n, status] of [
      [1, 'open'],
      [2, 'open'],
      [3, 'reviewed'],
    ] as const) {
      await run(
        em(),
        `insert into timestamp_flags (event_id, position, device_id, sequence_number, issues, ordering_affected, status, flagged_at)
        values ($1, $2, $3, $4, '["future"]'::jsonb, false, $5, $6)`,
        [`flag-event-${n}`, n, D.tech2, n, status, new Date(NOW.getTime() + n * 1000)],
      );
    }
    const detail = await readDeviceDetail(em(), D.tech2, { limit: 1, offset: 0 });
    expect(detail?.device.openClockSkewFlags).toBe(2);
    expect(detail?.clockSkewFlags.map((f) => f.eventId)).toEqual(['flag-event-2']);
    expect(
      (await readDeviceDetail(em(), D.tech2, { limit: 1, offset: 1 }))?.clockSkewFlags.map((f) => f.eventId),
    ).toEqual(['flag-event-1']);
    expect(await readDeviceDetail(em(), 'no-such-device')).toBeNull();
  });

  it('filters and pages conflicts by status, severity, location and product', async () => {
    const event = (product: string, from: string): InventoryEvent =>
      ({
        eventId: `e-${product}-${from}`,
        eventType: 'ProductIssued',
        product,
        quantity: { value: 5, unit: 'each' },
        fromLocation: from,
        toLocation: L.customerSite,
        performedBy: P.tech2,
        occurredAt: NOW.toISOString(),
        data: {},
      }) as InventoryEvent;
    const details = {
      type: 'INSUFFICIENT_INVENTORY' as const,
      requested: { value: 5, unit: 'each' as const },
      conflictingEvents: [],
      message: 'm',
    };
    await insertConflict(em(), {
      deviceId: D.tech2,
      event: event(R.gloves, L.vehicle2),
      details,
      severity: 'info',
      now: NOW,
    });
    await insertConflict(em(), {
      deviceId: D.tech2,
      event: event(R.glueBoards, L.vehicle2),
      details,
      severity: 'critical',
      now: NOW,
    });
    await insertConflict(em(), {
      deviceId: D.tech2,
      event: event(R.gloves, L.vehicle1),
      details,
      severity: 'critical',
      now: NOW,
    });
    const page = { limit: 10, offset: 0 };
    expect((await listConflictsPage(em(), { status: 'open' }, page)).total).toBe(3);
    expect((await listConflictsPage(em(), { status: 'resolved' }, page)).total).toBe(0);
    expect((await listConflictsPage(em(), { severity: 'critical' }, page)).total).toBe(2);
    expect(
      (await listConflictsPage(em(), { severity: 'critical', locationId: L.vehicle2 }, page)).rows.map(
        (r) => r.productId,
      ),
    ).toEqual([R.glueBoards]);
    expect((await listConflictsPage(em(), { productId: R.gloves }, page)).total).toBe(2);
    const second = await listConflictsPage(em(), {}, { limit: 2, offset: 2 });
    expect([second.total, second.rows.length]).toEqual([3, 1]);
  });

  it('orders the recovery triage like the workflow: priority first, then queue size', async () => {
    await setDeviceStatus(em(), D.tech3, 'active', { now: NOW });
    const triage = await readRecoveryTriage(em(), {}, { limit: 10, offset: 0 });
    // tech3's truck holds regulated stock (priority) though its queue is empty; tech2 has 120 queued, nothing regulated. tech1 is revoked.
    expect(triage.rows.map((r) => [r.deviceId, r.pendingQueueSize, r.priority, r.regulatedHeld])).toEqual([
      [D.tech3, 0, true, ['Bromadiolone Rodenticide Bait Blocks', 'Fipronil Termiticide SC']],
      [D.tech2, 120, false, []],
    ]);
    expect([triage.total, triage.priorityDevices, triage.pendingEvents]).toEqual([2, 1, 120]);
    expect((await readRecoveryTriage(em(), {}, { limit: 1, offset: 1 })).rows.map((r) => r.deviceId)).toEqual([
      D.tech2,
    ]);
  });
});
