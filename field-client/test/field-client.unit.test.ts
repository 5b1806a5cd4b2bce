import type { Location, Person, Product } from '@pco/domain';
import { FieldClient } from '../src/client/field-client';
import { lineOf } from '../src/view/local-inventory-view';
import { saveServerState, emptyServerState } from '../src/view/server-state';

const product: Product = { id: 'prod-a', name: 'Bait', unit: 'each', epaRegistrationNumber: null, regulated: false, unitValueCents: 100, active: true };
const van: Location = { id: 'van-1', name: 'Van 1', kind: 'vehicle', status: 'active', assignedPersonIds: ['tech-1'] };
const tech: Person = { id: 'tech-1', name: 'Tess', email: 't@example.com', role: 'technician' };
/** Nothing listens on port 1: connectivity checks fail fast with a real refused connection. */
const UNREACHABLE = 'http://127.0.0.1:1';

let n = 0;
async function client(now = '2026-11-26T08:00:00.000Z') {
  n += 1;
  const c = await FieldClient.create({ baseUrl: UNREACHABLE, userId: 'tech-1', name: 'phone', deviceId: `dev-${Date.now()}-${n}`, now: () => new Date(now), retry: { sleep: async () => undefined, random: () => 0 } });
  await c.setReferenceData({ products: [product], locations: [van], persons: [tech] });
  await saveServerState(c.storage, { ...emptyServerState(), onHand: new Map([['van-1::prod-a', 10]]) });
  return c;
}

describe('FieldClient (offline)', () => {
  it('records an issue through decide: signed, sequence 1, full offline context, visible in the view', async () => {
    const c = await client();
    const pending = await c.issue({ product: 'prod-a', quantity: { value: 3, unit: 'each' }, fromLocation: 'van-1', claimedOccurredAt: '2026-11-26T07:30:00.000Z' });
    expect(pending.status).toBe('queued');
    expect(pending.event.offlineContext).toMatchObject({ deviceId: c.deviceId, sequenceNumber: 1, deviceTimestamp: '2026-11-26T08:00:00.000Z', claimedOccurredAt: '2026-11-26T07:30:00.000Z', lastKnownServerStateHash: '', syncStatus: 'pending' });
    expect(pending.event.offlineContext?.localInventorySnapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pending.event.devicePublicKey).toBe(c.publicKey);
    expect(lineOf(await c.view(), 'van-1', 'prod-a')).toMatchObject({ serverOnHand: 10, pendingEffect: -3, believedOnHand: 7 });
  });

  it('does not consume a sequence number when decide refuses the command', async () => {
    const c = await client();
    await expect(c.issue({ product: 'prod-a', quantity: { value: 11, unit: 'each' }, fromLocation: 'van-1' })).rejects.toMatchObject({ code: 'INSUFFICIENT_INVENTORY' });
    await expect(c.issue({ product: 'nope', quantity: { value: 1, unit: 'each' }, fromLocation: 'van-1' })).rejects.toMatchObject({ code: 'UNKNOWN_PRODUCT' });
    const ok = await c.issue({ product: 'prod-a', quantity: { value: 1, unit: 'each' }, fromLocation: 'van-1' });
    expect(ok.event.offlineContext?.sequenceNumber).toBe(1);
    expect(await c.queue.all()).toHaveLength(1);
  });

  it('numbers concurrent recordings 1..5 in call order', async () => {
    const c = await client();
    const all = await Promise.all([1, 1, 1, 1, 1].map((v) => c.issue({ product: 'prod-a', quantity: { value: v, unit: 'each' }, fromLocation: 'van-1' })));
    expect(all.map((p) => p.event.offlineContext?.sequenceNumber)).toEqual([1, 2, 3, 4, 5]);
  });

});
