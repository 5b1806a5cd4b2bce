import { canonicalEventContent, validateSequence } from '../src/sequence';
import type { ProductIssued, SignedEvent } from '../src/types';
import { each, event, offline, vehicle } from './fixtures';

const verdict = (
  lastAcceptedSeq: number,
  incomingSeq: number,
  existing?: { contentHash: string; result: string },
  incomingContentHash = 'h-new',
) => validateSequence({ lastAcceptedSeq, incomingSeq, existing, incomingContentHash });

describe('sequence validation per device', () => {
  test('Given nothing accepted, When 1..N arrive in order, Then each is the next one', () => {
    for (let seq = 1; seq <= 5; seq++) expect(verdict(seq - 1, seq)).toEqual({ ok: true, value: { kind: 'next' } });
  });

  test('Given 3 accepted, When 5 arrives, Then SEQUENCE_GAP naming the expected number', () => {
    const r = verdict(3, 5);
    expect(!r.ok && r.error).toEqual({ code: 'SEQUENCE_GAP', message: 'Expected sequence 4, got 5' });
  });

  test('Given 3 accepted, When 2 arrives with nothing recorded under it, Then DUPLICATE_OR_REPLAY', () => {
    const r = verdict(3, 2);
    expect(!r.ok && r.error.code).toBe('DUPLICATE_OR_REPLAY');
  });

  test('Given 3 accepted, When 3 is resent with identical content (lost ack), Then the original result comes back', () => {
    const r = verdict(3, 3, { contentHash: 'h-same', result: 'accepted at position 42' }, 'h-same');
    expect(r).toEqual({ ok: true, value: { kind: 'replay-identical', result: 'accepted at position 42' } });
  });

  test('Given 3 accepted, When 3 is resent with different content, Then DUPLICATE_OR_REPLAY', () => {
    const r = verdict(3, 3, { contentHash: 'h-old', result: 'accepted' }, 'h-new');
    expect(!r.ok && r.error.code).toBe('DUPLICATE_OR_REPLAY');
  });

  test.each([0, -1, 1.5, NaN])('sequence %p is a VALIDATION_ERROR', (seq) => {
    const r = verdict(0, seq);
    expect(!r.ok && r.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('canonicalEventContent', () => {
  const base = () =>
    event<ProductIssued>({
      eventId: 'e1',
      eventType: 'ProductIssued',
      product: 'p',
      quantity: each(2),
      fromLocation: vehicle.id,
      toLocation: null,
      offlineContext: offline(3),
    });

  test('is independent of key order, syncStatus, syncedAt and the signature envelope', () => {
    const a = base();
    const reordered = {
      ...Object.fromEntries(Object.entries(a).reverse()),
      quantity: { unit: 'each', value: 2 },
    } as ProductIssued;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(a)[0]);
    const retried = {
      ...a,
      offlineContext: { ...a.offlineContext!, syncStatus: 'failed' as const, syncedAt: '2026-01-11T00:00:00.000Z' },
    };
    const signed: SignedEvent = { ...a, signature: 'sig', signedFields: [], devicePublicKey: 'key' };
    expect(canonicalEventContent(reordered)).toBe(canonicalEventContent(a));
    expect(canonicalEventContent(retried)).toBe(canonicalEventContent(a));
    expect(canonicalEventContent(signed)).toBe(canonicalEventContent(a));
  });

  test('changes when what the event says changes', () => {
    const a = base();
    expect(canonicalEventContent({ ...a, quantity: each(3) })).not.toBe(canonicalEventContent(a));
    expect(
      canonicalEventContent({
        ...a,
        offlineContext: { ...a.offlineContext!, deviceTimestamp: '2026-01-10T09:00:00.000Z' },
      }),
    ).not.toBe(canonicalEventContent(a));
  });
});
