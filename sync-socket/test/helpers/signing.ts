/**
 * Device-side crypto for tests, scenarios and benchmarks: key pairs, signed events, signed
 * handshakes bound to the socket connection or over a gateway's challenge. Uses node:crypto the way a device uses WebCrypto (raw 32-byte keys, base64).
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  AUTH_CHALLENGE_PATH,
  authChallengePayload,
  connectionNonce,
  type AuthChallengeResponse,
  type DeviceAuth,
  type InventoryEvent,
  type SignedEvent,
  signedFieldsOf,
  signingPayloadOf,
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

/** Signed by the rule the event's signatureVersion names (version 2 events must carry their link already). */
export function signEvent(event: InventoryEvent, keys: DeviceKeys): SignedEvent {
  return {
    ...event,
    signature: signText(signingPayloadOf(event), keys.privateKey),
    signedFields: [...signedFieldsOf(event)],
    devicePublicKey: keys.publicKey,
  } as SignedEvent;
}

/** The device's handshake over a server challenge; `at` is the device's clock (information only). */
export function signAuth(deviceId: string, keys: DeviceKeys, challenge: string, at: Date = new Date()): DeviceAuth {
  const signed = { deviceId, timestamp: at.toISOString(), nonce: challenge };
  return { ...signed, signature: signText(authChallengePayload(signed), keys.privateKey) };
}

/** The device's handshake bound to one socket connection (its id, known once the transport is open). */
export const signBoundAuth =
  (deviceId: string, keys: DeviceKeys, at: Date = new Date()) =>
  (connectionId: string): DeviceAuth =>
    signAuth(deviceId, keys, connectionNonce(connectionId), at);

/** GET /api/auth/challenge of a running gateway. */
export async function fetchChallenge(url: string, deviceId: string): Promise<AuthChallengeResponse> {
  const res = await fetch(`${url}${AUTH_CHALLENGE_PATH}?deviceId=${encodeURIComponent(deviceId)}`);
  if (res.status !== 200) throw new Error(`challenge refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as AuthChallengeResponse;
}

/** A fresh challenge from the gateway at `url`, signed: what a device sends for each handshake. */
export async function freshAuth(
  url: string,
  deviceId: string,
  keys: DeviceKeys,
  at: Date = new Date(),
): Promise<DeviceAuth> {
  return signAuth(deviceId, keys, (await fetchChallenge(url, deviceId)).challenge, at);
}
