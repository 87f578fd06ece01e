// CSV for spreadsheets (RFC 4180). A string cell that a spreadsheet would read as a formula
// (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so an
// exported run reason or error message can never execute on the reader's machine.

export type CsvCell = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers and booleans as they are, dates as ISO-8601 UTC, text escaped and defused. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = value instanceof Date ? value.toISOString() : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV lines, each CRLF-terminated as RFC 4180 asks. */
export function csvLines(rows: CsvCell[][]): string {
  return rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

/** A header row and the rows. */
export const toCsv = (header: string[], rows: CsvCell[][]): string => csvLines([header, ...rows]);
