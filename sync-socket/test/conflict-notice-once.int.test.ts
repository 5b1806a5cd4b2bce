/**
 * Defect: a device received `conflict:notice` twice for one conflict — once pushed by the gateway
 * right after the upload, once more through the durable outbox when the conflict workflow wrote
 * its own notice. A notice now travels only through the outbox, under the same dedupe key the
 * workflow uses, so each conflict reaches each device once: live, after the workflow's write,
 * and after a reconnect.
 */
import { conflictMessageDedupeKey, enqueueDeviceNotifications } from '@pco/store';
import type { ConflictNotice } from '@pco/domain';
import { DeviceEvents } from './helpers/device-events';
import { collect, nextMessage, upload, type DeviceSocket } from './helpers/socket-client';
import { connectAs, DEMO, demoDevice, startTestGateway, type TestGateway } from './helpers/test-gateway';

jest.setTimeout(30_000);

const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

describe('conflict:notice reaches a device once per conflict', () => {
  let t: TestGateway;
  const tech3 = demoDevice('tech3');
  let socket: DeviceSocket;

  beforeAll(async () => {
    t = await startTestGateway();
    socket = await connectAs(t.url, tech3);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('Given a conflicted upload, When the workflow also writes its notice and the device reconnects, Then the device got exactly one notice', async () => {
    const seen = collect(socket, 'conflict:notice');
    const first = nextMessage(socket, 'conflict:notice');
    const tooMuch = new DeviceEvents(tech3.deviceId, tech3.keys, tech3.personId).next({
      eventType: 'ProductIssued',
      product: DEMO.products.termiticide,
      quantity: { value: 500, unit: 'fl_oz' },
      fromLocation: DEMO.locations.vehicle3,
    });
    const ack = await upload(socket, [tooMuch]);
    if (!ack.ok || ack.data.answers[0].status !== 'conflict')
      throw new Error(`expected a conflict: ${JSON.stringify(ack)}`);
    const { conflictId } = ack.data.answers[0];
    expect(await first).toMatchObject({ conflictId, eventId: tooMuch.eventId, sequenceNumber: 1 });

    // The conflict workflow's notifier writes the same notice through the outbox (workers/src/notifications/outbox-ports.ts).
    const notice: ConflictNotice = {
      conflictId,
      eventId: tooMuch.eventId,
      sequenceNumber: 1,
      details: ack.data.answers[0].conflictDetails,
    };
    await enqueueDeviceNotifications(
      t.orm.em.fork(),
      [
        {
          deviceId: tech3.deviceId,
          kind: 'conflict:notice',
          payload: notice,
          dedupeKey: conflictMessageDedupeKey('conflict:notice', conflictId, tech3.deviceId),
        },
      ],
      new Date(),
    );
    await settle();
    seen.stop();

    // And after a reconnect nothing is left to deliver.
    socket.close();
    socket = await connectAs(t.url, tech3);
    const afterReconnect = collect(socket, 'conflict:notice');
    await settle();
    afterReconnect.stop();

    expect(seen.received.map((n) => n.conflictId)).toEqual([conflictId]);
    expect(afterReconnect.received).toEqual([]);
    const rows = await t.orm.em
      .fork()
      .execute<Array<{ kind: string; delivered: boolean }>>(
        'select kind, delivered_at is not null as delivered from device_notifications where device_id = ?',
        [tech3.deviceId],
      );
    expect(rows).toEqual([{ kind: 'conflict:notice', delivered: true }]);
  });
});
