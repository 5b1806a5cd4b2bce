import type { Location, Product } from '@pco/domain';
import { buildCommand, describe as describeAction, type ActionDraft } from '../app/src/commands';

const gloves: Product = {
  id: 'prod-gloves',
  name: 'Nitrile Gloves',
  unit: 'each',
  epaRegistrationNumber: null,
  regulated: false,
  unitValueCents: 20,
  active: true,
};
const places: Location[] = [
  { id: 'loc-v2', name: 'Truck 2', kind: 'vehicle', status: 'active', assignedPersonIds: ['p'] },
  { id: 'loc-v3', name: 'Truck 3', kind: 'vehicle', status: 'active', assignedPersonIds: ['p'] },
];
const draft = (change: Partial<ActionDraft>): ActionDraft => ({
  kind: 'issue',
  product: gloves.id,
  from: 'loc-v3',
  to: 'loc-v2',
  quantity: '3',
  when: '2026-11-29T07:30',
  job: '',
  site: '',
  reason: 'unused',
  note: '',
  ...change,
});
const photo = { sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 10 };

describe('the app turns each form into the command the engine records, and says it in words first', () => {
  it('an issue carries the job and "when did this happen" as its claimed time', () => {
    const d = draft({ job: 'JOB-1' });
    expect(buildCommand(d, gloves)).toEqual({
      type: 'IssueProduct',
      product: gloves.id,
      quantity: { value: 3, unit: 'each' },
      fromLocation: 'loc-v3',
      toLocation: null,
      jobReference: 'JOB-1',
      claimedOccurredAt: new Date('2026-11-29T07:30').toISOString(),
    });
    expect(describeAction(d, gloves, places)).toBe('issue 3 each of Nitrile Gloves from Truck 3 to job JOB-1');
  });

  it('a damaged return and a count carry their photo; a transfer and a request carry none', () => {
    expect(buildCommand(draft({ kind: 'return', reason: 'damaged' }), gloves, [photo])).toMatchObject({
      type: 'ReturnProduct',
      toLocation: 'loc-v2',
      reason: 'damaged',
      attachments: [photo],
    });
    expect(buildCommand(draft({ kind: 'count', quantity: '0' }), gloves, [photo])).toMatchObject({
      type: 'CountInventory',
      location: 'loc-v3',
      quantity: { value: 0, unit: 'each' },
      attachments: [photo],
    });
    expect(buildCommand(draft({ kind: 'transfer' }), gloves)).toMatchObject({
      type: 'TransferProduct',
      fromLocation: 'loc-v3',
      toLocation: 'loc-v2',
    });
    const request = buildCommand(draft({ kind: 'request', note: 'for Monday' }), gloves, undefined, () => 'req-1');
    expect(request).toEqual({
      type: 'CreateRequest',
      requestId: 'req-1',
      product: gloves.id,
      quantity: { value: 3, unit: 'each' },
      toLocation: 'loc-v2',
      note: 'for Monday',
    });
    expect(describeAction(draft({ kind: 'transfer' }), gloves, places)).toBe(
      'transfer 3 each of Nitrile Gloves from Truck 3 to Truck 2',
    );
  });
});
