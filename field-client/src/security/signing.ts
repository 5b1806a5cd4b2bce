import {
  CURRENT_SIGNATURE_VERSION,
  authChallengePayload,
  signedFieldsOf,
  signingPayloadOf,
  utf8Bytes,
  type DeviceAuth,
  type DeviceId,
  type InventoryEvent,
  type SignedEvent,
} from '@pco/domain';
import { type DeviceKeys, signBytes } from './device-keys';

/**
 * Spec "Event Tampering Prevention": Ed25519 over the domain's signing payload, as UTF-8, under
 * the current signature version (2: the whole event, which must carry offlineContext.previousEventHash).
 */
export async function signEvent(event: InventoryEvent, keys: DeviceKeys): Promise<SignedEvent> {
  const versioned = { ...event, signatureVersion: CURRENT_SIGNATURE_VERSION } as InventoryEvent;
  const signature = await signBytes(keys, utf8Bytes(signingPayloadOf(versioned)));
  return {
    ...versioned,
    signature,
    signedFields: [...signedFieldsOf(versioned)],
    devicePublicKey: keys.publicKeyBase64,
  };
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
