/**
 * The store side of the console's review, requests, inventory, reports and admin pages, against a
 * fresh seeded database: each operation's refusals store nothing; each success writes its rows
 * and one console_audit row; reads agree with the log.
 */
import {
  appendServerEvent,
  assignLocations,
  changeRole,
  closeReviewItem,
  conflictsReport,
  createLocation,
  createPerson,
  createProduct,
  decideRequest,
  foldLogAsOf,
  getRequest,
  listConsoleAudit,
  listEventLogPage,
  listOnHandPage,
  listReviewItemsPage,
  onHandQuantity,
  query,
  receiveStock,
  regulatedUseReport,
  run,
  setLocationActive,
  submitBatch,
  updateProduct,
  usageReport,
  type Em,
} from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';
import { offlineIssue } from '../test-support';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const { locations: L, products: P, persons: W, devices: D } = DEMO;

let db: FreshDatabase;
const em = () => db.orm.em.fork() as Em;
const auditOf = (target: string) => listConsoleAudit(em(), { limit: 20, offset: 0, target });
const logCount = async () => Number((await query<{ n: string }>(em(), 'select count(*) as n from event_log'))[0].n);

beforeAll(async () => {
  db = await freshDatabase();
  await seedDemoData(db.orm, NOW);
});
afterAll(() => db?.drop());

describe('receiving stock', () => {
  it('refuses a bad quantity, an unknown product and an inactive location, storing nothing', async () => {
    const before = await logCount();
    const base = { productId: P.gloves, locationId: L.warehouse, supplier: 'Univar', actorId: W.admin, now: later(1) };
    expect(await receiveStock(em(), { ...base, quantity: 0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_QUANTITY' },
    });
    expect(await receiveStock(em(), { ...base, productId: 'prod-nope', quantity: 5 })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_PRODUCT' },
    });
    expect(await receiveStock(em(), { ...base, locationId: L.inactive, quantity: 5 })).toMatchObject({
      ok: false,
      error: { code: 'LOCATION_INACTIVE' },
    });
    expect(await receiveStock(em(), { ...base, actorId: W.tech1, quantity: 5 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // The unit's scale: gloves are counted (each), so 1.5 is refused, named for the form's quantity field.
    expect(await receiveStock(em(), { ...base, quantity: 1.5 })).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'The quantity must be a whole number for each (a count unit), got 1.5',
      },
    });
    expect(await logCount()).toBe(before);
    expect(await auditOf(`location:${L.warehouse}`)).toEqual([]);
  });

  it("appends a ProductReceived server event in the product's unit and audits it", async () => {
    const onHand = await onHandQuantity(em(), L.warehouse, P.gloves);
    const done = await receiveStock(em(), {
      productId: P.gloves,
      locationId: L.warehouse,
      quantity: 250,
      supplier: 'Univar',
      reference: 'INV-77',
      actorId: W.admin,
      now: later(2),
    });
    expect(done).toMatchObject({
      ok: true,
      value: {
        event: {
          eventType: 'ProductReceived',
          quantity: { value: 250, unit: 'each' },
          data: { supplier: 'Univar', reference: 'INV-77' },
        },
      },
    });
    expect(await onHandQuantity(em(), L.warehouse, P.gloves)).toBe(onHand + 250);
    expect((await auditOf(`location:${L.warehouse}`)).map((a) => [a.action, a.actorId])).toEqual([
      ['stock.receive', W.admin],
    ]);
  });
});

describe('on hand as of a moment', () => {
  it('folds the log as recorded up to the moment; now equals the live projection', async () => {
    const before = await listOnHandPage(
      em(),
      { locationId: L.warehouse, productId: P.gloves, at: later(1) },
      { limit: 10, offset: 0 },
    );
    const after = await listOnHandPage(
      em(),
      { locationId: L.warehouse, productId: P.gloves, at: later(3) },
      { limit: 10, offset: 0 },
    );
    const now = await listOnHandPage(em(), { locationId: L.warehouse, productId: P.gloves }, { limit: 10, offset: 0 });
    expect(after.rows[0].quantity - before.rows[0].quantity).toBe(250);
    expect(now.rows).toEqual(after.rows);
    expect(before.throughPosition).toBeLessThan(after.throughPosition!);
    const atSeed = await foldLogAsOf(em(), NOW);
    expect(atSeed.throughPosition).toBe(before.throughPosition);
  });
});

describe('locations, products and people', () => {
  it('deactivating a location makes a later transfer into it LOCATION_INACTIVE (the gateway reads the same column)', async () => {
    expect(
      await setLocationActive(em(), { id: L.vehicle3, status: 'inactive', actorId: W.admin, now: later(4) }),
    ).toEqual({ ok: true, value: undefined });
    expect(
      await setLocationActive(em(), { id: L.vehicle3, status: 'inactive', actorId: W.admin, now: later(4) }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    const transfer = {
      eventId: 'transfer-into-inactive',
      eventType: 'ProductTransferred',
      product: P.gloves,
      quantity: { value: 1, unit: 'each' },
      fromLocation: L.warehouse,
      toLocation: L.vehicle3,
      performedBy: W.manager,
      occurredAt: later(5).toISOString(),
      data: {},
    };
    expect(await appendServerEvent(db.orm, transfer, later(5))).toMatchObject({
      ok: false,
      error: { code: 'LOCATION_INACTIVE' },
    });
    expect(
      await setLocationActive(em(), { id: L.vehicle3, status: 'active', actorId: W.admin, now: later(6) }),
    ).toEqual({ ok: true, value: undefined });
    expect(await appendServerEvent(db.orm, transfer, later(6))).toMatchObject({ ok: true });
    expect((await auditOf(`location:${L.vehicle3}`)).map((a) => a.action)).toEqual([
      'location.activate',
      'location.deactivate',
    ]);
  });

  it('creates a location and a product; refuses duplicate ids and changing the unit of a product with stock', async () => {
    expect(
      await createLocation(em(), {
        id: 'loc-truck-9',
        name: 'Truck 9',
        kind: 'vehicle',
        actorId: W.admin,
        now: later(7),
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(
      await createLocation(em(), {
        id: 'loc-truck-9',
        name: 'Again',
        kind: 'vehicle',
        actorId: W.admin,
        now: later(7),
      }),
    ).toMatchObject({ ok: false });
    const product = {
      id: 'prod-gel-bait',
      name: 'Gel Bait',
      unit: 'g' as const,
      epaRegistrationNumber: '100-1484',
      regulated: true,
      unitValueCents: 30,
      active: true,
    };
    expect(await createProduct(em(), { ...product, actorId: W.admin, now: later(7) })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(
      await updateProduct(em(), { ...product, name: 'Gel Bait 30 g', unit: 'oz', actorId: W.admin, now: later(8) }),
    ).toEqual({ ok: true, value: undefined });
    const gloves = {
      id: P.gloves,
      name: 'Gloves',
      unit: 'kg' as const,
      epaRegistrationNumber: null,
      regulated: false,
      unitValueCents: 20,
      active: true,
    };
    expect(await updateProduct(em(), { ...gloves, actorId: W.admin, now: later(8) })).toMatchObject({
      ok: false,
      error: { code: 'UNIT_MISMATCH' },
    });
    expect((await auditOf('product:prod-gel-bait')).map((a) => a.action)).toEqual(['product.update', 'product.create']);
  });

  it("creates a person, changes a role (not one's own) and replaces location assignments", async () => {
    const created = await createPerson(em(), {
      name: 'Riley Tech',
      email: 'Riley@PCO.example',
      role: 'technician',
      actorId: W.admin,
      now: later(9),
    });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.value.id : '';
    expect(
      await createPerson(em(), {
        name: 'Copy',
        email: 'riley@pco.example',
        role: 'technician',
        actorId: W.admin,
        now: later(9),
      }),
    ).toMatchObject({ ok: false });
    expect(
      await changeRole(em(), { personId: W.admin, role: 'technician', actorId: W.admin, now: later(9) }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await changeRole(em(), { personId: id, role: 'manager', actorId: W.admin, now: later(9) })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(
      await assignLocations(em(), {
        personId: id,
        locationIds: [L.vehicle1, 'loc-nope'],
        actorId: W.admin,
        now: later(9),
      }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_LOCATION' } });
    expect(
      await assignLocations(em(), {
        personId: id,
        locationIds: [L.vehicle1, L.vehicle2],
        actorId: W.admin,
        now: later(9),
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(
      await assignLocations(em(), { personId: id, locationIds: [L.vehicle2], actorId: W.admin, now: later(10) }),
    ).toEqual({ ok: true, value: undefined });
    const rows = await query<{ location_id: string }>(
      em(),
      'select location_id from location_assignments where person_id = $1',
      [id],
    );
    expect(rows.map((r) => r.location_id)).toEqual([L.vehicle2]);
    expect((await auditOf(`person:${id}`)).map((a) => a.action)).toEqual([
      'person.locations',
      'person.locations',
      'person.role',
      'person.create',
    ]);
  });
});

describe('request decisions', () => {
  const create = (requestId: string) =>
    appendServerEvent(
      db.orm,
      {
        eventId: `create-${requestId}`,
        eventType: 'RequestCreated',
        product: P.glueBoards,
        quantity: { value: 10, unit: 'each' },
        fromLocation: L.warehouse,
        toLocation: L.vehicle1,
        performedBy: W.tech1,
        occurredAt: later(11).toISOString(),
        data: { requestId },
      },
      later(11),
    );

  it('approves a pending request with a RequestApproved server event; a second decision is REQUEST_NOT_PENDING', async () => {
    expect((await create('req-1')).ok).toBe(true);
    const approved = await decideRequest(em(), {
      requestId: 'req-1',
      decision: 'approve',
      actorId: W.manager,
      now: later(12),
    });
    expect(approved).toMatchObject({
      ok: true,
      value: { event: { eventType: 'RequestApproved', performedBy: W.manager, data: { requestId: 'req-1' } } },
    });
    expect(await getRequest(em(), 'req-1')).toMatchObject({ status: 'approved', decidedBy: W.manager });
    const again = await decideRequest(em(), {
      requestId: 'req-1',
      decision: 'deny',
      reason: 'late',
      actorId: W.manager,
      now: later(13),
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_NOT_PENDING', message: expect.stringMatching(/already approved/) },
    });
    expect((await auditOf('request:req-1')).map((a) => a.action)).toEqual(['request.approve']);
  });

  it('denies with a reason; an unknown request is UNKNOWN_REQUEST', async () => {
    expect((await create('req-2')).ok).toBe(true);
    expect(
      await decideRequest(em(), {
        requestId: 'req-2',
        decision: 'deny',
        reason: 'Use stock on truck 2',
        actorId: W.manager,
        now: later(14),
      }),
    ).toMatchObject({
      ok: true,
      value: { event: { eventType: 'RequestDenied', data: { requestId: 'req-2', reason: 'Use stock on truck 2' } } },
    });
    expect(
      await decideRequest(em(), { requestId: 'req-nope', decision: 'approve', actorId: W.manager, now: later(14) }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
  });
});

describe('review items', () => {
  it('lists open items of every kind and closes each once, with who, when and the outcome', async () => {
    await run(
      em(),
      `insert into timestamp_flags (event_id, position, device_id, issues, ordering_affected, flagged_at) values ('ev-skew', 1, $1, '["FUTURE"]', true, $2)`,
      [D.tech2, NOW],
    );
    await run(
      em(),
      `insert into disputes (id, device_id, reason, details, opened_at) values ('dispute-1', $1, 'Device revoked', '{}', $2)`,
      [D.tech1, NOW],
    );
    await run(
      em(),
      `insert into review_queue (id, kind, subject_id, title, details, created_at) values ('review-1', 'device_revocation', $1, 'Device revoked', '{}', $2)`,
      [D.tech1, NOW],
    );
    await run(
      em(),
      `insert into quarantined_events (device_id, event_id, payload, reason, quarantined_at) values ($1, 'ev-q', '{"eventType":"ProductIssued"}', 'device revoked', $2)`,
      [D.tech1, NOW],
    );
    const open = await listReviewItemsPage(em(), { state: 'open' }, { limit: 10, offset: 0 });
    expect(open.total).toBe(4);
    expect(open.rows.map((r) => r.kind).sort()).toEqual(['clock_skew', 'dispute', 'quarantined_event', 'review_item']);
    for (const item of open.rows) {
      expect(
        await closeReviewItem(em(), { kind: item.kind, id: item.id, outcome: '', actorId: W.manager, now: later(20) }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
      expect(
        await closeReviewItem(em(), {
          kind: item.kind,
          id: item.id,
          outcome: `Checked ${item.kind}`,
          actorId: W.manager,
          now: later(20),
        }),
      ).toEqual({ ok: true, value: undefined });
      expect(
        await closeReviewItem(em(), {
          kind: item.kind,
          id: item.id,
          outcome: 'twice',
          actorId: W.manager,
          now: later(21),
        }),
      ).toMatchObject({ ok: false, error: { message: 'this item was already closed' } });
    }
    const closed = await listReviewItemsPage(em(), { state: 'closed' }, { limit: 10, offset: 0 });
    expect(closed.rows.map((r) => [r.kind, r.outcome, r.closedBy, r.closedAt]).sort()).toEqual([
      ['clock_skew', 'Checked clock_skew', W.manager, later(20).toISOString()],
      ['dispute', 'Checked dispute', W.manager, later(20).toISOString()],
      ['quarantined_event', 'Checked quarantined_event', W.manager, later(20).toISOString()],
      ['review_item', 'Checked review_item', W.manager, later(20).toISOString()],
    ]);
    expect((await listReviewItemsPage(em(), { state: 'open' }, { limit: 10, offset: 0 })).total).toBe(0);
    expect((await auditOf('dispute:dispute-1')).map((a) => [a.action, a.details.outcome])).toEqual([
      ['review.close', 'Checked dispute'],
    ]);
  });
});

describe('event log page and reports', () => {
  beforeAll(async () => {
    const events = [3, 2].map((value, i) =>
      offlineIssue({
        tech: 'tech1',
        seq: i + 1,
        from: L.vehicle1,
        product: P.rodenticide,
        value,
        unit: 'lb',
        claimedAt: `2026-11-25T0${8 + i}:00:00.000Z`,
        lastKnownHash: '',
        overrides: i === 0 ? { data: { jobReference: '=HYPERLINK("x")' } } : {},
      }),
    );
    const done = await submitBatch(db.orm, { deviceId: D.tech1, events, signatureValid: [true, true], now: later(30) });
    expect(done.answers.map((a) => a.status)).toEqual(['accepted', 'accepted']);
  });

  it('pages the log newest first with every chain link intact, and finds a tampered payload', async () => {
    const page = await listEventLogPage(em(), {}, { limit: 500, offset: 0 });
    expect(page.total).toBe(await logCount());
    expect(page.rows[0].position).toBe(page.total);
    expect(page.rows.every((r) => r.chain.linked && r.chain.hashValid && r.chain.contentValid)).toBe(true);
    const device = page.rows.find((r) => r.deviceId === D.tech1)!;
    expect(device.registeredPublicKey).toEqual(expect.any(String));
    expect(device.payload.signature).toEqual(expect.any(String));

    const rollBack = new Error('roll back');
    let tampered: unknown;
    await expect(
      em().transactional(async (tem) => {
        await run(
          tem as Em,
          `update event_log set payload = jsonb_set(payload, '{quantity,value}', '1') where position = $1`,
          [device.position],
        );
        tampered = (await listEventLogPage(tem as Em, { deviceId: D.tech1 }, { limit: 10, offset: 0 })).rows.find(
          (r) => r.position === device.position,
        )!.chain;
        throw rollBack;
      }),
    ).rejects.toBe(rollBack);
    expect(tampered).toEqual({ linked: true, hashValid: true, contentValid: false });
  });

  it('usage and regulated-use reports count applications by when they happened, with EPA numbers', async () => {
    const period = { from: new Date('2026-11-25T00:00:00Z'), to: new Date('2026-11-26T00:00:00Z') };
    expect(await usageReport(em(), period)).toEqual([
      expect.objectContaining({
        productId: P.rodenticide,
        technicianId: W.tech1,
        locationId: L.vehicle1,
        quantity: 5,
        unit: 'lb',
        applications: 2,
      }),
    ]);
    const regulated = await regulatedUseReport(em(), period);
    expect(regulated.map((r) => [r.productId, r.epaRegistrationNumber, r.quantity, r.jobReference])).toEqual([
      [P.rodenticide, '12455-79', 3, '=HYPERLINK("x")'],
      [P.rodenticide, '12455-79', 2, 'job-2'],
    ]);
    expect(
      await usageReport(em(), { from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z') }),
    ).toEqual([]);
    expect(await conflictsReport(em(), period)).toEqual([]);
  });
});
