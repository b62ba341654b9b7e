// Reading last year's allocations from a file: CSV (the project's one CSV reader and number parser)
// or XLSX (first worksheet, via exceljs). Columns: `code` (area code; also Gebiet/Gebietsschlüssel),
// `amount` in € (also Betrag), optional `organisation_id` (Träger) and `service_id` (Angebot).
// Every problem is collected with file, line and field; the caller lands nothing if there is one.
import type { Problem } from '../../core/errors.ts';
import { readCsv } from '../../io/csv.ts';
import { detectDecimalSeparator, parseGermanNumber, type DecimalSeparator } from '../../io/numbers.ts';

export interface LastYearFileRow {
  line: number;
  code: string;
  amountCents: number;
  organisationId: number | null;
  serviceId: number | null;
}

type Cell = string | number | null;

const ALIASES: Record<'code' | 'amount' | 'organisation' | 'service', string[]> = {
  code: ['code', 'gebiet', 'gebietsschluessel', 'gebietsschlüssel', 'area', 'area_code'],
  amount: ['amount', 'betrag', 'amount_eur', 'betrag_eur', 'last_year', 'vorjahr'],
  organisation: ['organisation_id', 'organization_id', 'traeger_id', 'träger_id'],
  service: ['service_id', 'angebot_id'],
};

const problem = (code: string, de: string, en: string, file: string, line?: number, field?: string): Problem => ({ code, de, en, file, line, field });

async function xlsxTable(bytes: Uint8Array, file: string, errors: Problem[]): Promise<{ header: string[]; headerLine: number; rows: { line: number; cells: Cell[] }[] }> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    errors.push(problem('XLSX_INVALID', `Die Excel-Datei ist nicht lesbar: ${(e as Error).message}`, `The Excel file cannot be read: ${(e as Error).message}`, file));
    return { header: [], headerLine: 0, rows: [] };
  }
  const ws = wb.worksheets[0];
  const value = (v: unknown): Cell => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number' || typeof v === 'string') return v;
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string };
    if (o.result !== undefined) return value(o.result);
    if (o.richText) return o.richText.map((t) => t.text).join('');
    return String(o.text ?? v);
  };
  let header: string[] = [];
  let headerLine = 0;
  const rows: { line: number; cells: Cell[] }[] = [];
  ws?.eachRow({ includeEmpty: false }, (row, n) => {
    const cells = (row.values as unknown[]).slice(1).map(value);
    if (header.length === 0) {
      header = cells.map((c) => String(c ?? '').trim());
      headerLine = n;
    } else rows.push({ line: n, cells });
  });
  return { header, headerLine, rows };
}

export async function readLastYearFile(bytes: Uint8Array, file: string): Promise<{ rows: LastYearFileRow[]; errors: Problem[]; rowsRead: number }> {
  const errors: Problem[] = [];
  const isXlsx = file.toLowerCase().endsWith('.xlsx') || (bytes[0] === 0x50 && bytes[1] === 0x4b);
  let table: { header: string[]; headerLine: number; rows: { line: number; cells: Cell[] }[] };
  if (isXlsx) table = await xlsxTable(bytes, file, errors);
  else {
    const csv = readCsv(bytes, file);
    errors.push(...csv.errors);
    table = { header: csv.header, headerLine: csv.headerLine, rows: csv.rows };
  }
  const norm = table.header.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const at = (k: keyof typeof ALIASES) => norm.findIndex((h) => ALIASES[k].includes(h));
  const codeAt = at('code'), amountAt = at('amount'), orgAt = at('organisation'), serviceAt = at('service');
  for (const [i, k] of [[codeAt, 'code'], [amountAt, 'amount']] as const) {
    if (i === -1 && table.header.length > 0) {
      errors.push(problem('CSV_COLUMN_MISSING', `Spalte „${k}“ fehlt (gesucht: ${ALIASES[k].join(', ')}; vorhanden: ${table.header.join(', ')}).`,
        `Column "${k}" is missing (looked for: ${ALIASES[k].join(', ')}; found: ${table.header.join(', ')}).`, file, table.headerLine, k));
    }
  }
  if (table.header.length === 0 && errors.length === 0) errors.push(problem('CSV_NO_ROWS', 'Die Datei enthält keine Zeilen.', 'The file contains no rows.', file));
  if (codeAt === -1 || amountAt === -1) return { rows: [], errors, rowsRead: table.rows.length };

  const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c).trim());
  const decimal: DecimalSeparator = detectDecimalSeparator(table.rows.map((r) => (typeof r.cells[amountAt] === 'string' ? (r.cells[amountAt] as string) : '')).filter(Boolean));
  const id = (c: Cell | undefined, line: number, field: string): number | null => {
    const s = text(c);
    if (s === '') return null;
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) {
      errors.push(problem('CSV_NUMBER_INVALID', `Zeile ${line}: „${s}“ in „${field}“ ist keine Kennung (ganze Zahl > 0).`, `Line ${line}: "${s}" in "${field}" is not an id (whole number > 0).`, file, line, field));
      return null;
    }
    return n;
  };
  const rows: LastYearFileRow[] = [];
  for (const r of table.rows) {
    const code = text(r.cells[codeAt]);
    const raw = r.cells[amountAt];
    if (!code) {
      errors.push(problem('CSV_VALUE_MISSING', `Zeile ${r.line}: der Gebietsschlüssel fehlt.`, `Line ${r.line}: the area code is missing.`, file, r.line, table.header[codeAt]));
      continue;
    }
    const p = typeof raw === 'number' ? { kind: 'number' as const, value: raw, percent: false } : parseGermanNumber(text(raw), { decimal });
    const field = table.header[amountAt];
    if (p.kind !== 'number' || p.value < 0 || ('percent' in p && p.percent)) {
      errors.push(problem('CSV_NUMBER_INVALID', `Zeile ${r.line}: „${text(raw)}“ ist kein Betrag in Euro ≥ 0.`, `Line ${r.line}: "${text(raw)}" is not an amount in euros ≥ 0.`, file, r.line, field));
      continue;
    }
    const cents = p.value * 100;
    if (Math.abs(cents - Math.round(cents)) > 1e-6) {
      errors.push(problem('CSV_NUMBER_INVALID', `Zeile ${r.line}: der Betrag ${text(raw)} hat mehr als zwei Nachkommastellen.`, `Line ${r.line}: the amount ${text(raw)} has more than two decimals.`, file, r.line, field));
      continue;
    }
    rows.push({
      line: r.line, code, amountCents: Math.round(cents),
      organisationId: orgAt === -1 ? null : id(r.cells[orgAt], r.line, table.header[orgAt]),
      serviceId: serviceAt === -1 ? null : id(r.cells[serviceAt], r.line, table.header[serviceAt]),
    });
  }
  return { rows, errors, rowsRead: table.rows.length };
}
