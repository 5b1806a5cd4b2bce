import { CANONICAL_SIGNED_FIELDS, canonicalSigningPayload, utf8Bytes } from '../src/signing';
import type { ProductIssued } from '../src/types';
import { offline } from './fixtures';

describe('canonical signing payload', () => {
  const issue: ProductIssued = {
    eventId: 'evt-1',
    eventType: 'ProductIssued',
    product: 'prod-bait',
    quantity: { value: 2.5, unit: 'fl_oz' },
    fromLocation: 'loc-van-1',
    toLocation: null,
    performedBy: 'p-tech',
    occurredAt: '2026-01-10T08:00:00.000Z',
    offlineContext: offline(7),
    data: { jobReference: 'JOB-1' },
  };

  test('the signed fields are exactly the spec list, in order', () => {
    expect(CANONICAL_SIGNED_FIELDS).toEqual([
      'eventType',
      'product',
      'quantity',
      'fromLocation',
      'toLocation',
      'performedBy',
      'occurredAt',
      'offlineContext.sequenceNumber',
    ]);
  });

  test('Given a sample issue, Then the payload is the exact documented string', () => {
    expect(canonicalSigningPayload(issue)).toBe(
      'ProductIssued|prod-bait|2.5 fl_oz|loc-van-1||p-tech|2026-01-10T08:00:00.000Z|7',
    );
  });

  test('an online event (no offlineContext) renders the sequence as empty', () => {
    const { offlineContext: _omit, ...online } = issue;
    expect(canonicalSigningPayload(online as ProductIssued)).toBe(
      'ProductIssued|prod-bait|2.5 fl_oz|loc-van-1||p-tech|2026-01-10T08:00:00.000Z|',
    );
  });

  test('fields outside the list (data, eventId) do not change the payload; signed ones do', () => {
    expect(canonicalSigningPayload({ ...issue, eventId: 'other', data: {} })).toBe(canonicalSigningPayload(issue));
    expect(canonicalSigningPayload({ ...issue, quantity: { value: 25, unit: 'fl_oz' } })).not.toBe(
      canonicalSigningPayload(issue),
    );
  });

  test('utf8Bytes encodes UTF-8', () => {
    expect(Array.from(utf8Bytes('é|1'))).toEqual([0xc3, 0xa9, 0x7c, 0x31]);
  });
});
