import type { Location, Person, Product } from '@pco/domain';
import { FieldClient } from '../src/client/field-client';
import { loadSyncState } from '../src/sync/sync-state';
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

/** Int: opens a real (refused) TCP connection for the health check. */
describe('FieldClient sync while the server is unreachable', () => {
  it('reports offline when the health check fails, shares one run between overlapping calls, keeps events queued', async () => {
    const c = await client();
    await c.issue({ product: 'prod-a', quantity: { value: 1, unit: 'each' }, fromLocation: 'van-1' });
    const [a, b] = await Promise.all([c.sync(), c.sync()]);
    expect(a.status).toBe('offline');
    expect(b).toBe(a);
    expect((await c.queue.all()).map((p) => p.status)).toEqual(['queued']);
    expect((await loadSyncState(c.storage)).syncFailures).toBe(1);
    expect((await c.view()).mayBeStale).toBe(true);
    c.close();
  });
});
