import { canonicalSigningPayload, chainStartInput, signedFieldsOf, signingPayloadOf } from '../src/signing';
import { validateSignedEventShape } from '../src/validation-signed';
import type { ProductIssued } from '../src/types';
import { offline } from './fixtures';

const HASH = 'a'.repeat(64);
const SIG = Buffer.alloc(64, 1).toString('base64');
const KEY = Buffer.alloc(32, 2).toString('base64');

describe('signature version 2: the whole event is signed', () => {
  const v1: ProductIssued = {
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
  const v2: ProductIssued = { ...v1, signatureVersion: 2, offlineContext: { ...offline(7), previousEventHash: HASH } };

  test('Given no signatureVersion, Then signingPayloadOf is the old pipe-joined rule', () => {
    expect(signingPayloadOf(v1)).toBe(canonicalSigningPayload(v1));
    expect(signedFieldsOf(v1)).toContain('offlineContext.sequenceNumber');
  });

  test.each([
    ['data', { data: { jobReference: 'JOB-2' } }],
    ['eventId', { eventId: 'evt-2' }],
    [
      'device timestamp',
      { offlineContext: { ...offline(7), previousEventHash: HASH, deviceTimestamp: '2026-01-10T09:00:00.000Z' } },
    ],
    ['device id', { offlineContext: { ...offline(7), previousEventHash: HASH, deviceId: 'other-device' } }],
    ['chain link', { offlineContext: { ...offline(7), previousEventHash: 'b'.repeat(64) } }],
    ['an attachments field a later version adds', { attachments: [{ sha256: HASH }] }],
  ])('Given version 2, When %s changes, Then the signed bytes change', (_name, patch) => {
    expect(signingPayloadOf({ ...v2, ...patch } as ProductIssued)).not.toBe(signingPayloadOf(v2));
  });

  test('Given version 2, Then the envelope and the retry-time sync fields are not signed', () => {
    const envelope = { ...v2, signature: SIG, signedFields: ['*'], devicePublicKey: KEY };
    const retried = {
      ...v2,
      offlineContext: { ...v2.offlineContext!, syncStatus: 'failed' as const, syncedAt: '2026-01-11T00:00:00.000Z' },
    };
    expect(signingPayloadOf(envelope as ProductIssued)).toBe(signingPayloadOf(v2));
    expect(signingPayloadOf(retried)).toBe(signingPayloadOf(v2));
  });

  test('a chain start is bound to the device and the sequence number', () => {
    expect(chainStartInput('dev-1', 1)).not.toBe(chainStartInput('dev-1', 2));
    expect(chainStartInput('dev-1', 1)).not.toBe(chainStartInput('dev-2', 1));
  });

  test('validation keeps signatureVersion and previousEventHash, and asks for them together', () => {
    const signed = validateSignedEventShape({ ...v2, signature: SIG, signedFields: ['*'], devicePublicKey: KEY });
    expect(signed.ok && signed.value.signatureVersion === 2 && signed.value.offlineContext?.previousEventHash).toBe(
      HASH,
    );
    expect(
      validateSignedEventShape({
        ...v2,
        offlineContext: offline(7),
        signature: SIG,
        signedFields: ['*'],
        devicePublicKey: KEY,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(
      validateSignedEventShape({ ...v2, signature: SIG, signedFields: signedFieldsOf(v1), devicePublicKey: KEY }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(
      validateSignedEventShape({
        ...v2,
        signatureVersion: 3,
        signature: SIG,
        signedFields: ['*'],
        devicePublicKey: KEY,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(
      validateSignedEventShape({
        ...v2,
        offlineContext: { ...offline(7), previousEventHash: 'XYZ' },
        signature: SIG,
        signedFields: ['*'],
        devicePublicKey: KEY,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
  });
});
