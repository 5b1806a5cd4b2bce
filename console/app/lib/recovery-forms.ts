/** Validation of the mass-recovery forms (pure): starting a run, changing its wave size, pause/abort reasons. */
import { field, MAX_TEXT, type FieldErrors } from './forms';

/** Same bound as the workflow's checkWaveSize (MAX_WAVE_SIZE). */
export const MAX_WAVE_SIZE = 10_000;
const DAY_S = 86_400;

export type StartField =
  'waveSize' | 'intervalSeconds' | 'threshold' | 'syncTimeoutSeconds' | 'pollSeconds' | 'offlineSinceHours';

export interface StartRecoveryValues {
  waveSize: number;
  waveIntervalMs: number;
  conflictRateThreshold: number;
  waveSyncTimeoutMs: number;
  syncPollMs: number;
  /** Hours back from now; undefined ⇒ every active device. */
  offlineSinceHours?: number;
}

function integer(
  form: FormData,
  name: string,
  label: string,
  min: number,
  max: number,
  errors: FieldErrors<string>,
): number {
  const text = field(form, name);
  if (text === '') errors[name] = `Enter ${label}.`;
  else if (!/^\d+$/.test(text)) errors[name] = `${label[0].toUpperCase()}${label.slice(1)} must be a whole number.`;
  else if (Number(text) < min || Number(text) > max)
    errors[name] = `${label[0].toUpperCase()}${label.slice(1)} must be from ${min} to ${max}.`;
  return Number(text);
}

export function validateStartRecovery(
  form: FormData,
): { ok: true; value: StartRecoveryValues } | { ok: false; errors: FieldErrors<StartField> } {
  const errors: FieldErrors<string> = {};
  const waveSize = integer(form, 'waveSize', 'the wave size', 1, MAX_WAVE_SIZE, errors);
  const interval = integer(form, 'intervalSeconds', 'the interval in seconds', 1, DAY_S, errors);
  const syncTimeout = integer(form, 'syncTimeoutSeconds', 'the sync timeout in seconds', 1, DAY_S, errors);
  const poll = integer(form, 'pollSeconds', 'the poll interval in seconds', 1, 3600, errors);
  const thresholdText = field(form, 'threshold');
  const threshold = Number(thresholdText);
  if (thresholdText === '' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1)
    errors.threshold = 'The threshold is a share from 0 to 1, e.g. 0.2.';
  const sinceText = field(form, 'offlineSinceHours');
  let offlineSinceHours: number | undefined;
  if (sinceText !== '') {
    offlineSinceHours = integer(form, 'offlineSinceHours', 'the hours offline', 1, 24 * 365, errors);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors: errors as FieldErrors<StartField> };
  return {
    ok: true,
    value: {
      waveSize,
      waveIntervalMs: interval * 1000,
      conflictRateThreshold: threshold,
      waveSyncTimeoutMs: syncTimeout * 1000,
      syncPollMs: poll * 1000,
      ...(offlineSinceHours !== undefined ? { offlineSinceHours } : {}),
    },
  };
}

export type ControlField = 'waveSize' | 'reason';
export const CONTROL_INTENTS = ['pause', 'resume', 'abort', 'wave_size'] as const;
export type ControlIntent = (typeof CONTROL_INTENTS)[number];

export function validateControl(
  form: FormData,
):
  | { ok: true; intent: 'pause' | 'resume' | 'abort'; reason: string }
  | { ok: true; intent: 'wave_size'; waveSize: number }
  | { ok: false; intent: string; errors: FieldErrors<ControlField> } {
  const intent = field(form, 'intent') as ControlIntent;
  if (!CONTROL_INTENTS.includes(intent)) return { ok: false, intent, errors: { reason: 'Unknown action.' } };
  if (intent === 'wave_size') {
    const errors: FieldErrors<string> = {};
    const waveSize = integer(form, 'waveSize', 'the wave size', 1, MAX_WAVE_SIZE, errors);
    return errors.waveSize
      ? { ok: false, intent, errors: { waveSize: errors.waveSize } }
      : { ok: true, intent, waveSize };
  }
  const reason = field(form, 'reason');
  if (reason.length > MAX_TEXT)
    return { ok: false, intent, errors: { reason: `Keep it under ${MAX_TEXT} characters.` } };
  return { ok: true, intent, reason };
}
