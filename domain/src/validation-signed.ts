/** Shape check of a SignedEvent (spec "Event Tampering Prevention"), before any crypto. */
import { CANONICAL_SIGNED_FIELDS } from './signing';
import { type Result, type SignedEvent, err, ok } from './types';
import { EVENT_FIELDS, validateEventFields } from './validation';
import { checkBase64, isPlainObject } from './validation-kit';

const ED25519_SIGNATURE_BYTES = 64;
const ED25519_PUBLIC_KEY_BYTES = 32;
const ENVELOPE_FIELDS = ['signature', 'signedFields', 'devicePublicKey'] as const;
/** The event's fields plus the envelope: an object rest (`...rest`) without them is slow in V8. */
const SIGNED_EVENT_FIELDS: readonly string[] = [...EVENT_FIELDS, ...ENVELOPE_FIELDS];

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
  const { signature, signedFields, devicePublicKey } = input;
  const event = validateEventFields(input, SIGNED_EVENT_FIELDS);
  if (!event.ok) return event;
  if (event.value.offlineContext === undefined)
    return err('VALIDATION_ERROR', 'a signed event must carry offlineContext');
  if (!hasCanonicalSignedFields(signedFields)) {
    return err('VALIDATION_ERROR', `signedFields must be exactly [${CANONICAL_SIGNED_FIELDS.join(', ')}]`);
  }
  const problem =
    checkBase64(signature, 'signature', ED25519_SIGNATURE_BYTES) ??
    checkBase64(devicePublicKey, 'devicePublicKey', ED25519_PUBLIC_KEY_BYTES);
  if (problem) return err('VALIDATION_ERROR', problem);
  // event.value is a fresh object: complete it in place rather than copy it once more.
  const signed = event.value as SignedEvent;
  signed.signature = signature as string;
  signed.signedFields = [...CANONICAL_SIGNED_FIELDS];
  signed.devicePublicKey = devicePublicKey as string;
  return ok(signed);
}
