import {
  CANONICAL_SIGNED_FIELDS,
  authChallengePayload,
  canonicalSigningPayload,
  utf8Bytes,
  type DeviceAuth,
  type DeviceId,
  type InventoryEvent,
  type SignedEvent,
} from '@pco/domain';
import { randomBase64 } from './base64';
import { type DeviceKeys, signBytes } from './device-keys';

/** Spec "Event Tampering Prevention": Ed25519 over the domain's canonical payload, as UTF-8. */
export async function signEvent(event: InventoryEvent, keys: DeviceKeys): Promise<SignedEvent> {
  const signature = await signBytes(keys, utf8Bytes(canonicalSigningPayload(event)));
  return { ...event, signature, signedFields: [...CANONICAL_SIGNED_FIELDS], devicePublicKey: keys.publicKeyBase64 };
}

/** A fresh handshake for every (re)connect: new timestamp, new random nonce (single use at the gateway). */
export async function signAuthChallenge(deviceId: DeviceId, keys: DeviceKeys, now: () => Date): Promise<DeviceAuth> {
  const challenge = { deviceId, timestamp: now().toISOString(), nonce: randomBase64(16) };
  return { ...challenge, signature: await signBytes(keys, utf8Bytes(authChallengePayload(challenge))) };
}
