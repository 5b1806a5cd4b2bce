import { lineOf } from '../src/view/local-inventory-view';
import { unreachableClient } from './helpers';

describe('FieldClient (offline)', () => {
  it('records an issue through decide: signed, sequence 1, full offline context, visible in the view', async () => {
    const c = await unreachableClient();
    const pending = await c.issue({
      product: 'prod-a',
      quantity: { value: 3, unit: 'each' },
      fromLocation: 'van-1',
      claimedOccurredAt: '2026-11-26T07:30:00.000Z',
    });
    expect(pending.status).toBe('queued');
    expect(pending.event.offlineContext).toMatchObject({
      deviceId: c.deviceId,
      sequenceNumber: 1,
      deviceTimestamp: '2026-11-26T08:00:00.000Z',
      claimedOccurredAt: '2026-11-26T07:30:00.000Z',
      lastKnownServerStateHash: '',
      syncStatus: 'pending',
    });
    expect(pending.event.offlineContext?.localInventorySnapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pending.event.devicePublicKey).toBe(c.publicKey);
    expect(lineOf(await c.view(), 'van-1', 'prod-a')).toMatchObject({
      serverOnHand: 10,
      pendingEffect: -3,
      believedOnHand: 7,
    });
  });

  it('does not consume a sequence number when decide refuses the command', async () => {
    const c = await unreachableClient();
    await expect(
      c.issue({ product: 'prod-a', quantity: { value: 11, unit: 'each' }, fromLocation: 'van-1' }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_INVENTORY' });
    await expect(
      c.issue({ product: 'nope', quantity: { value: 1, unit: 'each' }, fromLocation: 'van-1' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_PRODUCT' });
    const ok = await c.issue({ product: 'prod-a', quantity: { value: 1, unit: 'each' }, fromLocation: 'van-1' });
    expect(ok.event.offlineContext?.sequenceNumber).toBe(1);
    expect(await c.queue.all()).toHaveLength(1);
  });

  it('numbers concurrent recordings 1..5 in call order', async () => {
    const c = await unreachableClient();
    const all = await Promise.all(
      [1, 1, 1, 1, 1].map((v) =>
        c.issue({ product: 'prod-a', quantity: { value: v, unit: 'each' }, fromLocation: 'van-1' }),
      ),
    );
    expect(all.map((p) => p.event.offlineContext?.sequenceNumber)).toEqual([1, 2, 3, 4, 5]);
  });
});
