/**
 * Device-side crypto for tests, scenarios and benchmarks: key pairs, signed events, signed
 * handshakes. Uses node:crypto the way a device uses WebCrypto (raw 32-byte keys, base64).
 */
import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import {
  authChallengePayload,
  canonicalSigningPayload,
  CANONICAL_SIGNED_FIELDS,
  type DeviceAuth,
  type InventoryEvent,
  type SignedEvent,
} from '@pco/domain';

export interface DeviceKeys {
  privateKey: KeyObject;
  /** Base64 raw 32-byte public key, as registered. */
  publicKey: string;
}

const base64urlToBase64 = (value: string): string => Buffer.from(value, 'base64url').toString('base64');

export function generateDeviceKeys(): DeviceKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: base64urlToBase64(publicKey.export({ format: 'jwk' }).x as string) };
}

/** Keys from a base64 raw 32-byte private seed (the form the demo device keys are stored in). */
export function deviceKeysFromSeed(seedBase64: string): DeviceKeys {
  const seed = Buffer.from(seedBase64, 'base64');
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: base64urlToBase64(privateKey.export({ format: 'jwk' }).x as string) };
}

export const signText = (text: string, privateKey: KeyObject): string =>
  sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');

export function signEvent(event: InventoryEvent, keys: DeviceKeys): SignedEvent {
  return {
    ...event,
    signature: signText(canonicalSigningPayload(event), keys.privateKey),
    signedFields: [...CANONICAL_SIGNED_FIELDS],
    devicePublicKey: keys.publicKey,
  } as SignedEvent;
}

export function signAuth(deviceId: string, keys: DeviceKeys, at: Date = new Date(), nonce: string = randomUUID()): DeviceAuth {
  const challenge = { deviceId, timestamp: at.toISOString(), nonce };
  return { ...challenge, signature: signText(authChallengePayload(challenge), keys.privateKey) };
}
