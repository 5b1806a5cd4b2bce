/** Shape check of a SignedEvent (spec "Event Tampering Prevention"), before any crypto. */
import { CANONICAL_SIGNED_FIELDS } from './signing';
import { type Result, type SignedEvent, err, ok } from './types';
import { validateEventShape } from './validation';
import { checkBase64, isPlainObject } from './validation-kit';

const ED25519_SIGNATURE_BYTES = 64;
const ED25519_PUBLIC_KEY_BYTES = 32;

const hasCanonicalSignedFields = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length === CANONICAL_SIGNED_FIELDS.length &&
  value.every((field, index) => field === CANONICAL_SIGNED_FIELDS[index]);

/**
 * A SignedEvent must: be a valid event, carry an offlineContext (only devices sign), list exactly
 * the canonical signed fields in order, and carry base64 Ed25519 signature and public key.
 */
export function validateSignedEventShape(input: unknown): Result<SignedEvent> {
  if (!isPlainObject(input)) return err('VALIDATION_ERROR', 'signed event must be an object');
  const { signature, signedFields, devicePublicKey, ...rest } = input;
  const event = validateEventShape(rest);
  if (!event.ok) return event;
  if (event.value.offlineContext === undefined) return err('VALIDATION_ERROR', 'a signed event must carry offlineContext');
  if (!hasCanonicalSignedFields(signedFields)) {
    return err('VALIDATION_ERROR', `signedFields must be exactly [${CANONICAL_SIGNED_FIELDS.join(', ')}]`);
  }
  const problem =
    checkBase64(signature, 'signature', ED25519_SIGNATURE_BYTES) ??
    checkBase64(devicePublicKey, 'devicePublicKey', ED25519_PUBLIC_KEY_BYTES);
  if (problem) return err('VALIDATION_ERROR', problem);
  return ok({
    ...event.value,
    signature: signature as string,
    signedFields: [...CANONICAL_SIGNED_FIELDS],
    devicePublicKey: devicePublicKey as string,
  });
}
