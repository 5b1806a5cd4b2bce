/** Validation of the device forms (pure): suspend/reactivate/revoke reasons, lost sequence acknowledgement. */
import { checkReason, field, type FieldErrors } from './forms';

export const DEVICE_INTENTS = ['suspend', 'reactivate', 'revoke', 'acknowledge_lost'] as const;
export type DeviceIntent = (typeof DEVICE_INTENTS)[number];
export type DeviceField = 'reason' | 'throughSequence' | 'confirm';

/** The most numbers acknowledged at once (the store refuses more, see MAX_LOST_SEQUENCES). */
export const MAX_LOST_AT_ONCE = 500;

export type DeviceFormResult =
  | { ok: true; intent: 'suspend' | 'reactivate' | 'revoke'; reason: string }
  | { ok: true; intent: 'acknowledge_lost'; reason: string; throughSequence: number }
  | { ok: false; errors: FieldErrors<DeviceField>; intent: string };

export function validateDeviceForm(form: FormData, lastAcceptedSeq: number): DeviceFormResult {
  const intent = field(form, 'intent') as DeviceIntent;
  if (!DEVICE_INTENTS.includes(intent)) return { ok: false, intent, errors: { reason: 'Unknown action.' } };
  const errors: FieldErrors<DeviceField> = {};
  const reason = field(form, 'reason');
  const reasonProblem = checkReason(
    reason,
    intent === 'revoke' ? 'the reason for revoking (the technician is told)' : 'a reason',
  );
  if (reasonProblem) errors.reason = reasonProblem;
  if (intent === 'revoke' && field(form, 'confirm') !== 'yes')
    errors.confirm = 'Tick the box to confirm: a revocation cannot be undone.';
  if (intent === 'acknowledge_lost') {
    const first = lastAcceptedSeq + 1;
    const text = field(form, 'throughSequence');
    const through = Number(text);
    if (text === '') errors.throughSequence = 'Enter the last lost sequence number.';
    else if (!/^\d{1,10}$/.test(text)) errors.throughSequence = 'The sequence number must be a whole number.';
    else if (through < first)
      errors.throughSequence = `The device's next expected number is ${first}: enter ${first} or more.`;
    else if (through - lastAcceptedSeq > MAX_LOST_AT_ONCE)
      errors.throughSequence = `At most ${MAX_LOST_AT_ONCE} numbers at once (up to ${lastAcceptedSeq + MAX_LOST_AT_ONCE}).`;
    if (Object.keys(errors).length > 0) return { ok: false, intent, errors };
    return { ok: true, intent, reason, throughSequence: through };
  }
  if (Object.keys(errors).length > 0) return { ok: false, intent, errors };
  return { ok: true, intent, reason };
}

/** Enrolment code lifetime offered in the console, in whole hours: one hour to 30 days (the store's maximum). */
export const ENROLMENT_HOURS = { min: 1, max: 30 * 24, default: 24 } as const;
export type EnrolmentField = 'personId' | 'validForHours';

export type EnrolmentFormResult =
  { ok: true; personId: string; ttlMs: number } | { ok: false; errors: FieldErrors<EnrolmentField> };

/** The technician must be one of those offered; the lifetime a whole number of hours in range. */
export function validateEnrolmentForm(form: FormData, technicianIds: readonly string[]): EnrolmentFormResult {
  const errors: FieldErrors<EnrolmentField> = {};
  const personId = field(form, 'personId');
  if (personId === '') errors.personId = 'Choose the technician the phone is for.';
  else if (!technicianIds.includes(personId)) errors.personId = 'Choose one of the technicians listed.';
  const text = field(form, 'validForHours');
  const hours = Number(text);
  if (text === '') errors.validForHours = 'Enter how many hours the code stays valid.';
  else if (!/^\d{1,4}$/.test(text) || hours < ENROLMENT_HOURS.min || hours > ENROLMENT_HOURS.max) {
    errors.validForHours = `Enter a whole number of hours from ${ENROLMENT_HOURS.min} to ${ENROLMENT_HOURS.max} (30 days).`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, personId, ttlMs: hours * 3_600_000 };
}
