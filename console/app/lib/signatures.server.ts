/**
 * Ed25519 signature check of a logged device event, as the gateway checked it at upload: the
 * domain's signingPayloadOf(event) (the rule its signatureVersion names, so events of both rules
 * verify) against the public key the DEVICE REGISTERED
 * (a payload's own devicePublicKey proves nothing: anyone can sign with a key they made).
 * Server events (receipts, request decisions, resolutions) carry no device signature.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { signingPayloadOf, utf8Bytes, type InventoryEvent } from '@pco/domain';

export type SignatureVerdict = 'valid' | 'invalid' | 'server-event' | 'missing' | 'key-mismatch';

/** SPKI DER prefix of an Ed25519 public key; the 32 raw key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map<string, KeyObject>();

function keyOf(rawBase64: string): KeyObject {
  let key = keys.get(rawBase64);
  if (!key) {
    key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(rawBase64, 'base64')]),
      format: 'der',
      type: 'spki',
    });
    keys.set(rawBase64, key);
  }
  return key;
}

export function verifyLoggedSignature(entry: {
  deviceId: string | null;
  registeredPublicKey: string | null;
  payload: InventoryEvent & { signature?: string; devicePublicKey?: string };
}): SignatureVerdict {
  if (entry.deviceId === null) return 'server-event';
  const { signature, devicePublicKey } = entry.payload;
  if (!signature || !entry.registeredPublicKey) return 'missing';
  if (devicePublicKey && devicePublicKey !== entry.registeredPublicKey) return 'key-mismatch';
  try {
    const ok = verify(
      null,
      utf8Bytes(signingPayloadOf(entry.payload)),
      keyOf(entry.registeredPublicKey),
      Buffer.from(signature, 'base64'),
    );
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

export const SIGNATURE_LABELS: Record<SignatureVerdict, string> = {
  valid: 'valid',
  invalid: 'INVALID',
  'server-event': 'server event (not signed)',
  missing: 'no signature stored',
  'key-mismatch': 'signed with another key',
};
