/**
 * What the Review button checks before the technician is asked to confirm, in their words: the
 * domain's own quantity rule in the product's unit (whole counts, decimals per unit, the maximum),
 * a real time that is not in the future, a destination for a transfer, text lengths. Before, these
 * surfaced only after "Confirm and record", as the engine's internal messages (`quantity.value must…`,
 * `Invalid time value`), or not at all (a job reference of spaces, the year 2099).
 */
import { MAX_TEXT_LENGTH, validateQuantity, type EventType, type Product } from '@pco/domain';
import type { ActionDraft } from './commands';

const EVENT_TYPE: Record<ActionDraft['kind'], EventType> = {
  issue: 'ProductIssued',
  return: 'ProductReturned',
  transfer: 'ProductTransferred',
  count: 'InventoryCounted',
  request: 'RequestCreated',
};
/** The device clock may run a little ahead of the phone's own idea of "now" between screens. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DECIMAL = /^\d+(\.\d+)?$/;

/** The first problem with the draft, or null when it may be reviewed. */
export function reviewProblem(draft: ActionDraft, product: Product | undefined, now: Date): string | null {
  if (!product) return 'Choose a product.';
  const text = draft.quantity.trim();
  if (!DECIMAL.test(text)) return 'Enter the quantity as a plain number, e.g. 3 or 2.5.';
  const value = Number(text);
  if (value === 0 && draft.kind !== 'count') return 'Enter a quantity above 0.';
  if (value > 0 || draft.kind !== 'count') {
    const checked = validateQuantity({ value, unit: product.unit }, EVENT_TYPE[draft.kind]);
    if (!checked.ok)
      return checked.error.message
        .replace(/^quantity\.value/, 'The quantity')
        .replace(` for ${EVENT_TYPE[draft.kind]}`, '');
  }
  const when = new Date(draft.when);
  if (draft.when === '' || Number.isNaN(when.getTime())) return 'Enter when it happened.';
  if (when.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    return 'That time is in the future: enter when it happened.';
  if (when.getFullYear() < 2000) return 'Check the year of when it happened.';
  if ((draft.kind === 'transfer' || draft.kind === 'return' || draft.kind === 'request') && draft.to === '')
    return draft.kind === 'transfer'
      ? 'Choose where it goes. A transfer needs two of your locations.'
      : 'Choose where it goes.';
  if (draft.kind === 'transfer' && draft.to === draft.from)
    return 'Choose a destination other than where it comes from.';
  if (draft.job.length > MAX_TEXT_LENGTH) return `Keep the job reference under ${MAX_TEXT_LENGTH} characters.`;
  if (draft.note.length > MAX_TEXT_LENGTH) return `Keep the note under ${MAX_TEXT_LENGTH} characters.`;
  return null;
}
