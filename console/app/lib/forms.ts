/**
 * Form reading shared by every action: fields come out as trimmed strings, and each validator
 * returns either values or one message per bad field, shown next to that field. Pure (no server
 * imports), so unit tests call the validators directly.
 */
import { MAX_TEXT_LENGTH } from '@pco/domain';

export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;
export type Validated<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

export const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * The submitted form of an action. The HTTP host already refuses bodies that are not forms (415);
 * a body that says it is one but cannot be parsed (cut-off multipart) is the sender's fault too:
 * 400 with words, not a 500 from request.formData().
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response('Refused: the submitted form could not be read. Reload the page and submit it again.', {
      status: 400,
    });
  }
}

/**
 * An intent none of the page's forms sends (a crafted or stale post). Thrown, so the page's error
 * view shows it (400): an answer keyed to that intent would have no section of the page to appear in.
 */
export function unknownAction(): never {
  throw new Response('Unknown action: reload the page and try again.', { status: 400 });
}

/** The domain's own text limit (events' reasons, notes, references): one number, not two that could drift. */
export const MAX_TEXT = MAX_TEXT_LENGTH;

/** Reason texts: required, at most MAX_TEXT characters, no control characters. */
export function checkReason(value: string, what = 'a reason'): string | undefined {
  if (value === '') return `Give ${what}.`;
  if (value.length > MAX_TEXT) return `Keep it under ${MAX_TEXT} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value)) return 'Remove the control characters.';
  return undefined;
}

export function checkPositiveInteger(value: string, what: string, max: number): { n?: number; error?: string } {
  if (value === '') return { error: `Enter ${what}.` };
  if (!/^\d+$/.test(value)) return { error: `${capitalise(what)} must be a whole number.` };
  const n = Number(value);
  if (n < 1 || n > max) return { error: `${capitalise(what)} must be from 1 to ${max}.` };
  return { n };
}

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Page number from ?page=, 1-based; anything odd means page 1. */
export function pageOf(url: URL): number {
  const n = Number(url.searchParams.get('page'));
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export const PAGE_SIZE = 20;
