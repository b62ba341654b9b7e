// The long layout, one observation per row: area (code and/or name), indicator, period, value,
// optionally numerator, denominator and flags. This is the bulk path (benchmark B1: 1M rows), so the
// row loop avoids per-row helper objects; the number parser's integer fast path does the rest.
import type { Problem } from '../core/errors.ts';
import { readCsv, invalidNumber, placeholderValue, emptyArea, duplicate, missingColumn, problem } from './csv.ts';
import { detectDecimalSeparator, parseGermanNumber } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import { slugify } from './slug.ts';
import type { ObservationFlags, ObservationRecord, ReadResult } from './types.ts';

export interface LongOptions {
  /** Indicator for files without an indicator column. */
  indicator?: string;
  decimal?: DecimalSeparator;
  /** Reject a second row for the same area × indicator × period (default true). */
  checkDuplicates?: boolean;
}

// Header synonyms, compared after slugify ("Zähler" → "zaehler", "area_code" → "area-code").
const SYNONYMS = {
  code: ['code', 'area-code', 'areacode', 'gebiet-code', 'gebietscode', 'gebietsschluessel', 'schluessel', 'kennziffer', 'ortsteil-code', 'ot', 'ags', 'ars'],
  name: ['name', 'area', 'area-name', 'gebiet', 'gebietsname', 'ortsteil', 'stadtteil', 'stadtbezirk', 'bezirk', 'sozialraum', 'planungsraum', 'district'],
  indicator: ['indicator', 'indikator', 'merkmal', 'sachmerkmal', 'kennzahl', 'variable'],
  period: ['period', 'periode', 'jahr', 'year', 'zeitraum', 'stichtag', 'datum', 'date'],
  value: ['value', 'wert', 'val'],
  numerator: ['numerator', 'zaehler'],
  denominator: ['denominator', 'nenner'],
  flags: ['flag', 'flags', 'status', 'kennzeichen'],
  provisional: ['provisional', 'vorlaeufig'],
  estimated: ['estimated', 'geschaetzt'],
  breakInSeries: ['break', 'break-in-series', 'bruch', 'zeitreihenbruch'],
  suppressed: ['suppressed', 'geheim', 'gesperrt', 'confidential'],
} as const;
type Role = keyof typeof SYNONYMS;
const BOOLEAN_FLAGS = ['provisional', 'estimated', 'breakInSeries', 'suppressed'] as const;

// Letter flags after Eurostat/Destatis: p/v provisional (vorläufig), e/s estimated (geschätzt),
// b break in series, c confidential (gesperrt).
const LETTER_FLAGS: Record<string, keyof ObservationFlags> = { p: 'provisional', v: 'provisional', e: 'estimated', s: 'estimated', b: 'breakInSeries', c: 'suppressed' };
const TRUE = new Set(['1', 'true', 'ja', 'j', 'yes', 'y', 'x', 'wahr']);
const FALSE = new Set(['', '0', 'false', 'nein', 'n', 'no', 'falsch']);

export function detectLongColumns(header: string[]): Partial<Record<Role, number>> {
  const cols: Partial<Record<Role, number>> = {};
  const slugs = header.map(slugify);
  for (const role of Object.keys(SYNONYMS) as Role[]) {
    const i = slugs.findIndex((s) => (SYNONYMS[role] as readonly string[]).includes(s));
    if (i !== -1) cols[role] = i;
  }
  return cols;
}

export function readLong(bytes: Uint8Array, file: string, opts: LongOptions = {}): ReadResult<ObservationRecord> {
  const csv = readCsv(bytes, file);
  const errors: Problem[] = [...csv.errors];
  const warnings: Problem[] = [...csv.warnings];
  const records: ObservationRecord[] = [];
  const { header, rows, headerLine } = csv;
  const cols = detectLongColumns(header);

  const missing: Problem[] = [];
  if (cols.code === undefined && cols.name === undefined)
    missing.push(missingColumn(file, headerLine, 'das Gebiet|area', [...SYNONYMS.code, ...SYNONYMS.name]));
  if (cols.indicator === undefined && opts.indicator === undefined)
    missing.push(missingColumn(file, headerLine, 'den Indikator|indicator', SYNONYMS.indicator));
  if (cols.period === undefined) missing.push(missingColumn(file, headerLine, 'den Zeitraum|period', SYNONYMS.period));
  if (cols.value === undefined) missing.push(missingColumn(file, headerLine, 'den Wert|value', SYNONYMS.value));
  if (missing.length) return { records, errors: [...errors, ...missing], warnings, rowsRead: csv.rowsRead };

  const iCode = cols.code ?? -1;
  const iName = cols.name ?? -1;
  const iInd = cols.indicator ?? -1;
  const iPer = cols.period as number;
  const iVal = cols.value as number;
  const iNum = cols.numerator ?? -1;
  const iDen = cols.denominator ?? -1;
  const iFlags = cols.flags ?? -1;
  const boolCols = BOOLEAN_FLAGS.filter((f) => cols[f] !== undefined).map((f) => [f, cols[f] as number] as const);
  const fieldOf = (i: number) => header[i];
  const numberCols = [iVal, iNum, iDen].filter((i) => i >= 0);
  const decimal = opts.decimal ?? detectDecimalSeparator(sampleCells(rows, numberCols));
  const numberOpts = { decimal };
  const checkDuplicates = opts.checkDuplicates ?? true;
  const seen = new Map<string, number>();

  rowLoop: for (let r = 0; r < rows.length; r++) {
    const { line, cells } = rows[r];
    const code = iCode >= 0 ? cells[iCode].trim() : '';
    const name = iName >= 0 ? cells[iName].trim() : '';
    if (code === '' && name === '') {
      errors.push(emptyArea(file, line, fieldOf(iCode >= 0 ? iCode : iName)));
      continue;
    }
    const indicator = iInd >= 0 ? cells[iInd].trim() : (opts.indicator as string);
    const period = cells[iPer].trim();
    if (indicator === '' || period === '') {
      const field = fieldOf(indicator === '' ? iInd : iPer);
      errors.push(
        problem(
          'LONG_FIELD_EMPTY',
          `Zeile ${line}: Spalte „${field}“ ist leer; die Zeile wird abgewiesen.`,
          `Line ${line}: column "${field}" is empty; the row is rejected.`,
          { file, line, field, value: '' },
        ),
      );
      continue;
    }
    if (checkDuplicates) {
      const key = `${code}\u0001${name}\u0001${indicator}\u0001${period}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push(duplicate(file, line, first, `${code || name} × ${indicator} × ${period}`));
        continue;
      }
      seen.set(key, line);
    }

    const flags: ObservationFlags = {};
    const rec: ObservationRecord = {
      area: code === '' ? { name } : { code, name: name === '' ? code : name },
      indicator,
      period,
      value: null,
      flags,
      line,
    };
    const v = parseGermanNumber(cells[iVal], numberOpts);
    if (v.kind === 'invalid') {
      errors.push(invalidNumber(file, line, fieldOf(iVal), cells[iVal]));
      continue;
    }
    const rowWarnings: Problem[] = [];
    if (v.kind === 'number') {
      rec.value = v.value;
      if (v.percent) rec.percent = true;
    } else {
      flags.missing = true;
      if (v.suppressed) flags.suppressed = true;
      rec.missingSymbol = v.symbol;
      rowWarnings.push(placeholderValue(file, line, fieldOf(iVal), v.symbol));
    }
    for (const [i, key] of [[iNum, 'numerator'], [iDen, 'denominator']] as const) {
      if (i < 0) continue;
      const raw = cells[i];
      if (raw.trim() === '') {
        rec[key] = null; // an optional column left empty is not a placeholder
        continue;
      }
      const p = parseGermanNumber(raw, numberOpts);
      if (p.kind === 'invalid') {
        errors.push(invalidNumber(file, line, fieldOf(i), raw));
        continue rowLoop;
      }
      if (p.kind === 'number') rec[key] = p.value;
      else {
        rec[key] = null;
        rowWarnings.push(placeholderValue(file, line, fieldOf(i), p.symbol));
      }
    }
    if (iFlags >= 0) {
      for (const ch of cells[iFlags].trim().toLowerCase()) {
        if (ch === ' ' || ch === ',' || ch === ';') continue;
        const f = LETTER_FLAGS[ch];
        if (f) flags[f] = true;
        else rowWarnings.push(unknownFlag(file, line, fieldOf(iFlags), ch));
      }
    }
    for (const [f, i] of boolCols) {
      const raw = cells[i].trim().toLowerCase();
      if (TRUE.has(raw)) flags[f] = true;
      else if (!FALSE.has(raw)) rowWarnings.push(unknownFlag(file, line, fieldOf(i), cells[i].trim()));
    }
    records.push(rec);
    for (const w of rowWarnings) warnings.push(w);
  }
  return { records, errors, warnings, rowsRead: csv.rowsRead };
}

// The decimal decision needs evidence, not every cell: all cells of the first 10,000 rows, after
// that only cells holding a separator (so that "12.5" at row 900,000 is still seen).
function* sampleCells(rows: { cells: string[] }[], cols: number[]): Generator<string> {
  const n = Math.min(rows.length, 10_000);
  for (let r = 0; r < n; r++) for (const c of cols) yield rows[r].cells[c];
  for (let r = n; r < rows.length; r++)
    for (const c of cols) {
      const s = rows[r].cells[c];
      if (s.indexOf(',') !== -1 || s.indexOf('.') !== -1) yield s;
    }
}

function unknownFlag(file: string, line: number, field: string, value: string): Problem {
  return problem(
    'FLAG_UNKNOWN',
    `Zeile ${line}, Spalte „${field}“: Kennzeichen „${value}“ ist unbekannt und wird ignoriert.`,
    `Line ${line}, column "${field}": flag "${value}" is unknown and is ignored.`,
    { file, line, field, value },
  );
}
