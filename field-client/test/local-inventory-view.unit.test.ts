import { buildLocalInventoryView, lineOf } from '../src/view/local-inventory-view';
import { emptyServerState } from '../src/view/server-state';
import { issueEvent, pendingOf } from './helpers';

const server = () => ({
  ...emptyServerState(),
  onHand: new Map([['van-1::prod-a', 10]]),
  asOf: '2026-11-26T08:00:00.000Z',
});
const now = new Date('2026-11-26T09:00:00.000Z');

describe('LocalInventoryView', () => {
  it('shows server on-hand, own pending effect on top, and flags an issue that overdraws', async () => {
    const pending = [
      await pendingOf(1, 'queued', {}, issueEvent(1, { quantity: { value: 8, unit: 'each' } })),
      await pendingOf(2, 'queued', {}, issueEvent(2, { quantity: { value: 5, unit: 'each' } })),
      await pendingOf(3, 'synced', {}, issueEvent(3, { quantity: { value: 100, unit: 'each' } })),
    ];
    const view = buildLocalInventoryView({
      server: server(),
      pending,
      lastSuccessfulSync: '2026-11-26T08:50:00.000Z',
      now,
    });
    expect(lineOf(view, 'van-1', 'prod-a')).toEqual({
      location: 'van-1',
      product: 'prod-a',
      serverOnHand: 10,
      pendingEffect: -13,
      believedOnHand: -3,
      mayConflict: true,
    });
    expect(view.mayConflictEventIds).toEqual(['evt-2']);
    expect(view.mayBeStale).toBe(false);
    expect(view.asOf).toBe('2026-11-26T08:00:00.000Z');
  });

  it('is stale when the last successful sync is older than 15 minutes', () => {
    const view = buildLocalInventoryView({
      server: server(),
      pending: [],
      lastSuccessfulSync: '2026-11-26T08:44:59.000Z',
      now,
    });
    expect(view.mayBeStale).toBe(true);
  });

  it('is stale when the device never synced', () => {
    expect(
      buildLocalInventoryView({ server: emptyServerState(), pending: [], lastSuccessfulSync: null, now }).mayBeStale,
    ).toBe(true);
  });
});
