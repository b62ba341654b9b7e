// Writes CSV for people who open it in Excel or LibreOffice: German (';' and decimal comma) or
// international (',' and decimal point). Cells that a spreadsheet would run as a formula
// (= + - @, tab, CR) are neutralised with a leading apostrophe.

export type CsvDialect = 'de' | 'intl';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown, dialect: CsvDialect): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    s = dialect === 'de' ? String(value).replace('.', ',') : String(value);
    return s; // numbers are never formulas, and a negative number must stay a number
  }
  s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  const sep = dialect === 'de' ? ';' : ',';
  if (s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r')) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** A whole CSV document with a UTF-8 BOM, so that Excel reads umlauts correctly. */
export function writeCsv(header: string[], rows: unknown[][], dialect: CsvDialect): string {
  const sep = dialect === 'de' ? ';' : ',';
  const lines = [header.map((h) => csvCell(h, dialect)).join(sep), ...rows.map((r) => r.map((c) => csvCell(c, dialect)).join(sep))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
