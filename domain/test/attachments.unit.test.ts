import { ATTACHMENT_LIMITS, checkAttachments } from '../src/attachments';
import { canonicalSigningPayload } from '../src/signing';
import { checkData } from '../src/validation-data';
import type { InventoryCounted } from '../src/types';
import { offline } from './fixtures';

const photo = { sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 123_456 };

describe('photo attachments on events', () => {
  const count: InventoryCounted = {
    eventId: 'evt-1',
    eventType: 'InventoryCounted',
    product: 'prod-bait',
    quantity: { value: 38, unit: 'fl_oz' },
    fromLocation: null,
    toLocation: 'loc-van-1',
    performedBy: 'p-tech',
    occurredAt: '2026-01-10T08:00:00.000Z',
    offlineContext: offline(7),
    data: {},
  };

  test('Given a count without photo, Then the signed payload is the eight fields alone (older signatures still verify)', () => {
    expect(canonicalSigningPayload(count)).toBe(
      'InventoryCounted|prod-bait|38 fl_oz||loc-van-1|p-tech|2026-01-10T08:00:00.000Z|7',
    );
  });

  test('Given a count with a photo, Then its SHA-256 is bound into the signed payload, so another photo breaks the signature', () => {
    const withPhoto = { ...count, data: { attachments: [photo] } };
    expect(canonicalSigningPayload(withPhoto)).toBe(
      `InventoryCounted|prod-bait|38 fl_oz||loc-van-1|p-tech|2026-01-10T08:00:00.000Z|7|att:${'a'.repeat(64)}`,
    );
    const swapped = { ...count, data: { attachments: [{ ...photo, sha256: 'b'.repeat(64) }] } };
    expect(canonicalSigningPayload(swapped)).not.toBe(canonicalSigningPayload(withPhoto));
  });

  test('attachments are accepted on counts, adjustments and returns, and refused elsewhere', () => {
    expect(checkData('InventoryCounted', { attachments: [photo] })).toBeNull();
    expect(checkData('ProductReturned', { reason: 'damaged', attachments: [photo] })).toBeNull();
    expect(checkData('InventoryAdjusted', { reason: 'broken', attachments: [photo] })).toBeNull();
    expect(checkData('ProductIssued', { attachments: [photo] })).toMatch(/unknown field/);
  });

  test.each([
    [[], /1 to 3 attachments/],
    [[photo, photo, photo, photo], /1 to 3 attachments/],
    [[{ ...photo, sha256: 'XYZ' }], /64 lowercase hex/],
    [[{ ...photo, contentType: 'application/pdf' }], /contentType must be one of/],
    [[{ ...photo, size: ATTACHMENT_LIMITS.maxBytes + 1 }], /size must be 1 to 5242880 bytes/],
    [[{ ...photo, url: 'http://x' }], /must be \{ sha256, contentType, size \}/],
  ])('Given attachments %j, Then validation names the problem', (value, problem) => {
    expect(checkAttachments(value, 'data.attachments')).toMatch(problem);
  });
});
