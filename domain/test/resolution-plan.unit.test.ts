/** What each conflict decision writes, with ids and time passed in (Given / When / Then). */
import { planResolution, ResolutionPlanError, type ConflictDetails, type ResolutionIds } from '../src';
import { bait, each, event, manager, site, tech, vehicle } from './fixtures';

const NOW = '2026-01-10T09:00:00.000Z';
const ids: ResolutionIds = {
  applied: 'id-applied',
  adjustment: 'id-adjustment',
  backorderRequest: 'id-backorder',
  backorderEvent: 'id-backorder-event',
  dispute: 'id-dispute',
  disputeEvent: 'id-dispute-event',
};
const issue = event({
  eventType: 'ProductIssued',
  product: bait.id,
  quantity: each(5),
  fromLocation: vehicle.id,
  toLocation: site.id,
  performedBy: tech.id,
});
const details: ConflictDetails = {
  type: 'INSUFFICIENT_INVENTORY',
  requested: each(5),
  available: each(3),
  conflictingEvents: [],
  message: 'short',
};
const base = { conflictId: 'cf-1', deviceId: 'dev-1', original: issue, details, decidedBy: manager.id, now: NOW, ids };

describe('planResolution', () => {
  test('Given accept_server, When planned, Then nothing is written', () => {
    expect(planResolution({ ...base, decision: { option: 'accept_server' }, availableNow: 0 })).toEqual({
      kind: 'append',
      events: [],
      appliedQuantity: 0,
    });
  });

  test('Given a retry and too little stock now, When planned, Then the conflict stays open with what is available', () => {
    expect(planResolution({ ...base, decision: { option: 'retry' }, availableNow: 2 })).toMatchObject({
      kind: 'still_conflicted',
      available: 2,
    });
  });

  test('Given a retry that fits, When planned, Then the original is applied whole under the passed-in id', () => {
    const plan = planResolution({ ...base, decision: { option: 'retry' }, availableNow: 5 });
    expect(plan).toMatchObject({ kind: 'append', appliedQuantity: 5 });
    expect(plan.kind === 'append' && plan.events.map((e) => [e.eventId, e.eventType])).toEqual([
      ['id-applied', 'ConflictResolutionApplied'],
    ]);
  });

  test('Given accept_local with a shortfall, When planned, Then an adjustment by the shortfall precedes the applied event', () => {
    const plan = planResolution({
      ...base,
      decision: { option: 'accept_local', reason: 'count was wrong' },
      availableNow: 3,
    });
    expect(plan.kind === 'append' && plan.events.map((e) => [e.eventId, e.eventType, e.quantity.value])).toEqual([
      ['id-adjustment', 'InventoryAdjusted', 2],
      ['id-applied', 'ConflictResolutionApplied', 5],
    ]);
  });

  test('Given a merge with backorder, When planned, Then what is available is applied and the remainder requested', () => {
    const plan = planResolution({ ...base, decision: { option: 'merge', backorderRemainder: true }, availableNow: 3 });
    expect(plan).toMatchObject({ kind: 'append', appliedQuantity: 3, backorderRequestId: 'id-backorder' });
    expect(plan.kind === 'append' && plan.events.map((e) => [e.eventId, e.quantity.value])).toEqual([
      ['id-applied', 3],
      ['id-backorder-event', 2],
    ]);
  });

  test('Given investigate, When planned, Then a dispute opens and no stock moves', () => {
    expect(
      planResolution({ ...base, decision: { option: 'investigate', reason: 'theft?' }, availableNow: 0 }),
    ).toMatchObject({
      kind: 'append',
      appliedQuantity: 0,
      disputeId: 'id-dispute',
      events: [{ eventId: 'id-dispute-event', eventType: 'DisputeOpened' }],
    });
  });

  test('Given escalate, When planned, Then it is refused: escalation is not a resolution', () => {
    expect(() => planResolution({ ...base, decision: { option: 'escalate' }, availableNow: 5 })).toThrow(
      ResolutionPlanError,
    );
  });
});
