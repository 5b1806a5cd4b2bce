/** The pure pieces behind the report, review, request and admin forms: CSV, periods, validators, race notes. */
import type { InventoryEvent } from '@pco/domain';
import { csvCell, toCsv } from '../app/lib/csv';
import { readMoment, readPeriod } from '../app/lib/period';
import {
  validateProductForm,
  validateReceiveForm,
  validatePersonForm,
  validateLocationForm,
} from '../app/lib/central-forms';
import { validateReviewForm } from '../app/lib/review-forms';
import { validateRequestForm } from '../app/lib/request-forms';
import { explainRequestRaces } from '../app/lib/request-race';

const form = (fields: Record<string, string | string[]>): FormData => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
};

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 'say "hi"'],
          ['two\nlines', 3],
        ],
      ),
    ).toBe('a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",3\r\n');
  });
  it('prefixes cells that a spreadsheet would run as a formula', () => {
    expect(['=1+2', '+SUM(A1)', '-cmd', '@x', '\tx'].map(csvCell)).toEqual([
      "'=1+2",
      "'+SUM(A1)",
      "'-cmd",
      "'@x",
      "'\tx",
    ]);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
  it('keeps numbers as numbers (a negative quantity is not a formula) and empties null', () => {
    expect([csvCell(-4), csvCell(12.5), csvCell(null), csvCell(undefined)]).toEqual(['-4', '12.5', '', '']);
  });
});

describe('periods', () => {
  const today = new Date('2026-11-29T15:00:00Z');
  it('defaults to the last 30 days and reads inclusive days as [from, to + 1 day)', () => {
    const { period, errors } = readPeriod(new URLSearchParams(), today);
    expect(errors).toEqual({});
    expect([period.from, period.to, period.end.toISOString()]).toEqual([
      '2026-10-31',
      '2026-11-29',
      '2026-11-30T00:00:00.000Z',
    ]);
  });
  it('refuses bad dates, reversed periods and over a year, each next to its field', () => {
    expect(readPeriod(new URLSearchParams({ from: '2026-02-30' }), today).errors).toEqual({
      from: 'Enter the first day as a date (YYYY-MM-DD).',
    });
    expect(readPeriod(new URLSearchParams({ from: '2026-11-10', to: '2026-11-01' }), today).errors).toEqual({
      to: 'The last day must be on or after the first day.',
    });
    expect(readPeriod(new URLSearchParams({ from: '2024-01-01', to: '2026-01-01' }), today).errors.to).toMatch(
      /At most 366 days/,
    );
  });
  it('reads an "as of" moment as UTC and refuses the future', () => {
    expect(readMoment('2026-11-29T10:30', today).at?.toISOString()).toBe('2026-11-29T10:30:00.000Z');
    expect(readMoment('2026-12-01T00:00', today).error).toMatch(/in the past/);
    expect(readMoment('yesterday', today).error).toMatch(/date and time/);
    expect(readMoment('', today)).toEqual({});
  });
});

describe('form validation', () => {
  it('review: an outcome is required', () => {
    expect(validateReviewForm(form({ kind: 'dispute', id: 'd-1', outcome: '  ' }))).toEqual({
      ok: false,
      kind: 'dispute',
      id: 'd-1',
      errors: { outcome: 'Give the outcome: what was decided and why.' },
    });
    expect(validateReviewForm(form({ kind: 'dispute', id: 'd-1', outcome: 'Stock found on truck 2' }))).toMatchObject({
      ok: true,
      outcome: 'Stock found on truck 2',
    });
    expect(validateReviewForm(form({ kind: 'nonsense', id: 'd-1', outcome: 'x' })).ok).toBe(false);
  });
  it('request: a denial needs a reason, an approval does not', () => {
    expect(validateRequestForm(form({ requestId: 'r1', decision: 'deny' }))).toMatchObject({
      ok: false,
      errors: { reason: 'Give a reason for the denial (the technician is told).' },
    });
    expect(validateRequestForm(form({ requestId: 'r1', decision: 'approve' }))).toEqual({
      ok: true,
      requestId: 'r1',
      decision: 'approve',
    });
  });
  it('product: a regulated product needs a well-formed EPA number; value in dollars and cents', () => {
    const base = { id: 'prod-new', name: 'New bait', unit: 'lb', unitValue: '6.5' };
    expect(validateProductForm(form({ ...base, regulated: 'yes' }))).toMatchObject({
      ok: false,
      errors: { epaRegistrationNumber: expect.stringMatching(/needs its EPA registration number/) },
    });
    expect(validateProductForm(form({ ...base, regulated: 'yes', epaRegistrationNumber: 'EPA 12' }))).toMatchObject({
      ok: false,
      errors: { epaRegistrationNumber: expect.stringMatching(/numbers and dashes/) },
    });
    expect(validateProductForm(form({ ...base, epaRegistrationNumber: '432-1489' }))).toMatchObject({
      ok: false,
      errors: { epaRegistrationNumber: expect.stringMatching(/tick "Regulated"/) },
    });
    expect(validateProductForm(form({ ...base, regulated: 'yes', epaRegistrationNumber: '12455-79-3012' }))).toEqual({
      ok: true,
      value: {
        id: 'prod-new',
        name: 'New bait',
        unit: 'lb',
        epaRegistrationNumber: '12455-79-3012',
        regulated: true,
        unitValueCents: 650,
        active: true,
      },
    });
    expect(validateProductForm(form({ id: 'Bad Id', name: '', unit: 'bucket', unitValue: '1.234' }))).toEqual({
      ok: false,
      errors: {
        id: 'Use 2 to 63 lower-case letters, digits and dashes (e.g. prod-bait-blocks).',
        name: 'Enter the product name.',
        unit: 'Choose the unit stock is counted in.',
        unitValue: 'Enter dollars and cents, e.g. 6.50.',
      },
    });
  });
  it('receipt: the quantity goes through the domain rule (positive, at most the maximum)', () => {
    const base = { productId: 'p', locationId: 'l', supplier: 'Univar' };
    expect(validateReceiveForm(form({ ...base, quantity: '0' }))).toMatchObject({
      ok: false,
      errors: { quantity: 'The quantity must be > 0 for ProductReceived, got 0' },
    });
    expect(validateReceiveForm(form({ ...base, quantity: '2000000000' }))).toMatchObject({
      ok: false,
      errors: { quantity: 'The quantity must be at most 1000000000' },
    });
    expect(validateReceiveForm(form({ ...base, quantity: '-3' }))).toMatchObject({
      ok: false,
      errors: { quantity: 'Enter a number, e.g. 24 or 12.5.' },
    });
    expect(validateReceiveForm(form({ productId: '', locationId: '', quantity: '', supplier: '' }))).toEqual({
      ok: false,
      errors: {
        productId: 'Choose the product received.',
        locationId: 'Choose where it was received.',
        quantity: 'Enter the quantity received.',
        supplier: "Give the supplier's name.",
      },
    });
    expect(validateReceiveForm(form({ ...base, quantity: '12.5' }))).toEqual({
      ok: true,
      value: { ...base, quantity: 12.5 },
    });
  });
  it('person and location: name, email, role, kind', () => {
    expect(validatePersonForm(form({ name: 'Riley', email: 'not-an-email', role: 'boss' }))).toEqual({
      ok: false,
      errors: { email: 'Enter an email address like name@company.com.', role: 'Choose technician, manager or admin.' },
    });
    expect(validateLocationForm(form({ id: 'loc-truck-9', name: 'Truck 9', kind: 'spaceship' }))).toEqual({
      ok: false,
      errors: { kind: 'Choose warehouse, vehicle or customer site.' },
    });
  });
});

describe('request race notes', () => {
  const ev = (eventType: string, at: string, extra: Partial<InventoryEvent> = {}): InventoryEvent =>
    ({
      eventId: `${eventType}-${at}`,
      eventType,
      product: 'p',
      quantity: { value: 1, unit: 'each' },
      fromLocation: null,
      toLocation: 'v1',
      performedBy: 'x',
      occurredAt: at,
      data: { requestId: 'r1' },
      ...extra,
    }) as InventoryEvent;
  it('rule 2: a cancellation claimed after the approval replaced it', () => {
    const notes = explainRequestRaces('r1', [
      { position: 1, event: ev('RequestCreated', '2026-11-01T08:00:00.000Z') },
      { position: 2, event: ev('RequestApproved', '2026-11-01T09:00:00.000Z') },
      { position: 3, event: ev('RequestCancelled', '2026-11-01T10:00:00.000Z') },
    ]);
    expect(notes).toEqual([
      {
        position: 3,
        rule: 2,
        text: expect.stringMatching(
          /^Rule 2 .*cancellation claimed at 2026-11-01T10:00:00.000Z replaced the approval claimed at 2026-11-01T09:00:00.000Z/,
        ),
      },
    ]);
  });
  it('rule 3: an approval at the same claimed time as the cancellation wins', () => {
    const notes = explainRequestRaces('r1', [
      { position: 1, event: ev('RequestCreated', '2026-11-01T08:00:00.000Z') },
      { position: 2, event: ev('RequestCancelled', '2026-11-01T09:00:00.000Z') },
      { position: 3, event: ev('RequestApproved', '2026-11-01T09:00:00.000Z') },
    ]);
    expect(notes.map((n) => n.rule)).toEqual([3]);
  });
  it('rule 1: once the stock moved, cancellations are refused', () => {
    const notes = explainRequestRaces('r1', [
      { position: 1, event: ev('RequestCreated', '2026-11-01T08:00:00.000Z') },
      { position: 2, event: ev('RequestApproved', '2026-11-01T09:00:00.000Z') },
      { position: 5, event: ev('ProductTransferred', '2026-11-01T11:00:00.000Z', { fromLocation: 'w' }) },
    ]);
    expect(notes).toEqual([{ position: 5, rule: 1, text: expect.stringMatching(/^Rule 1/) }]);
  });
});
