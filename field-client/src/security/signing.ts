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
import { type DeviceKeys, signBytes } from './device-keys';

/** Spec "Event Tampering Prevention": Ed25519 over the domain's canonical payload, as UTF-8. */
export async function signEvent(event: InventoryEvent, keys: DeviceKeys): Promise<SignedEvent> {
  const signature = await signBytes(keys, utf8Bytes(canonicalSigningPayload(event)));
  return { ...event, signature, signedFields: [...CANONICAL_SIGNED_FIELDS], devicePublicKey: keys.publicKeyBase64 };
}

/**
 * A fresh handshake for every (re)connect: the gateway's single-use challenge as nonce (its
 * freshness is the server's business), and the device's own time, which the gateway only reports
 * back as the clock offset.
 */
export async function signAuthChallenge(
  deviceId: DeviceId,
  keys: DeviceKeys,
  now: () => Date,
  serverChallenge: string,
): Promise<DeviceAuth> {
  const challenge = { deviceId, timestamp: now().toISOString(), nonce: serverChallenge };
  return { ...challenge, signature: await signBytes(keys, utf8Bytes(authChallengePayload(challenge))) };
}
