// Aggregated participant counts per area (and optionally period, age band, sex) from a German CSV
// (the one CSV reader of src/io) or the first sheet of an XLSX workbook. All or nothing: every bad
// row is reported with file, line and column in German and English, and one bad row rejects the file.
import { LernortError, type Problem } from '../../core/errors.ts';
import { readCsv } from '../../io/csv.ts';
import { parseGermanNumber } from '../../io/numbers.ts';
import { slugify } from '../../io/slug.ts';
import type { Sex } from '../../io/uptake-records.ts';

export interface CountRow {
  line: number;
  area: string;
  period: string | null;
  ageBand: string | null;
  sex: Sex | null;
  count: number;
}

const COLUMNS = {
  area: ['gebiet', 'ortsteil', 'code', 'gebietscode', 'area', 'area-code', 'stadtteil', 'planungsraum', 'ot', 'stadtbezirk'],
  period: ['zeitraum', 'jahr', 'periode', 'period', 'year', 'stichtag'],
  count: ['teilnehmende', 'anzahl', 'teilnehmer', 'participants', 'count', 'nutzer', 'nutzende', 'faelle'],
  ageBand: ['altersgruppe', 'altersklasse', 'age-band', 'ageband', 'age-group'],
  sex: ['geschlecht', 'sex', 'gender'],
} as const;
type Column = keyof typeof COLUMNS;

const SEX: Record<string, Sex> = { w: 'f', weiblich: 'f', f: 'f', female: 'f', m: 'm', maennlich: 'm', male: 'm', d: 'd', divers: 'd', diverse: 'd', x: 'd' };

/** True when the header names a count column: a table of counts, not a list of persons. */
export function looksLikeCountTable(header: readonly string[]): boolean {
  const slugs = header.map(slugify);
  return slugs.some((s) => (COLUMNS.count as readonly string[]).includes(s)) && slugs.some((s) => (COLUMNS.area as readonly string[]).includes(s));
}

export function isXlsx(file: string, bytes: Uint8Array): boolean {
  return /\.xlsx$/i.test(file) || (bytes[0] === 0x50 && bytes[1] === 0x4b);
}

/** The header and rows of a CSV or the first XLSX sheet, cells as text. */
export async function readSheet(bytes: Uint8Array, file: string): Promise<{ header: string[]; rows: { line: number; cells: string[] }[]; errors: Problem[] }> {
  if (!isXlsx(file, bytes)) {
    const csv = readCsv(bytes, file);
    return { header: csv.header, rows: csv.rows, errors: csv.errors };
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new LernortError('XLSX_INVALID', 'Die Excel-Datei ist nicht lesbar.', 'The Excel file cannot be read.', { location: { file } });
  }
  const ws = wb.worksheets[0];
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return String(v).replace('.', ','); // read back as a German number below
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string };
    if (o.result !== undefined) return text(o.result);
    if (o.richText) return o.richText.map((t) => t.text).join('');
    return String(o.text ?? v);
  };
  let header: string[] = [];
  const rows: { line: number; cells: string[] }[] = [];
  ws?.eachRow({ includeEmpty: false }, (row, line) => {
    const cells = (row.values as unknown[]).slice(1).map(text);
    if (header.length === 0) header = cells.map((c) => c.trim());
    else rows.push({ line, cells: header.map((_, i) => cells[i] ?? '') });
  });
  return { header, rows, errors: [] };
}

export interface CountFileOptions {
  bandLabels?: readonly string[];
  /** Whether an area cell (code or name) names an area of the target layer; unknown ones are bad rows. */
  areaKnown?: (area: string) => boolean;
  layerKey?: string;
}

export async function readCountFile(bytes: Uint8Array, file: string, opts: CountFileOptions = {}): Promise<CountRow[]> {
  const sheet = await readSheet(bytes, file);
  const bad: Problem[] = [...sheet.errors];
  const slugs = sheet.header.map(slugify);
  const col: Partial<Record<Column, number>> = {};
  for (const c of Object.keys(COLUMNS) as Column[]) {
    const i = slugs.findIndex((s) => (COLUMNS[c] as readonly string[]).includes(s));
    if (i !== -1) col[c] = i;
  }
  if (col.area === undefined || col.count === undefined) {
    throw new LernortError('UPTAKE_COUNT_COLUMNS', 'Die Tabelle braucht eine Spalte „Gebiet“ (Code oder Name) und eine Spalte „Teilnehmende“ (Anzahl).',
      'The table needs an "area" column (code or name) and a "participants" column (count).', { location: { file, line: 1 } });
  }
  const bands = opts.bandLabels ? new Set(opts.bandLabels) : null;
  const out: CountRow[] = [];
  const say = (line: number, c: Column, code: string, de: string, en: string) =>
    bad.push({ code, de: `Zeile ${line}, Spalte „${sheet.header[col[c]!]}“: ${de}`, en: `Line ${line}, column "${sheet.header[col[c]!]}": ${en}`, file, line, field: sheet.header[col[c]!] });
  for (const { line, cells } of sheet.rows) {
    const cell = (c: Column) => (col[c] === undefined ? '' : (cells[col[c]!] ?? '').trim());
    const area = cell('area');
    if (area === '') { say(line, 'area', 'UPTAKE_AREA_EMPTY', 'kein Gebiet angegeben.', 'no area given.'); continue; }
    if (opts.areaKnown && !opts.areaKnown(area)) { say(line, 'area', 'AREA_UNKNOWN', `Gebiet „${area}“ gibt es auf der Ebene ${opts.layerKey ?? ''} nicht.`, `area "${area}" does not exist on layer ${opts.layerKey ?? ''}.`); continue; }
    const periodCell = cell('period').replace(/,0$/, '');
    if (periodCell !== '' && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(periodCell)) { say(line, 'period', 'PERIOD_INVALID', 'kein Jahr (JJJJ) oder Datum (JJJJ-MM-TT).', 'not a year (YYYY) or date (YYYY-MM-DD).'); continue; }
    const n = parseGermanNumber(cell('count'));
    if (n.kind !== 'number' || !Number.isInteger(n.value) || n.value < 0) { say(line, 'count', 'UPTAKE_COUNT_INVALID', 'keine ganze Zahl ≥ 0.', 'not a whole number ≥ 0.'); continue; }
    const bandRaw = cell('ageBand');
    if (bandRaw !== '' && bands && !bands.has(bandRaw)) { say(line, 'ageBand', 'UPTAKE_AGE_BAND', `unbekannte Altersgruppe (erlaubt: ${[...bands].join(', ')}).`, `unknown age band (allowed: ${[...bands].join(', ')}).`); continue; }
    const sexRaw = cell('sex');
    const sex = sexRaw === '' ? null : SEX[slugify(sexRaw)];
    if (sex === undefined) { say(line, 'sex', 'UPTAKE_SEX', 'Geschlecht nicht erkannt (erlaubt: w, m, d oder leer).', 'sex not recognised (allowed: f, m, d or empty).'); continue; }
    out.push({ line, area, period: periodCell === '' ? null : periodCell, ageBand: bandRaw === '' ? null : bandRaw, sex, count: n.value });
  }
  if (bad.length) {
    bad.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new LernortError('UPTAKE_COUNTS_INVALID', `${bad.length} fehlerhafte Zeile(n); die Tabelle wurde nicht übernommen. ${bad[0].de}`,
      `${bad.length} bad row(s); the table was not imported. ${bad[0].en}`, { location: { file, line: bad[0].line, field: bad[0].field }, details: bad });
  }
  return out;
}
