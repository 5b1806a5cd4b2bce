import { createPublicKey, verify } from 'node:crypto';
import { authChallengePayload, canonicalSigningPayload } from '@pco/domain';
import { loadOrCreateDeviceKeys } from '../src/security/device-keys';
import { signAuthChallenge, signEvent } from '../src/security/signing';
import { STORAGE_KEYS } from '../src/storage/key-value-storage';
import { freshStorage, issueEvent } from './helpers';

/** Raw 32-byte Ed25519 key → SPKI DER (fixed 12-byte prefix), the form node:crypto verifies with. */
const publicKeyFromRawBase64 = (raw: string) =>
  createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(raw, 'base64')]),
    format: 'der',
    type: 'spki',
  });

describe('device keys and signatures (WebCrypto Ed25519, verified by node:crypto)', () => {
  it('signs the canonical payload so that node:crypto verifies it with the raw public key', async () => {
    const keys = await loadOrCreateDeviceKeys(freshStorage());
    const signed = await signEvent(issueEvent(1), keys);
    const payload = Buffer.from(canonicalSigningPayload(signed), 'utf8');
    expect(
      verify(null, payload, publicKeyFromRawBase64(signed.devicePublicKey), Buffer.from(signed.signature, 'base64')),
    ).toBe(true);
    expect(signed.signedFields).toContain('offlineContext.sequenceNumber');
  });

  it('fails verification when a signed field is changed', async () => {
    const keys = await loadOrCreateDeviceKeys(freshStorage());
    const signed = await signEvent(issueEvent(1), keys);
    const tampered = { ...signed, quantity: { value: 200, unit: 'each' as const } };
    expect(
      verify(
        null,
        Buffer.from(canonicalSigningPayload(tampered)),
        publicKeyFromRawBase64(signed.devicePublicKey),
        Buffer.from(signed.signature, 'base64'),
      ),
    ).toBe(false);
  });

  it('keeps a non-extractable private key and reloads the same pair after a restart', async () => {
    const storage = freshStorage();
    const first = await loadOrCreateDeviceKeys(storage);
    expect(first.privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('pkcs8', first.privateKey)).rejects.toThrow();
    const again = await loadOrCreateDeviceKeys(storage);
    expect(again.publicKeyBase64).toBe(first.publicKeyBase64);
    expect(Buffer.from(first.publicKeyBase64, 'base64')).toHaveLength(32);
    const signed = await signEvent(issueEvent(2), again);
    expect(
      verify(
        null,
        Buffer.from(canonicalSigningPayload(signed)),
        publicKeyFromRawBase64(first.publicKeyBase64),
        Buffer.from(signed.signature, 'base64'),
      ),
    ).toBe(true);
    expect(await storage.getItem(STORAGE_KEYS.deviceKeys)).not.toBeNull();
  });

  it('signs the server challenge as nonce, with its own clock as information', async () => {
    const keys = await loadOrCreateDeviceKeys(freshStorage());
    const now = () => new Date('2026-11-26T08:00:00.000Z');
    const a = await signAuthChallenge('device-1', keys, now, 'c1.server-challenge');
    expect(a).toMatchObject({
      deviceId: 'device-1',
      nonce: 'c1.server-challenge',
      timestamp: '2026-11-26T08:00:00.000Z',
    });
    expect(
      verify(
        null,
        Buffer.from(authChallengePayload(a)),
        publicKeyFromRawBase64(keys.publicKeyBase64),
        Buffer.from(a.signature, 'base64'),
      ),
    ).toBe(true);
  });
});
