/** Shape check of a SignedEvent (spec "Event Tampering Prevention"), before any crypto. */
import { signedFieldsOf } from './signing';
import { type Result, type SignedEvent, err, ok } from './types';
import { EVENT_FIELDS, validateEventFields } from './validation';
import { checkBase64, isPlainObject } from './validation-kit';

const ED25519_SIGNATURE_BYTES = 64;
const ED25519_PUBLIC_KEY_BYTES = 32;
const ENVELOPE_FIELDS = ['signature', 'signedFields', 'devicePublicKey'] as const;
/** The event's fields plus the envelope: an object rest (`...rest`) without them is slow in V8. */
const SIGNED_EVENT_FIELDS: readonly string[] = [...EVENT_FIELDS, ...ENVELOPE_FIELDS];

const hasSignedFields = (value: unknown, expected: readonly string[]): boolean =>
  Array.isArray(value) && value.length === expected.length && value.every((field, index) => field === expected[index]);

/**
 * A SignedEvent must: be a valid event, carry an offlineContext (only devices sign), list exactly
 * the signed fields of its signature version in order (version 1: the spec's list; version 2:
 * ['*'] and an offlineContext.previousEventHash), and carry base64 Ed25519 signature and public key.
 */
export function validateSignedEventShape(input: unknown): Result<SignedEvent> {
  if (!isPlainObject(input)) return err('VALIDATION_ERROR', 'signed event must be an object');
  const { signature, signedFields, devicePublicKey } = input;
  const event = validateEventFields(input, SIGNED_EVENT_FIELDS);
  if (!event.ok) return event;
  if (event.value.offlineContext === undefined)
    return err('VALIDATION_ERROR', 'a signed event must carry offlineContext');
  const expectedFields = signedFieldsOf(event.value);
  if (!hasSignedFields(signedFields, expectedFields)) {
    return err('VALIDATION_ERROR', `signedFields must be exactly [${expectedFields.join(', ')}]`);
  }
  if (event.value.signatureVersion === 2 && event.value.offlineContext.previousEventHash === undefined) {
    return err('VALIDATION_ERROR', 'a signatureVersion 2 event must carry offlineContext.previousEventHash');
  }
  if (event.value.signatureVersion === undefined && event.value.offlineContext.previousEventHash !== undefined) {
    return err('VALIDATION_ERROR', 'offlineContext.previousEventHash belongs to signatureVersion 2 events only');
  }
  const problem =
    checkBase64(signature, 'signature', ED25519_SIGNATURE_BYTES) ??
    checkBase64(devicePublicKey, 'devicePublicKey', ED25519_PUBLIC_KEY_BYTES);
  if (problem) return err('VALIDATION_ERROR', problem);
  // event.value is a fresh object: complete it in place rather than copy it once more.
  const signed = event.value as SignedEvent;
  signed.signature = signature as string;
  signed.signedFields = [...expectedFields];
  signed.devicePublicKey = devicePublicKey as string;
  return ok(signed);
}
