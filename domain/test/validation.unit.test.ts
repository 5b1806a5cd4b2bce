import { validateEventShape } from '../src/validation';
import { validateSignedEventShape } from '../src/validation-signed';
import { CANONICAL_SIGNED_FIELDS } from '../src/signing';
import { T0, offline } from './fixtures';

const validIssue = () => ({
  eventId: 'evt-1',
  eventType: 'ProductIssued',
  product: 'prod-bait',
  quantity: { value: 3, unit: 'each' },
  fromLocation: 'loc-van-1',
  toLocation: null,
  performedBy: 'p-tech',
  occurredAt: T0,
  data: { jobReference: 'JOB-9' },
});
const codeOf = (input: unknown) => {
  const r = validateEventShape(input);
  return r.ok ? 'OK' : r.error.code;
};
const with_ = (patch: Record<string, unknown>) => ({ ...validIssue(), ...patch });

describe('validateEventShape: untrusted JSON to InventoryEvent', () => {
  test('Given a well-formed issue, Then it is accepted as a fresh object without extra references', () => {
    const input = validIssue();
    const r = validateEventShape(input);
    expect(r.ok && r.value).toEqual(input);
    expect(r.ok && r.value).not.toBe(input);
  });

  test.each([
    ['not an object', 'x'],
    ['array', []],
    ['null', null],
  ])('refuses %s with VALIDATION_ERROR', (_name, input) => expect(codeOf(input)).toBe('VALIDATION_ERROR'));

  test.each([
    ['unknown eventType', { eventType: 'ProductStolen' }],
    ['unknown top-level field', { extra: 1 }],
    ['unknown data field', { data: { jobReference: 'x', sneaky: true } }],
    ['id too long', { product: 'p'.repeat(101) }],
    ['id with |', { product: 'a|b' }],
    ['id with whitespace', { performedBy: 'p tech' }],
    ['empty id', { eventId: '' }],
    ['number as id', { product: 7 }],
    ['text over 500 chars', { data: { jobReference: 'j'.repeat(501) } }],
    // PostgreSQL jsonb refuses these; accepted, they would fail the device's batch on every retry.
    ['text with a NUL character', { data: { jobReference: 'JOB\u00009' } }],
    ['text with an unpaired surrogate', { data: { jobReference: 'JOB\ud8009' } }],
    ['non-ISO timestamp', { occurredAt: '10/01/2026' }],
    ['impossible date', { occurredAt: '2026-02-30T08:00:00.000Z' }],
    ['timestamp without Z', { occurredAt: '2026-01-10T08:00:00.000' }],
    ['unknown unit', { quantity: { value: 1, unit: 'bushel' } }],
    ['issue without fromLocation', { fromLocation: null }],
    ['quantity field extra', { quantity: { value: 1, unit: 'each', note: 'x' } }],
  ])('refuses %s with VALIDATION_ERROR', (_name, patch) => expect(codeOf(with_(patch))).toBe('VALIDATION_ERROR'));

  test.each([
    ['zero', 0],
    ['negative', -1],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['string', '3'],
    ['huge', 1e12],
  ])('refuses a %s quantity with INVALID_QUANTITY', (_name, value) =>
    expect(codeOf(with_({ quantity: { value, unit: 'each' } }))).toBe('INVALID_QUANTITY'),
  );

  test('text with paired surrogates (emoji) and accents is accepted', () =>
    expect(codeOf(with_({ data: { jobReference: 'Café 🐜 job' } }))).toBe('OK'));

  test('InventoryCounted allows 0 but not negative', () => {
    const count = (value: number) =>
      with_({
        eventType: 'InventoryCounted',
        fromLocation: null,
        toLocation: 'loc-van-1',
        data: {},
        quantity: { value, unit: 'each' },
      });
    expect(codeOf(count(0))).toBe('OK');
    expect(codeOf(count(-1))).toBe('INVALID_QUANTITY');
  });

  test('InventoryAdjusted needs quantity > 0 and exactly one location', () => {
    const adjust = (p: Record<string, unknown>) =>
      with_({ eventType: 'InventoryAdjusted', data: { reason: 'damaged' }, ...p });
    expect(codeOf(adjust({ fromLocation: 'loc-van-1', toLocation: null }))).toBe('OK');
    expect(codeOf(adjust({ fromLocation: 'loc-van-1', toLocation: null, quantity: { value: 0, unit: 'each' } }))).toBe(
      'INVALID_QUANTITY',
    );
    expect(codeOf(adjust({ fromLocation: 'loc-van-1', toLocation: 'loc-van-2' }))).toBe('VALIDATION_ERROR');
    expect(codeOf(adjust({ fromLocation: null, toLocation: null }))).toBe('VALIDATION_ERROR');
    expect(codeOf(adjust({ fromLocation: 'loc-van-1', toLocation: null, data: {} }))).toBe('VALIDATION_ERROR');
  });

  test('data per type: ProductReceived needs a supplier; requests need a requestId; transfer to itself refused', () => {
    expect(
      codeOf(with_({ eventType: 'ProductReceived', fromLocation: null, toLocation: 'loc-warehouse', data: {} })),
    ).toBe('VALIDATION_ERROR');
    expect(
      codeOf(
        with_({
          eventType: 'ProductReceived',
          fromLocation: null,
          toLocation: 'loc-warehouse',
          data: { supplier: 'Acme' },
        }),
      ),
    ).toBe('OK');
    expect(codeOf(with_({ eventType: 'RequestApproved', data: {} }))).toBe('VALIDATION_ERROR');
    expect(codeOf(with_({ eventType: 'RequestApproved', data: { requestId: 'r1' } }))).toBe('OK');
    expect(codeOf(with_({ eventType: 'ProductTransferred', toLocation: 'loc-van-1', data: {} }))).toBe(
      'VALIDATION_ERROR',
    );
    expect(codeOf(with_({ eventType: 'ProductTransferred', toLocation: 'loc-van-2', data: { requestId: 'r1' } }))).toBe(
      'OK',
    );
    expect(
      codeOf(
        with_({ eventType: 'ConflictCompensated', data: { conflictId: 'c', compensatesEventId: 'e', reason: 'r' } }),
      ),
    ).toBe('OK');
    expect(
      codeOf(with_({ eventType: 'ConflictResolutionApplied', data: { conflictId: 'c', originalEventId: 'e' } })),
    ).toBe('VALIDATION_ERROR');
    expect(
      codeOf(with_({ eventType: 'DisputeOpened', data: { disputeId: 'd', reason: 'lost', deviceId: 'dev-1' } })),
    ).toBe('OK');
  });

  test('offlineContext: valid one kept; positive integer sequence; occurredAt equals claimedOccurredAt', () => {
    expect(codeOf(with_({ offlineContext: offline(1) }))).toBe('OK');
    expect(codeOf(with_({ offlineContext: offline(1, { lastKnownServerStateHash: '' }) }))).toBe('OK');
    expect(codeOf(with_({ offlineContext: offline(0) }))).toBe('VALIDATION_ERROR');
    expect(codeOf(with_({ offlineContext: offline(1.5) }))).toBe('VALIDATION_ERROR');
    expect(codeOf(with_({ offlineContext: { ...offline(1), syncStatus: 'lost' } }))).toBe('VALIDATION_ERROR');
    expect(codeOf(with_({ offlineContext: offline(1, { claimedOccurredAt: '2026-01-09T08:00:00.000Z' }) }))).toBe(
      'VALIDATION_ERROR',
    );
  });
});

describe('validateSignedEventShape', () => {
  const sig = 'A'.repeat(86) + '==';
  const key = 'B'.repeat(43) + '=';
  const signed = (patch: Record<string, unknown> = {}) => ({
    ...validIssue(),
    offlineContext: offline(1),
    signature: sig,
    signedFields: [...CANONICAL_SIGNED_FIELDS],
    devicePublicKey: key,
    ...patch,
  });
  const signedCode = (input: unknown) => {
    const r = validateSignedEventShape(input);
    return r.ok ? 'OK' : r.error.code;
  };

  test('Given a well-formed signed event, Then it is accepted', () => expect(signedCode(signed())).toBe('OK'));
  test.each([
    ['no offlineContext', { offlineContext: undefined }],
    ['signedFields reordered', { signedFields: [...CANONICAL_SIGNED_FIELDS].reverse() }],
    ['signedFields missing one', { signedFields: CANONICAL_SIGNED_FIELDS.slice(1) }],
    ['signature not base64', { signature: '!'.repeat(88) }],
    ['signature wrong length', { signature: 'AAAA' }],
    ['public key wrong length', { devicePublicKey: sig }],
  ])('refuses %s with VALIDATION_ERROR', (_name, patch) => {
    const input: Record<string, unknown> = signed(patch);
    if (input.offlineContext === undefined) delete input.offlineContext;
    expect(signedCode(input)).toBe('VALIDATION_ERROR');
  });
  test('a bad quantity inside a signed event is still INVALID_QUANTITY', () =>
    expect(signedCode(signed({ quantity: { value: -2, unit: 'each' } }))).toBe('INVALID_QUANTITY'));
});
