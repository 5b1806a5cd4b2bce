/**
 * Merge and accept_local compute new quantities (what fits now, the backorder remainder, the
 * shortfall). They must be valid amounts of the unit and exact decimals (domain/src/quantity.ts).
 */
import {
  planResolution,
  type ConflictDetails,
  type InventoryEvent,
  type ResolutionIds,
  type ResolutionPlan,
  type UnitOfMeasure,
} from '../src';

const NOW = '2026-11-29T12:00:00.000Z';
const ids: ResolutionIds = {
  applied: 'evt-applied',
  adjustment: 'evt-adjustment',
  backorderRequest: 'req-backorder',
  backorderEvent: 'evt-backorder',
  dispute: 'dispute-1',
  disputeEvent: 'evt-dispute',
};
const issue = (value: number, unit: UnitOfMeasure): InventoryEvent => ({
  eventId: 'evt-original',
  eventType: 'ProductIssued',
  product: 'prod-x',
  quantity: { value, unit },
  fromLocation: 'loc-van',
  toLocation: 'loc-site',
  performedBy: 'person-tech',
  occurredAt: NOW,
  data: {},
});
const details = (available: number, unit: UnitOfMeasure): ConflictDetails => ({
  type: 'INSUFFICIENT_INVENTORY',
  available: { value: available, unit },
  conflictingEvents: [],
  message: 'short',
});
const plan = (
  original: InventoryEvent,
  availableNow: number,
  decision: Parameters<typeof planResolution>[0]['decision'],
): ResolutionPlan =>
  planResolution({
    conflictId: 'cf-1',
    deviceId: 'device-1',
    original,
    details: details(availableNow, original.quantity.unit),
    decision,
    decidedBy: 'person-manager',
    availableNow,
    now: NOW,
    ids,
  });
const quantities = (p: ResolutionPlan) => (p.kind === 'append' ? p.events.map((e) => [e.eventType, e.quantity]) : p);

describe('resolution plans: computed quantities are valid amounts of the unit', () => {
  test('Given 2.5 each on hand (left by an event before the quantity rule), When merged with backorder, Then 2 are applied and 1 is backordered', () => {
    const p = plan(issue(3, 'each'), 2.5, { option: 'merge', backorderRemainder: true });
    expect(quantities(p)).toEqual([
      ['ConflictResolutionApplied', { value: 2, unit: 'each' }],
      ['RequestCreated', { value: 1, unit: 'each' }],
    ]);
  });

  test('Given 0.1 fl_oz available of 0.3 requested, When merged with backorder, Then the remainder is exactly 0.2', () => {
    const p = plan(issue(0.3, 'fl_oz'), 0.1, { option: 'merge', backorderRemainder: true });
    expect(quantities(p)).toEqual([
      ['ConflictResolutionApplied', { value: 0.1, unit: 'fl_oz' }],
      ['RequestCreated', { value: 0.2, unit: 'fl_oz' }],
    ]);
  });

  test('Given 14521.1 gal on hand and 14521.4 requested, When accepted as local, Then the adjustment is exactly 0.3', () => {
    const p = plan(issue(14521.4, 'gal'), 14521.1, { option: 'accept_local', reason: 'counted on site' });
    expect(quantities(p)).toEqual([
      ['InventoryAdjusted', { value: 0.3, unit: 'gal' }],
      ['ConflictResolutionApplied', { value: 14521.4, unit: 'gal' }],
    ]);
  });

  test('Given 2.5 each on hand (left by an old event) and 3 requested, When accepted as local, Then the adjustment is a whole 1', () => {
    const p = plan(issue(3, 'each'), 2.5, { option: 'accept_local', reason: 'found a box' });
    expect(quantities(p)).toEqual([
      ['InventoryAdjusted', { value: 1, unit: 'each' }],
      ['ConflictResolutionApplied', { value: 3, unit: 'each' }],
    ]);
  });
});
