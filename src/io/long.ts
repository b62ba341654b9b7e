// The long layout, one observation per row: area (code and/or name), indicator, period, value,
// optionally numerator, denominator and flags. This is the bulk path (benchmark B1: 1M rows), so the
// row loop avoids per-row helper objects; the number parser's integer fast path does the rest.
import type { Problem } from '../core/errors.ts';
import { scanCsv, invalidNumber, placeholderValue, emptyArea, duplicate, missingColumn, problem } from './csv.ts';
import { detectDecimalSeparator, parseGermanNumber } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import { slugify } from './slug.ts';
import type { ObservationFlags, ObservationRecord, ReadResult } from './types.ts';
import { STATED_FLAGS } from '../core/flags.ts';
import { cellsOf } from './wide.ts';

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
const BOOLEAN_FLAGS = STATED_FLAGS;

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
  const own: Problem[] = [];
  const ownWarnings: Problem[] = [];
  const records: ObservationRecord[] = [];
  let row: ((line: number, cells: string[]) => void) | undefined;

  const scan = scanCsv(bytes, file, { sampleRows: SAMPLE_ROWS }, {
    start(header, sample, headerLine) {
      row = prepare(header, headerLine, sample, file, opts, records, own, ownWarnings);
    },
    row(line, cells) {
      row?.(line, cells);
    },
  });
  const errors = scan.errors.concat(own);
  if (scan.errors.length && own.length) errors.sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
  return { records, errors, warnings: scan.warnings.concat(ownWarnings), rowsRead: scan.rowsRead };
}

/** Rows read before the decimal separator is decided (and values parsed). */
const SAMPLE_ROWS = 10_000;

function prepare(
  header: string[],
  headerLine: number,
  sample: { cells: string[] }[],
  file: string,
  opts: LongOptions,
  records: ObservationRecord[],
  errors: Problem[],
  warnings: Problem[],
): ((line: number, cells: string[]) => void) | undefined {
  const cols = detectLongColumns(header);
  const before = errors.length;
  if (cols.code === undefined && cols.name === undefined)
    errors.push(missingColumn(file, headerLine, 'das Gebiet|area', [...SYNONYMS.code, ...SYNONYMS.name]));
  if (cols.indicator === undefined && opts.indicator === undefined)
    errors.push(missingColumn(file, headerLine, 'den Indikator|indicator', SYNONYMS.indicator));
  if (cols.period === undefined) errors.push(missingColumn(file, headerLine, 'den Zeitraum|period', SYNONYMS.period));
  if (cols.value === undefined) errors.push(missingColumn(file, headerLine, 'den Wert|value', SYNONYMS.value));
  if (errors.length > before) return undefined;

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
  const decimal = opts.decimal ?? detectDecimalSeparator(cellsOf(sample, numberCols));
  const numberOpts = { decimal };
  const checkDuplicates = opts.checkDuplicates ?? true;
  // indicator → period → area → first line. Nested maps of existing strings are several times
  // faster than one map of concatenated keys at a million rows.
  const seen = new Map<string, Map<string, Map<string, number>>>();

  // Parses numerator/denominator; returns false when the row must be rejected.
  const optionalNumber = (rec: ObservationRecord, key: 'numerator' | 'denominator', raw: string, field: string, line: number, rowWarnings: Problem[]): boolean => {
    if (raw.trim() === '') {
      rec[key] = null; // an optional column left empty is not a placeholder
      return true;
    }
    const p = parseGermanNumber(raw, numberOpts);
    if (p.kind === 'invalid') {
      errors.push(invalidNumber(file, line, field, raw));
      return false;
    }
    if (p.kind === 'number') rec[key] = p.value;
    else {
      rec[key] = null;
      rowWarnings.push(placeholderValue(file, line, field, p.symbol));
    }
    return true;
  };

  // Codes, indicators and periods repeat on every row: one string each instead of a million slices
  // of the file text halves the memory held and the garbage collector's work.
  const strings = new Map<string, string>();
  const intern = (s: string): string => {
    const known = strings.get(s);
    if (known !== undefined) return known;
    if (strings.size < 1_000_000) strings.set(s, s);
    return s;
  };
  // Warnings of the row being read: they count only if the row is accepted. Reused, not reallocated.
  const rowWarnings: Problem[] = [];

  return (line, cells) => {
    const code = iCode >= 0 ? intern(cells[iCode].trim()) : '';
    const name = iName >= 0 ? intern(cells[iName].trim()) : '';
    if (code === '' && name === '') {
      errors.push(emptyArea(file, line, fieldOf(iCode >= 0 ? iCode : iName)));
      return;
    }
    const indicator = iInd >= 0 ? intern(cells[iInd].trim()) : (opts.indicator as string);
    const period = intern(cells[iPer].trim());
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
      return;
    }

    const v = parseGermanNumber(cells[iVal], numberOpts);
    if (v.kind === 'invalid') {
      errors.push(invalidNumber(file, line, fieldOf(iVal), cells[iVal]));
      return;
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
    rowWarnings.length = 0;
    if (v.kind === 'number') {
      rec.value = v.value;
      if (v.percent) rec.percent = true;
    } else {
      flags.missing = true;
      if (v.suppressed) flags.suppressed = true;
      rec.missingSymbol = v.symbol;
      rowWarnings.push(placeholderValue(file, line, fieldOf(iVal), v.symbol));
    }
    if (iNum >= 0 && !optionalNumber(rec, 'numerator', cells[iNum], fieldOf(iNum), line, rowWarnings)) return;
    if (iDen >= 0 && !optionalNumber(rec, 'denominator', cells[iDen], fieldOf(iDen), line, rowWarnings)) return;
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
    if (checkDuplicates) {
      const areaKey = code === '' ? name : `${code}\u0001${name}`;
      let byPeriod = seen.get(indicator);
      if (byPeriod === undefined) seen.set(indicator, (byPeriod = new Map()));
      let byArea = byPeriod.get(period);
      if (byArea === undefined) byPeriod.set(period, (byArea = new Map()));
      const first = byArea.get(areaKey);
      if (first !== undefined) {
        errors.push(duplicate(file, line, first, `${code || name} × ${indicator} × ${period}`));
        return;
      }
      byArea.set(areaKey, line);
    }
    records.push(rec);
    for (let k = 0; k < rowWarnings.length; k++) warnings.push(rowWarnings[k]);
  };
}

function unknownFlag(file: string, line: number, field: string, value: string): Problem {
  return problem(
    'FLAG_UNKNOWN',
    `Zeile ${line}, Spalte „${field}“: Kennzeichen „${value}“ ist unbekannt und wird ignoriert.`,
    `Line ${line}, column "${field}": flag "${value}" is unknown and is ignored.`,
    { file, line, field, value },
  );
}
