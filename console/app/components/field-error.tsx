// One naming rule, kept here only: the error of the field with id X is the element with id `X-error`, so every
// aria-describedby that invalidProps writes points at the paragraph FieldError renders for that same field.
const errorId = (fieldId: string) => `${fieldId}-error`;

/**
 * The ARIA props of the control (or fieldset) with id `fieldId`: marked invalid and described by its error when
 * there is a message. `describedBy` lists ids that always describe it (a hint, a consequence); they come first.
 */
export function invalidProps(
  fieldId: string,
  message?: string | null,
  describedBy?: string,
): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const ids = [describedBy, message ? errorId(fieldId) : undefined].filter(Boolean).join(' ');
  return { ...(message ? { 'aria-invalid': true } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}

/** The message shown right under the form field with id `fieldId` when it was refused. */
export function FieldError({ fieldId, message }: { fieldId: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={errorId(fieldId)} className="field-error" role="alert">
      {message}
    </p>
  );
}
