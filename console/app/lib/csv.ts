/**
 * CSV for the report downloads (RFC 4180): every cell quoted when it holds a comma, quote, CR or
 * LF (quotes doubled), CRLF line ends. A cell starting with = + - @ (or a tab/CR that spreadsheet
 * programs skip) is prefixed with a single quote so Excel/LibreOffice show it as text instead of
 * running it as a formula (CSV injection): a product name or job reference typed on a phone is
 * not trusted. Numbers are written as numbers (a negative adjustment stays a number).
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
