// Chooses the reader for a file: by the declared format, else by extension and content. All readers
// live in src/io; this is the only place that maps format names to them.
import path from 'node:path';
import { LernortError, type Problem } from '../core/errors.ts';
import type { AreaFeatureRecord, ObservationRecord, ReadResult } from './types.ts';
import { readCsv } from './csv.ts';
import { readWide } from './wide.ts';
import { readPortal } from './portal.ts';
import { readLong } from './long.ts';
import { parseTableSpec, readTable } from './table.ts';
import { readLeipzigPopulation, readKdValues } from './leipzig-json.ts';
import { readGeoJson } from './geojson.ts';
import { readZippedShapefile } from './shapefile.ts';
import { decodeText } from './text.ts';
import { slugify } from './slug.ts';

export const observationFormats = ['long', 'wide', 'portal', 'table', 'leipzig-population', 'kdvalues'] as const;
export type ObservationFormat = (typeof observationFormats)[number];

export interface ObservationReadOptions {
  format?: string;
  layer?: string;
  /** Source label → indicator key (portal Sachmerkmal, kdvalues Merkmal, population Merkmal). */
  indicators?: Record<string, string>;
  /** The single indicator of a wide file. */
  indicator?: string;
  /** Labels deliberately not imported, with a reason. */
  ignore?: Record<string, string>;
  table?: Record<string, unknown>;
  decimal?: ',' | '.';
}

/** Detects the observation format of a CSV/JSON file from its first bytes. */
export function detectObservationFormat(bytes: Uint8Array, file: string): ObservationFormat {
  const ext = path.extname(file).toLowerCase();
  const head = decodeText(bytes.subarray(0, 4096), file).text;
  if (ext === '.json') {
    rejectRecipe(bytes, file);
    return /"daten"\s*:/.test(head) ? 'leipzig-population' : 'kdvalues';
  }
  const first = head.split('\n')[0].replace(/"/g, '').toLowerCase();
  if (/^gebiet[;,|\t]sachmerkmal/.test(first)) return 'portal';
  if (/(indikator|indicator|merkmal)/.test(first) && /(wert|value)/.test(first)) return 'long';
  return 'wide';
}

/**
 * A Lernort recipe (an object with `steps` and `layers`), whatever the file is called. Recipes are
 * small; a data file of many megabytes is not parsed for this.
 */
export function looksLikeRecipe(bytes: Uint8Array): boolean {
  if (bytes.length > 2_000_000) return false;
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return false;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return Array.isArray(json.steps) && (Array.isArray(json.layers) || Array.isArray(json.indicators));
  } catch {
    return false;
  }
}

function rejectRecipe(bytes: Uint8Array, file: string): void {
  if (!looksLikeRecipe(bytes)) return;
  throw new LernortError(
    'FILE_IS_RECIPE',
    `${file} ist ein Import-Rezept (mit „steps“ und „layers“), keine Datendatei: bitte als Rezept ausführen (lernort import ${file}; die Befehlszeile erkennt Rezepte am Inhalt).`,
    `${file} is an import recipe (with "steps" and "layers"), not a data file: run it as a recipe (lernort import ${file}; the command line recognises recipes by their content).`,
    { location: { file } },
  );
}

export function readObservationFile(bytes: Uint8Array, file: string, opts: ObservationReadOptions): ReadResult<ObservationRecord> {
  if (path.extname(file).toLowerCase() === '.json' || opts.format === 'leipzig-population' || opts.format === 'kdvalues') rejectRecipe(bytes, file);
  const format = (opts.format ?? detectObservationFormat(bytes, file)) as ObservationFormat;
  let read: ReadResult<ObservationRecord>;
  switch (format) {
    case 'long':
      read = readLong(bytes, file);
      break;
    case 'wide':
      if (!opts.indicator) throw formatOptionMissing(file, 'indicator');
      read = readWide(bytes, file, { indicator: opts.indicator, decimal: opts.decimal });
      break;
    case 'portal':
      read = readPortal(bytes, file, { indicatorMap: opts.indicators });
      break;
    case 'table':
      if (!opts.table) throw formatOptionMissing(file, 'table');
      read = readTable(bytes, file, parseTableSpec(opts.table, file));
      break;
    case 'leipzig-population':
      read = readLeipzigPopulation(bytes, file, { indicators: opts.indicators });
      break;
    case 'kdvalues':
      read = readKdValues(bytes, file, { indicators: opts.indicators, layer: opts.layer });
      break;
    default:
      throw new LernortError('FORMAT_UNKNOWN', `Unbekanntes Format „${String(format)}“ (bekannt: ${observationFormats.join(', ')}).`, `Unknown format "${String(format)}" (known: ${observationFormats.join(', ')}).`, { location: { file, field: 'format' } });
  }
  return applyLabelMap(read, file, opts);
}

/**
 * With an explicit label map, records whose indicator is neither mapped nor deliberately ignored
 * are reported as errors: nothing in a file is skipped without the user knowing.
 */
function applyLabelMap(read: ReadResult<ObservationRecord>, file: string, opts: ObservationReadOptions): ReadResult<ObservationRecord> {
  if (!opts.ignore && !opts.indicators) return read;
  const mappedKeys = new Set(Object.values(opts.indicators ?? {}));
  const ignored = opts.ignore ?? {};
  const records: ObservationRecord[] = [];
  // Problems inside a deliberately ignored label (e.g. a Merkmal listed twice with different values)
  // are not the user's to fix: the label is not imported, and the warning below says why.
  const ignoredLabels = Object.keys(opts.ignore ?? {});
  const errors: Problem[] = read.errors.filter((e) => !ignoredLabels.some((l) => e.field?.includes(`.${l}[`) || e.field === l));
  const warnings: Problem[] = [...read.warnings];
  const reportedIgnored = new Set<string>();
  const reportedUnmapped = new Set<string>();
  for (const r of read.records) {
    const label = r.indicator;
    const ignoredLabel = Object.keys(ignored).find((k) => k === label || (opts.indicators?.[k] === undefined && slugEq(k, label)));
    if (ignoredLabel !== undefined) {
      if (!reportedIgnored.has(ignoredLabel)) {
        reportedIgnored.add(ignoredLabel);
        warnings.push({ code: 'LABEL_IGNORED', de: `„${ignoredLabel}“ wird nicht importiert: ${ignored[ignoredLabel]}`, en: `"${ignoredLabel}" is not imported: ${ignored[ignoredLabel]}`, file, field: 'indicator', value: ignoredLabel });
      }
      continue;
    }
    if (opts.indicators && !mappedKeys.has(label)) {
      if (!reportedUnmapped.has(label)) {
        reportedUnmapped.add(label);
        errors.push({ code: 'LABEL_UNMAPPED', de: `Merkmal „${label}“ ist keinem Indikator zugeordnet und nicht ausgeschlossen.`, en: `Label "${label}" is neither mapped to an indicator nor ignored.`, file, line: r.line, field: 'indicator', value: label });
      }
      continue;
    }
    records.push(r);
  }
  return { ...read, records, errors, warnings };
}

// Readers turn unmapped labels into slugs; an ignore entry names the original label.
const slugEq = (label: string, recordIndicator: string) => slugify(label) === recordIndicator;

function formatOptionMissing(file: string, option: string): LernortError {
  return new LernortError('FORMAT_OPTION_MISSING', `Für diese Datei fehlt die Angabe „${option}“.`, `This file needs the option "${option}".`, { location: { file, field: option } });
}

export interface AreaReadOptions {
  format?: 'geojson' | 'shapefile';
  /** Where the deployment's areas lie (config expectedRegion); undefined: Germany; null: no check. */
  expectedBounds?: [number, number, number, number] | null;
  codeProperty: string;
  /** Optional: a common name property is looked for, else the code is the name (with a warning). */
  nameProperty?: string;
  /** Property holding the parent area's code. */
  parentProperty?: string;
  sourceCrs?: string;
  swapAxes?: boolean;
  /** Regex applied to the name property: named groups `code`/`name`, or (code, name), or (name). */
  namePattern?: string;
}

export function readAreaFile(bytes: Uint8Array, file: string, opts: AreaReadOptions): ReadResult<AreaFeatureRecord> {
  const format = opts.format ?? (file.toLowerCase().endsWith('.zip') ? 'shapefile' : 'geojson');
  if (format === 'geojson') rejectRecipe(bytes, file);
  const readerOpts = { codeProperty: opts.codeProperty, nameProperty: opts.nameProperty, sourceCrs: opts.sourceCrs, swapAxes: opts.swapAxes, expectedBounds: opts.expectedBounds, parentProperty: opts.parentProperty };
  const read = format === 'shapefile' ? readZippedShapefile(bytes, file, readerOpts) : readGeoJson(bytes, file, readerOpts);
  if (!opts.namePattern) return read;
  const re = new RegExp(opts.namePattern);
  for (const r of read.records) {
    const raw = String((opts.nameProperty ? r.properties[opts.nameProperty] : undefined) ?? r.name);
    const m = re.exec(raw.trim());
    if (!m) continue;
    if (m.groups?.code || m.groups?.name) {
      if (m.groups.code) r.code = m.groups.code;
      if (m.groups.name) r.name = m.groups.name.trim();
    } else if (m.length >= 3) {
      r.code = m[1];
      r.name = m[2].trim();
    } else if (m.length === 2) r.name = m[1].trim();
  }
  return read;
}

/** A plain CSV as rows of header → cell (used for groupings and mappings). */
export function readTextTable(bytes: Uint8Array, file: string): { rows: { line: number; cells: Record<string, string> }[]; errors: Problem[] } {
  const csv = readCsv(bytes, file);
  return {
    rows: csv.rows.map((r) => ({ line: r.line, cells: Object.fromEntries(csv.header.map((h, i) => [h, (r.cells[i] ?? '').trim()])) })),
    errors: csv.errors,
  };
}
