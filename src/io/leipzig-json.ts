// The two JSON layouts of the Leipzig statistics API:
// - population by city / Stadtbezirk / Ortsteil: {daten: [{name, wert, jahr, stadtbezirk, ortsteil, ...}]}
//   (values as strings, Merkmal names indented with spaces as in the portal's tree);
// - kdvalues per Ortsteil: {source, title, data: {YEAR: {Merkmal: [{value, district}]}}}.
// JSON has no row numbers, so the parser below records the line where each entry object starts, and
// every problem also names the exact JSON path in `field` (e.g. data.2019.SGB-II-Quote[12].value).
import type { Problem } from '../core/errors.ts';
import { decodeJsonBytes, parseJsonWithLines } from './json-text.ts';
import { detectDecimalSeparator, parseGermanNumber } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import { slugify } from './slug.ts';
import type { ObservationRecord, ReadResult } from './types.ts';

function readJson(input: Uint8Array | string, file: string, warnings: Problem[]): { value?: unknown; lines?: WeakMap<object, number>; error?: Problem } {
  const text = decodeJsonBytes(input, file, warnings, 'LEIPZIG');
  try {
    return parseJsonWithLines(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const line = Number(/line (\d+)/.exec(msg)?.[1]);
    return {
      error: {
        code: 'LEIPZIG_JSON_INVALID',
        de: `Die Datei ist kein gültiges JSON: ${msg}`,
        en: `The file is not valid JSON: ${msg}`,
        file,
        ...(Number.isFinite(line) ? { line } : {}),
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Shared value handling

type Cell = { path: string; line: number; raw: unknown };

function decimalOf(cells: Cell[], forced: DecimalSeparator | undefined): DecimalSeparator {
  if (forced) return forced;
  return detectDecimalSeparator(cells.flatMap((c) => (typeof c.raw === 'string' ? [c.raw] : [])));
}

/** A JSON value (number, numeric string, placeholder or null) → value and flags, or a Problem. */
function toValue(
  cell: Cell,
  file: string,
  decimal: DecimalSeparator,
  where: string,
): { value: number | null; flags: ObservationRecord['flags']; missingSymbol?: string; percent?: boolean; warning?: Problem; error?: Problem } {
  const { raw, line, path } = cell;
  if (typeof raw === 'number' && Number.isFinite(raw)) return { value: raw, flags: {} };
  if (raw === null || raw === undefined || typeof raw === 'string') {
    const parsed = typeof raw === 'string' ? parseGermanNumber(raw, { decimal }) : ({ kind: 'missing', symbol: '', suppressed: false } as const);
    if (parsed.kind === 'number') return { value: parsed.value, flags: {}, ...(parsed.percent ? { percent: true } : {}) };
    if (parsed.kind === 'missing') {
      const sym = raw === null || raw === undefined ? 'null' : parsed.symbol;
      return {
        value: null,
        flags: { missing: true, ...(parsed.suppressed ? { suppressed: true } : {}) },
        missingSymbol: sym,
        warning: {
          code: 'LEIPZIG_VALUE_MISSING',
          de: `${where}: kein Wert (${sym}); als fehlend übernommen.`,
          en: `${where}: no value (${sym}); recorded as missing.`,
          file,
          line,
          field: path,
          value: sym,
        },
      };
    }
  }
  const shownValue = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return {
    value: null,
    flags: {},
    error: {
      code: 'LEIPZIG_VALUE_INVALID',
      de: `${where}: „${shownValue}“ ist keine Zahl.`,
      en: `${where}: "${shownValue}" is not a number.`,
      file,
      line,
      field: path,
      value: shownValue,
    },
  };
}

/** Problems in file order (stable: same line keeps the order of discovery). */
const byLine = (ps: Problem[]) => ps.map((p, i) => [p, i] as const).sort((a, b) => (a[0].line ?? 0) - (b[0].line ?? 0) || a[1] - b[1]).map(([p]) => p);

interface Candidate {
  key: string;
  /** "Holzhausen, Männer 2008" for messages. */
  label: string;
  merkmal: string;
  path: string;
  record: ObservationRecord;
  warning?: Problem;
}

/**
 * Turns candidates into records. The same area, indicator and period more than once: with equal
 * values the first is kept (warning); with different values none is taken (one error per entry),
 * because nothing says which is right. This happens for real: bedarfsgemeinschaften.json holds
 * two "Männer" and two "Frauen" lists per year (two Merkmale of the portal with the same label).
 */
function resolveCandidates(
  candidates: Candidate[],
  file: string,
  merkmaleFound: string[],
  indicatorOf: Map<string, string>,
  errors: Problem[],
  warnings: Problem[],
): Pick<LeipzigJsonResult, 'records' | 'merkmale' | 'periods' | 'layers'> {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const g = groups.get(c.key);
    if (g) g.push(c);
    else groups.set(c.key, [c]);
  }
  const stats = new Map(merkmaleFound.map((m) => [m, { merkmal: m, indicator: indicatorOf.get(m) ?? '', records: 0, rejected: 0 }]));
  const records: ObservationRecord[] = [];
  const periods = new Set<string>();
  const layers: Record<string, number> = {};
  for (const c of candidates) {
    const g = groups.get(c.key)!;
    const st = stats.get(c.merkmal)!;
    if (g.length > 1) {
      const lines = g.map((x) => x.record.line).join(', ');
      const values = g.map((x) => (x.record.value === null ? '–' : String(x.record.value)));
      const same = new Set(values).size === 1;
      if (same && g[0] !== c) {
        warnings.push({
          code: 'LEIPZIG_DUPLICATE_SAME_VALUE',
          de: `${c.label} kommt ${g.length}-mal mit demselben Wert vor (Zeilen ${lines}); der erste Eintrag gilt.`,
          en: `${c.label} occurs ${g.length} times with the same value (lines ${lines}); the first entry is used.`,
          file,
          line: c.record.line,
          field: c.path,
        });
        continue;
      }
      if (!same) {
        st.rejected++;
        errors.push({
          code: 'LEIPZIG_DUPLICATE',
          de: `${c.label} kommt ${g.length}-mal mit verschiedenen Werten vor (${values.join(' / ')}, Zeilen ${lines}); keiner wird übernommen, weil nicht feststeht, welcher gilt.`,
          en: `${c.label} occurs ${g.length} times with different values (${values.join(' / ')}, lines ${lines}); none is taken because it is unclear which one applies.`,
          file,
          line: c.record.line,
          field: c.path,
          value: String(c.record.value),
        });
        continue;
      }
    }
    if (c.warning) warnings.push(c.warning);
    st.records++;
    periods.add(c.record.period);
    const layer = c.record.layer ?? '';
    layers[layer] = (layers[layer] ?? 0) + 1;
    records.push(c.record);
  }
  return { records, merkmale: [...stats.values()], periods: [...periods].sort(), layers };
}

// ---------------------------------------------------------------------------------------------
// Population by city, Stadtbezirk and Ortsteil

export const DEFAULT_POPULATION_INDICATORS: Readonly<Record<string, string>> = {
  'Einwohner insgesamt': 'einwohner',
  Männer: 'maenner',
  Frauen: 'frauen',
  Deutsche: 'deutsche',
  Ausländer: 'auslaender',
};

export interface LeipzigPopulationOptions {
  /** Merkmal (trimmed, as in the file) → indicator key. Default DEFAULT_POPULATION_INDICATORS. */
  indicators?: Record<string, string>;
  /** How the rows for the whole city are named (they carry neither stadtbezirk nor ortsteil). */
  city?: { name: string; code?: string };
  /** Decimal separator of string values; detected over the whole file when unset. */
  decimal?: DecimalSeparator;
}

export interface LeipzigJsonResult extends ReadResult<ObservationRecord> {
  /**
   * Every Merkmal found, in order of first appearance, with its indicator key, the records taken
   * and the entries rejected (e.g. ambiguous duplicates).
   */
  merkmale: Array<{ merkmal: string; indicator: string; records: number; rejected: number }>;
  /** Periods found, sorted. */
  periods: string[];
  /** Records per layer ('stadt', 'stadtbezirk', 'ortsteil'). */
  layers: Record<string, number>;
  /** The file's own title and source URL (kdvalues files). */
  title?: string;
  source?: string;
}

/**
 * einwohner-2000-2024.json. The level of a row is encoded by which of `stadtbezirk` and `ortsteil`
 * holds a name: ortsteil → 'ortsteil', stadtbezirk → 'stadtbezirk', neither → the city ('stadt').
 */
export function readLeipzigPopulation(input: Uint8Array | string, file: string, opts: LeipzigPopulationOptions = {}): LeipzigJsonResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const empty = (e: Problem): LeipzigJsonResult => ({ records: [], errors: [e], warnings, rowsRead: 0, merkmale: [], periods: [], layers: {} });
  const json = readJson(input, file, warnings);
  if (json.error) return empty(json.error);
  const doc = json.value as { daten?: unknown } | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.daten)) {
    return empty({
      code: 'LEIPZIG_LAYOUT',
      de: 'Erwartet wird {"daten": [{name, wert, jahr, stadtbezirk, ortsteil}, ...]} (Einwohner-Export der Leipziger Statistik).',
      en: 'Expected {"daten": [{name, wert, jahr, stadtbezirk, ortsteil}, ...]} (population export of the Leipzig statistics office).',
      file,
    });
  }
  const map = opts.indicators ?? DEFAULT_POPULATION_INDICATORS;
  const mapTrimmed = new Map(Object.entries(map).map(([k, v]) => [k.trim(), v]));
  const city = opts.city ?? { name: 'Leipzig' };
  const rows = doc.daten as unknown[];
  const lineOf = (o: unknown) => (o && typeof o === 'object' ? (json.lines!.get(o) ?? 1) : 1);
  const cells: Cell[] = rows.map((r, k) => ({ path: `daten[${k}].wert`, line: lineOf(r), raw: (r as { wert?: unknown } | null)?.wert }));
  const decimal = decimalOf(cells, opts.decimal);

  const candidates: Candidate[] = [];
  const found: string[] = [];
  const indicatorOf = new Map<string, string>();
  rows.forEach((r, k) => {
    const line = lineOf(r);
    const row = (r ?? {}) as Record<string, unknown>;
    const at = `daten[${k}]`;
    const merkmal = typeof row.name === 'string' ? row.name.trim() : '';
    const year = typeof row.jahr === 'string' || typeof row.jahr === 'number' ? String(row.jahr).trim() : '';
    const where = `${merkmal || '?'} ${year || '?'}`;
    if (!merkmal) {
      errors.push({ code: 'LEIPZIG_MERKMAL_MISSING', de: `Eintrag ${k + 1} hat kein Merkmal (name).`, en: `Entry ${k + 1} has no Merkmal (name).`, file, line, field: `${at}.name` });
      return;
    }
    if (!/^\d{4}$/.test(year)) {
      errors.push({ code: 'LEIPZIG_YEAR_INVALID', de: `${where}: „${year}“ ist kein Jahr.`, en: `${where}: "${year}" is not a year.`, file, line, field: `${at}.jahr`, value: year });
      return;
    }
    const ot = typeof row.ortsteil === 'string' ? row.ortsteil.trim() : '';
    const sb = typeof row.stadtbezirk === 'string' ? row.stadtbezirk.trim() : '';
    const layer = ot ? 'ortsteil' : sb ? 'stadtbezirk' : 'stadt';
    if (ot && sb) {
      warnings.push({
        code: 'LEIPZIG_LEVEL_AMBIGUOUS',
        de: `${where}: der Eintrag nennt Stadtbezirk „${sb}“ und Ortsteil „${ot}“; er wird als Ortsteil gelesen.`,
        en: `${where}: the entry names Stadtbezirk "${sb}" and Ortsteil "${ot}"; it is read as an Ortsteil.`,
        file,
        line,
        field: at,
      });
    }
    const area = layer === 'stadt' ? { ...city } : { name: ot || sb };
    let indicator = mapTrimmed.get(merkmal);
    if (indicator === undefined) {
      indicator = slugify(merkmal);
      if (!indicatorOf.has(merkmal)) {
        warnings.push({
          code: 'LEIPZIG_MERKMAL_UNMAPPED',
          de: `Das Merkmal „${merkmal}“ steht nicht in der Zuordnung; es wird als Indikator „${indicator}“ gelesen.`,
          en: `The Merkmal "${merkmal}" is not in the mapping; it is read as indicator "${indicator}".`,
          file,
          line,
          field: `${at}.name`,
          value: merkmal,
        });
      }
    }
    if (!indicatorOf.has(merkmal)) {
      indicatorOf.set(merkmal, indicator);
      found.push(merkmal);
    }
    const v = toValue(cells[k], file, decimal, `${area.name}, ${where}`);
    if (v.error) {
      errors.push(v.error);
      return;
    }
    candidates.push({
      key: `${layer}|${area.name}|${indicator}|${year}`,
      label: `${area.name}, ${merkmal} ${year}`,
      merkmal,
      path: `${at}.wert`,
      ...(v.warning ? { warning: v.warning } : {}),
      record: {
      area,
      layer,
      indicator,
      period: year,
      value: v.value,
      flags: v.flags,
      ...(v.missingSymbol !== undefined ? { missingSymbol: v.missingSymbol } : {}),
      ...(v.percent ? { percent: true } : {}),
        line,
      },
    });
  });
  const resolved = resolveCandidates(candidates, file, found, indicatorOf, errors, warnings);
  return { ...resolved, errors: byLine(errors), warnings: byLine(warnings), rowsRead: rows.length };
}

// ---------------------------------------------------------------------------------------------
// kdvalues: {source, title, data: {YEAR: {Merkmal: [{value, district}]}}}

export interface KdValuesOptions {
  /** Merkmal → indicator key; unmapped Merkmale get keyPrefix + slugify(Merkmal). */
  indicators?: Record<string, string>;
  /**
   * Put before slugged keys, e.g. "arbeitslose-" so that "Männer" of the unemployment file does not
   * collide with "Männer" of another file. Default ''.
   */
  keyPrefix?: string;
  /** Layer of the districts. Default 'ortsteil' (the kdvalues files are per Ortsteil). */
  layer?: string;
  decimal?: DecimalSeparator;
}

export function readKdValues(input: Uint8Array | string, file: string, opts: KdValuesOptions = {}): LeipzigJsonResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const empty = (e: Problem): LeipzigJsonResult => ({ records: [], errors: [e], warnings, rowsRead: 0, merkmale: [], periods: [], layers: {} });
  const json = readJson(input, file, warnings);
  if (json.error) return empty(json.error);
  const doc = json.value as { source?: unknown; title?: unknown; data?: unknown } | null;
  if (!doc || typeof doc !== 'object' || !doc.data || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    return empty({
      code: 'LEIPZIG_LAYOUT',
      de: 'Erwartet wird {"source", "title", "data": {JAHR: {Merkmal: [{value, district}]}}} (kdvalues der Leipziger Statistik).',
      en: 'Expected {"source", "title", "data": {YEAR: {Merkmal: [{value, district}]}}} (kdvalues of the Leipzig statistics office).',
      file,
    });
  }
  const lineOf = (o: unknown) => (o && typeof o === 'object' ? (json.lines!.get(o) ?? 1) : 1);
  const data = doc.data as Record<string, unknown>;
  const layer = opts.layer ?? 'ortsteil';
  const prefix = opts.keyPrefix ?? '';

  // Flatten first, so the decimal separator is decided over all string values of the file.
  type Entry = { year: string; merkmal: string; k: number; entry: unknown; cell: Cell };
  const entries: Entry[] = [];
  for (const [yearKey, byMerkmal] of Object.entries(data)) {
    const year = yearKey.trim();
    if (!/^\d{4}$/.test(year) || !byMerkmal || typeof byMerkmal !== 'object' || Array.isArray(byMerkmal)) {
      errors.push({
        code: 'LEIPZIG_YEAR_INVALID',
        de: `„${yearKey}“ ist kein Jahr mit Merkmalen; der Abschnitt wird übersprungen.`,
        en: `"${yearKey}" is not a year with Merkmale; the section is skipped.`,
        file,
        line: lineOf(byMerkmal),
        field: `data.${yearKey}`,
        value: yearKey,
      });
      continue;
    }
    for (const [merkmalKey, list] of Object.entries(byMerkmal as Record<string, unknown>)) {
      const at = `data.${yearKey}.${merkmalKey}`;
      if (!Array.isArray(list)) {
        errors.push({ code: 'LEIPZIG_LAYOUT', de: `${at} ist keine Liste.`, en: `${at} is not a list.`, file, line: lineOf(list), field: at });
        continue;
      }
      list.forEach((entry, k) => {
        const raw = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
        entries.push({ year, merkmal: merkmalKey.trim(), k, entry, cell: { path: `${at}[${k}].value`, line: lineOf(entry) || lineOf(list), raw } });
      });
    }
  }
  const decimal = decimalOf(
    entries.map((e) => e.cell),
    opts.decimal,
  );

  const candidates: Candidate[] = [];
  const found: string[] = [];
  const indicatorOf = new Map<string, string>();
  for (const e of entries) {
    const indicator = opts.indicators?.[e.merkmal] ?? prefix + slugify(e.merkmal);
    if (!indicatorOf.has(e.merkmal)) {
      indicatorOf.set(e.merkmal, indicator);
      found.push(e.merkmal);
    }
    const { line, path } = e.cell;
    const district = e.entry && typeof e.entry === 'object' ? (e.entry as { district?: unknown }).district : undefined;
    const name = typeof district === 'string' ? district.trim() : '';
    const where = `${e.merkmal} ${e.year}`;
    if (!name) {
      errors.push({
        code: 'LEIPZIG_DISTRICT_MISSING',
        de: `${where}: Eintrag ${e.k + 1} nennt kein Gebiet (district).`,
        en: `${where}: entry ${e.k + 1} names no area (district).`,
        file,
        line,
        field: path.replace(/\.value$/, '.district'),
      });
      continue;
    }
    const v = toValue(e.cell, file, decimal, `${name}, ${where}`);
    if (v.error) {
      errors.push(v.error);
      continue;
    }
    candidates.push({
      key: `${name}|${indicator}|${e.year}`,
      label: `${name}, ${e.merkmal} ${e.year}`,
      merkmal: e.merkmal,
      path,
      ...(v.warning ? { warning: v.warning } : {}),
      record: {
      area: { name },
      layer,
      indicator,
      period: e.year,
      value: v.value,
      flags: v.flags,
      ...(v.missingSymbol !== undefined ? { missingSymbol: v.missingSymbol } : {}),
      ...(v.percent ? { percent: true } : {}),
        line,
      },
    });
  }
  return {
    ...resolveCandidates(candidates, file, found, indicatorOf, errors, warnings),
    errors: byLine(errors),
    warnings: byLine(warnings),
    rowsRead: entries.length,
    ...(typeof doc.title === 'string' ? { title: doc.title } : {}),
    ...(typeof doc.source === 'string' ? { source: doc.source } : {}),
  };
}
