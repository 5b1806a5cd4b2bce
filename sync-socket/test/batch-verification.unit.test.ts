import type { SignedEvent } from '@pco/domain';
import { createInThreadVerifier, type SignatureCheck, type SignatureVerifier } from '../src/crypto/signature-verifier';
import { verifyBatch } from '../src/sync/batch-verification';
import { DeviceEvents } from './helpers/device-events';
import { generateDeviceKeys } from './helpers/signing';

/** Counts the Ed25519 verifications actually made. */
function countingVerifier(): SignatureVerifier & { count: number } {
  const inner = createInThreadVerifier();
  const counting = {
    count: 0,
    verifyAll: async (checks: readonly SignatureCheck[]) => {
      counting.count += checks.length;
      return inner.verifyAll(checks);
    },
    close: async () => undefined,
  };
  return counting;
}

describe('verifyBatch: one signature per linked run', () => {
  const keys = generateDeviceKeys();
  const spec = {
    eventType: 'ProductReturned' as const,
    product: 'p',
    quantity: { value: 1, unit: 'each' as const },
    toLocation: 'l',
    data: { reason: 'x' },
  };
  const batchOf = (n: number, version: 1 | 2 = 2): SignedEvent[] => {
    const events = new DeviceEvents('dev-1', keys, 'person', () => new Date('2026-11-29T08:00:00Z'), 1, {
      signatureVersion: version,
    });
    return Array.from({ length: n }, () => events.next(spec));
  };

  test('Given 200 chained events, Then one verification attests all of them', async () => {
    const verifier = countingVerifier();
    const verdicts = await verifyBatch(batchOf(200), 'dev-1', keys.publicKey, verifier);
    expect(verifier.count).toBe(1);
    expect(verdicts.signatureValid.every(Boolean)).toBe(true);
    expect(verdicts.broken).toBeNull();
  });

  test('Given events under the old rule, Then each is verified on its own', async () => {
    const verifier = countingVerifier();
    const verdicts = await verifyBatch(batchOf(10, 1), 'dev-1', keys.publicKey, verifier);
    expect(verifier.count).toBe(10);
    expect(verdicts.signatureValid.every(Boolean)).toBe(true);
  });

  test('Given the last signature is bad, Then each event of the run is verified and only the bad one is invalid', async () => {
    const batch = batchOf(5);
    batch[4] = { ...batch[4], signature: batch[3].signature };
    const verifier = countingVerifier();
    const verdicts = await verifyBatch(batch, 'dev-1', keys.publicKey, verifier);
    expect(verdicts.signatureValid).toEqual([true, true, true, true, false]);
    expect(verifier.count).toBe(6);
  });

  test('Given an event naming another key, Then it is invalid even inside a valid run', async () => {
    const batch = batchOf(3);
    batch[1] = { ...batch[1], devicePublicKey: generateDeviceKeys().publicKey };
    const verdicts = await verifyBatch(batch, 'dev-1', keys.publicKey, countingVerifier());
    expect(verdicts.signatureValid).toEqual([true, false, true]);
  });
});
