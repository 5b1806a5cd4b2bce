import { loadSyncState } from '../src/sync/sync-state';
import { unreachableClient } from './helpers';

/** Int: opens a real (refused) TCP connection for the health check. */
describe('FieldClient sync while the server is unreachable', () => {
  it('reports offline when the health check fails, shares one run between overlapping calls, keeps events queued', async () => {
    const c = await unreachableClient();
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
