// The "wide" layout: one area column and one column per period, one indicator per file
// ("Gebiet;2000;2001;…" as in AnteilArbeitslose.csv). Also home of the cell → observation step that
// the portal and table readers share.
import type { Problem } from '../core/errors.ts';
import { readCsv, invalidNumber, placeholderValue, emptyArea, duplicate, problem } from './csv.ts';
import { detectDecimalSeparator, parseGermanNumber } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import type { ObservationRecord, ReadResult } from './types.ts';

export interface WideOptions {
  indicator: string;
  /** Index or header name of the area column; default: a column named Gebiet/Ortsteil/…, else the first. */
  areaColumn?: number | string;
  /** Regular expression (string) splitting "01 Altstadt" into code (group 1 or `code`) and name (group 2 or `name`). */
  areaCodePattern?: string;
  /** Decimal separator; default: detected over all value cells of the file. */
  decimal?: DecimalSeparator;
}

const AREA_HEADERS = /^(gebiet|gebietsname|ortsteil|stadtteil|stadtbezirk|bezirk|sozialraum|planungsraum|area|name|district)$/i;
/** A period column: a year, year-month(-day), or a span like 2019/20. */
export const PERIOD_HEADER = /^\d{4}(?:[-./]\d{1,2}(?:[-./]\d{1,2})?|\/\d{2,4})?$/;

export function readWide(bytes: Uint8Array, file: string, opts: WideOptions): ReadResult<ObservationRecord> {
  const csv = readCsv(bytes, file);
  const errors: Problem[] = [...csv.errors];
  const warnings: Problem[] = [...csv.warnings];
  const records: ObservationRecord[] = [];
  const { header } = csv;

  const areaIdx = columnIndex(header, opts.areaColumn) ?? Math.max(0, header.findIndex((h) => AREA_HEADERS.test(h)));
  if (areaIdx < 0 || areaIdx >= csv.width) {
    errors.push(unknownColumn(file, csv.headerLine, String(opts.areaColumn)));
    return { records, errors, warnings, rowsRead: csv.rowsRead };
  }
  const periodCols: number[] = [];
  header.forEach((h, i) => {
    if (i === areaIdx) return;
    if (PERIOD_HEADER.test(h)) periodCols.push(i);
    else warnings.push(notAPeriod(file, csv.headerLine, h, i));
  });

  const decimal = opts.decimal ?? detectDecimalSeparator(cellsOf(csv.rows, periodCols));
  const pattern = opts.areaCodePattern ? new RegExp(opts.areaCodePattern) : undefined;
  const seen = new Map<string, number>();
  const areaField = header[areaIdx] || `#${areaIdx + 1}`;
  for (const { line, cells } of csv.rows) {
    const area = splitArea(cells[areaIdx], pattern);
    if (!acceptArea(area, seen, file, line, areaField, errors)) continue;
    const row = new RowCollector(file, line, decimal);
    for (const c of periodCols) row.add(cells[c], header[c], { area, indicator: opts.indicator, period: header[c] });
    row.flushInto(records, errors, warnings);
  }
  return { records, errors, warnings, rowsRead: csv.rowsRead };
}

/**
 * Collects the observations of one row; one invalid number rejects the whole row (a half-read row
 * would leave holes nobody sees), placeholders become null values with a warning.
 */
export class RowCollector {
  private readonly records: ObservationRecord[] = [];
  private readonly errors: Problem[] = [];
  private readonly warnings: Problem[] = [];

  constructor(
    private readonly file: string,
    private readonly line: number,
    private readonly decimal: DecimalSeparator,
  ) {}

  add(
    raw: string,
    field: string,
    base: Pick<ObservationRecord, 'area' | 'indicator' | 'period'> & { layer?: string },
  ): void {
    const parsed = parseGermanNumber(raw, { decimal: this.decimal });
    const rec: ObservationRecord = { ...base, value: null, flags: {}, line: this.line };
    if (base.layer === undefined) delete rec.layer;
    if (parsed.kind === 'invalid') {
      this.errors.push(invalidNumber(this.file, this.line, field, raw));
      return;
    }
    if (parsed.kind === 'missing') {
      rec.flags = parsed.suppressed ? { missing: true, suppressed: true } : { missing: true };
      rec.missingSymbol = parsed.symbol;
      this.warnings.push(placeholderValue(this.file, this.line, field, parsed.symbol));
    } else {
      rec.value = parsed.value;
      if (parsed.percent) rec.percent = true;
    }
    this.records.push(rec);
  }

  flushInto(records: ObservationRecord[], errors: Problem[], warnings: Problem[]): void {
    if (this.errors.length) {
      errors.push(...this.errors);
      return;
    }
    records.push(...this.records);
    warnings.push(...this.warnings);
  }
}

/** "01 Altstadt" → {code: "01", name: "Altstadt"} with a pattern; otherwise the trimmed cell is the name. */
/**
 * A data row needs an area, and each area once per file: rejects the row (with a problem) otherwise.
 * `seen` remembers the line of each area already read.
 */
export function acceptArea(area: { code?: string; name: string }, seen: Map<string, number>, file: string, line: number, field: string, errors: Problem[]): boolean {
  if (area.name === '' && !area.code) {
    errors.push(emptyArea(file, line, field));
    return false;
  }
  const key = `${area.code ?? ''}|${area.name}`;
  const first = seen.get(key);
  if (first !== undefined) {
    errors.push(duplicate(file, line, first, `Gebiet/area „${area.name}“`));
    return false;
  }
  seen.set(key, line);
  return true;
}

export function splitArea(cell: string | undefined, pattern?: RegExp): { code?: string; name: string } {
  const name = (cell ?? '').trim();
  if (!pattern) return { name };
  const m = pattern.exec(name);
  if (!m) return { name };
  const code = (m.groups?.code ?? m[1] ?? '').trim();
  const rest = (m.groups?.name ?? m[2] ?? name.slice(m.index + m[0].length)).trim();
  return code ? { code, name: rest || code } : { name: rest || name };
}

/** Resolve a column given by 0-based index or by header name (case-insensitive). */
export function columnIndex(header: string[], column: number | string | undefined): number | undefined {
  if (column === undefined) return undefined;
  if (typeof column === 'number') return column;
  const want = column.trim().toLowerCase();
  const i = header.findIndex((h) => h.toLowerCase() === want);
  return i;
}

export function* cellsOf(rows: Iterable<{ cells: string[] }>, cols: number[]): Generator<string> {
  for (const r of rows) for (const c of cols) if (r.cells[c] !== undefined) yield r.cells[c];
}

export function unknownColumn(file: string, line: number, column: string): Problem {
  return problem(
    'CSV_UNKNOWN_COLUMN',
    `Die Spalte „${column}“ gibt es in der Datei nicht (Kopfzeile in Zeile ${line}).`,
    `The file has no column "${column}" (header in line ${line}).`,
    { file, line, field: column },
  );
}

export function notAPeriod(file: string, line: number, header: string, i: number): Problem {
  return problem(
    'WIDE_COLUMN_NOT_PERIOD',
    `Spalte ${i + 1} („${header}“) ist kein Zeitraum (Jahr) und wird nicht gelesen.`,
    `Column ${i + 1} ("${header}") is not a period (year) and is not read.`,
    { file, line, field: header || `#${i + 1}`, value: header },
  );
}
