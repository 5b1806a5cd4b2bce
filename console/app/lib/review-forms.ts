/** Validation of the review-queue closing form (pure): which item, and the outcome (required). */
import { REVIEW_KIND_VALUES, type ReviewKindValue } from './review-kinds';
import { checkReason, field, type FieldErrors } from './forms';

export type ReviewField = 'outcome';

export type ReviewFormResult =
  | { ok: true; kind: ReviewKindValue; id: string; outcome: string }
  | { ok: false; kind: string; id: string; errors: FieldErrors<ReviewField> };

export function validateReviewForm(form: FormData): ReviewFormResult {
  const kind = field(form, 'kind');
  const id = field(form, 'id');
  if (!(REVIEW_KIND_VALUES as readonly string[]).includes(kind) || id === '' || id.length > 200) {
    return { ok: false, kind, id, errors: { outcome: 'This item cannot be closed here: reload the page.' } };
  }
  const outcome = field(form, 'outcome');
  const problem = checkReason(outcome, 'the outcome: what was decided and why');
  if (problem) return { ok: false, kind, id, errors: { outcome: problem } };
  return { ok: true, kind: kind as ReviewKindValue, id, outcome };
}
