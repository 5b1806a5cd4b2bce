/**
 * Spec scenario "Device Loss", end to end with real parts: PostgreSQL (fresh database, demo
 * seed), the Temporal dev server, a real worker running revokeDeviceWorkflow, and a real SMTP
 * server receiving the email. Only the socket gateway is a recorder (RecordingGatewayFake): it
 * runs in another package and its own tests cover the sockets.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { canonicalSigningPayload, type InventoryEvent, type SignedEvent } from '@pco/domain';
import { DEMO, DEMO_DEVICE_KEYS, seedDemoData } from '@pco/store/demo';
import { revokeDeviceWorkflowId, type revokeDeviceWorkflow } from '@pco/workflows';
import { forkEm, quarantineLateSubmission } from '@pco/store';
import { createRevocationActivities, type GatewayPort } from '../src/activities/revocation';
import {
  saveHistoryFixture,
  startMailbox,
  startOpsHarness,
  type Mailbox,
  type OpsHarness,
} from './recovery-ops-testkit';

jest.setTimeout(90_000);

const now = () => new Date('2026-11-26T09:00:00.000Z');
const taskQueue = `revocation-test-${randomUUID()}`;
const deviceId = DEMO.devices.tech1;

class RecordingGatewayFake implements GatewayPort {
  readonly disconnected: Array<{ deviceId: string; reason: string }> = [];
  readonly notified: Array<{ personId: string; deviceId: string; except: string }> = [];
  async disconnectDevice(id: string, reason: string) {
    this.disconnected.push({ deviceId: id, reason });
  }
  async notifyPersonDevices(personId: string, notice: { deviceId: string }, except: string) {
    this.notified.push({ personId, deviceId: notice.deviceId, except });
    return 1;
  }
}

/** Five events on tech1's device that never reached the server: signed with the demo key. */
function pendingEvents(count: number, firstSeq: number): SignedEvent[] {
  const key = createPrivateKey({
    key: Buffer.concat([
      Buffer.from('302e020100300506032b657004220420', 'hex'),
      Buffer.from(DEMO_DEVICE_KEYS.tech1.privateKey, 'base64'),
    ]),
    format: 'der',
    type: 'pkcs8',
  });
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.parse('2026-11-26T07:00:00.000Z') + i * 60_000).toISOString();
    const event: InventoryEvent = {
      eventId: randomUUID(),
      eventType: 'ProductIssued',
      product: DEMO.products.termiticide,
      quantity: { value: 2, unit: 'fl_oz' },
      fromLocation: DEMO.locations.vehicle1,
      toLocation: DEMO.locations.customerSite,
      performedBy: DEMO.persons.tech1,
      occurredAt: at,
      data: {},
      offlineContext: {
        deviceId,
        sequenceNumber: firstSeq + i,
        deviceTimestamp: at,
        claimedOccurredAt: at,
        lastKnownServerStateHash: '',
        localInventorySnapshotHash: '',
        syncStatus: 'pending',
      },
    };
    const signature = sign(null, Buffer.from(canonicalSigningPayload(event), 'utf8'), key).toString('base64');
    return { ...event, signature, signedFields: [], devicePublicKey: DEMO_DEVICE_KEYS.tech1.publicKey } as SignedEvent;
  });
}

const gateway = new RecordingGatewayFake();
let mailbox: Mailbox;
let ops: OpsHarness;

beforeAll(async () => {
  mailbox = await startMailbox();
  ops = await startOpsHarness({
    poolMax: 3,
    taskQueue,
    seed: (db) => seedDemoData(db.orm, now()),
    workflowsPath: require.resolve('@pco/workflows'),
    activities: (db) => createRevocationActivities({ orm: db.orm, now, mailer: mailbox.mailer, gateway }),
  });
});

afterAll(async () => {
  await ops?.stop();
  await mailbox?.close();
});

const rows = <T>(sql: string, params: unknown[] = []) => ops.rows<T>(sql, params);

describe('Scenario: Technician loses device with pending events', () => {
  const reported = pendingEvents(5, 1);
  let onHandBefore: unknown[];
  let result: Awaited<ReturnType<typeof revokeDeviceWorkflow>>;
  const workflowId = `${revokeDeviceWorkflowId(deviceId)}-${randomUUID()}`;

  beforeAll(async () => {
    // Given tech has 5 pending events on device, And device is reported lost
    onHandBefore = await rows('select location_id, product_id, quantity from on_hand order by 1, 2');
    // When admin revokes device
    const handle = await ops.client.workflow.start<typeof revokeDeviceWorkflow>('revokeDeviceWorkflow', {
      taskQueue,
      workflowId,
      args: [{ deviceId, reason: 'reported lost', revokedBy: DEMO.persons.admin, reportedPendingEvents: reported }],
    });
    result = await handle.result();
    saveHistoryFixture(workflowId, 'revocation-device-loss.history.json');
  });

  it('the device is revoked at once and its sockets dropped', async () => {
    const [device] = await rows<{ status: string; revoked_reason: string; revoked_at: Date }>(
      'select status, revoked_reason, revoked_at from devices where id = ?',
      [deviceId],
    );
    expect(device).toMatchObject({ status: 'revoked', revoked_reason: 'reported lost' });
    expect(new Date(device.revoked_at).toISOString()).toBe(now().toISOString());
    expect(gateway.disconnected).toEqual([{ deviceId, reason: 'reported lost' }]);
  });

  it('then all pending events are quarantined, none applied', async () => {
    expect(result.quarantined).toBe(5);
    const held = await rows<{ event_id: string; sequence_number: number; status: string }>(
      'select event_id, sequence_number, status from quarantined_events where device_id = ? order by sequence_number',
      [deviceId],
    );
    expect(held.map((h) => h.event_id)).toEqual(reported.map((e) => e.eventId));
    expect(held.every((h) => h.status === 'held')).toBe(true);
    const applied = await rows('select 1 from event_log where event_id in (?)', [reported.map((e) => e.eventId)]);
    expect(applied).toHaveLength(0);
  });

  it("and inventory in tech's custody enters dispute (one per location and product, with a DisputeOpened event)", async () => {
    const disputes = await rows<{ id: string; details: { locationId: string; productId: string; quantity: number } }>(
      "select id, details from disputes where device_id = ? and status = 'open' order by id",
      [deviceId],
    );
    expect(disputes.map((d) => [d.details.locationId, d.details.productId, d.details.quantity]).sort()).toEqual([
      [DEMO.locations.vehicle1, DEMO.products.glueBoards, 100],
      [DEMO.locations.vehicle1, DEMO.products.gloves, 100],
      [DEMO.locations.vehicle1, DEMO.products.rodenticide, 40],
      [DEMO.locations.vehicle1, DEMO.products.termiticide, 60],
    ]);
    expect(result.disputeIds.sort()).toEqual(disputes.map((d) => d.id).sort());
    const events = await rows<{ payload: { data: { disputeId: string; deviceId: string } } }>(
      "select payload from event_log where event_type = 'DisputeOpened'",
    );
    expect(events.map((e) => e.payload.data.disputeId).sort()).toEqual(result.disputeIds.sort());
    expect(await rows('select location_id, product_id, quantity from on_hand order by 1, 2')).toEqual(onHandBefore);
  });

  it('and tech is notified via email (real SMTP) and on other devices', () => {
    const mail = mailbox.inbox.find((m) => m.to.includes('alex.rivera@pco.example'));
    expect(mail?.body).toContain(`Subject: Your device ${deviceId} was revoked`);
    expect(mail?.body).toContain('5 event(s) still pending');
    expect(gateway.notified).toEqual([{ personId: DEMO.persons.tech1, deviceId, except: deviceId }]);
  });

  it('and manager receives review queue item', async () => {
    const items = await rows<{
      id: string;
      kind: string;
      status: string;
      details: { disputeIds: string[]; quarantined: number };
    }>('select id, kind, status, details from review_queue where subject_id = ?', [deviceId]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: result.reviewItemId,
      kind: 'device_revocation',
      status: 'open',
      details: { quarantined: 5 },
    });
    expect(items[0].details.disputeIds).toHaveLength(4);
  });

  it('an event the revoked device sends later is quarantined too, never applied', async () => {
    const [late] = pendingEvents(1, 6);
    expect(await quarantineLateSubmission(forkEm(ops.db.orm), deviceId, late, now())).toBe(true);
    expect(await quarantineLateSubmission(forkEm(ops.db.orm), deviceId, late, now())).toBe(false);
    const held = await rows<{ reason: string }>('select reason from quarantined_events where event_id = ?', [
      late.eventId,
    ]);
    expect(held).toEqual([{ reason: 'device revoked: submitted after revocation' }]);
  });

  it('running the revocation again changes nothing: every step is idempotent', async () => {
    const count = async () =>
      (
        await rows<{ n: number }>(`select (select count(*) from disputes) + (select count(*) from review_queue)
      + (select count(*) from event_log) + (select count(*) from quarantined_events) as n`)
      )[0];
    const before = await count();
    const again = await ops.client.workflow.execute<typeof revokeDeviceWorkflow>('revokeDeviceWorkflow', {
      taskQueue,
      workflowId: `${workflowId}-again`,
      args: [{ deviceId, reason: 'reported lost', revokedBy: DEMO.persons.admin, reportedPendingEvents: reported }],
    });
    expect(again.disputeIds.sort()).toEqual(result.disputeIds.sort());
    expect(await count()).toEqual(before);
  });
});

describe('bad input', () => {
  it('refuses reported events from another device and stores nothing', async () => {
    const [foreign] = pendingEvents(1, 50);
    const other = {
      ...foreign,
      offlineContext: { ...foreign.offlineContext!, deviceId: DEMO.devices.tech2 },
    } as SignedEvent;
    const activities = createRevocationActivities({ orm: ops.db.orm, now, mailer: mailbox.mailer, gateway });
    await expect(
      activities.quarantinePendingEvents({ deviceId: DEMO.devices.tech3, reportedPendingEvents: [other] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await rows('select 1 from quarantined_events where device_id = ?', [DEMO.devices.tech3])).toHaveLength(0);
  });

  it('an unknown device fails with UNKNOWN_DEVICE', async () => {
    const activities = createRevocationActivities({ orm: ops.db.orm, now, mailer: mailbox.mailer, gateway });
    await expect(
      activities.markDeviceRevoked({ deviceId: 'device-nope', reason: 'x', revokedBy: DEMO.persons.admin }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_DEVICE' });
  });
});
