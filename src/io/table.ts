// A table read by a column spec, for files that are neither wide nor long in a regular way: the
// Flensburg Sozialatlas tables mix counts and shares per year ("id,stadtteil,2011,…,gesamt,männlich"),
// some have no header and an area cell like "01 Altstadt", with "53,40%" and "1.374" in one file.
import { z } from 'zod';
import { LernortError, type Problem } from '../core/errors.ts';
import { readCsv } from './csv.ts';
import { detectDecimalSeparator } from './numbers.ts';
import type { DecimalSeparator } from './numbers.ts';
import type { ObservationRecord, ReadResult } from './types.ts';
import { RowCollector, acceptArea, cellsOf, columnIndex, splitArea, unknownColumn } from './wide.ts';

export interface TableColumnSpec {
  /** 0-based index, or header name when the file has a header. */
  column: number | string;
  indicator: string;
  period: string;
}

/** Which layer a row belongs to, when one file holds several levels (Stadtteil, Bezirk, city rows). */
export interface LayerRule {
  /** Regular expression on the row's code (or, without a code, on the area cell). */
  pattern: string;
  layer: string;
}

export interface TableSpec {
  areaColumn: number | string;
  /** A column naming the row's level ("Stadtteil", "Bezirk", "Hamburg"); see `levels`. */
  levelColumn?: number | string;
  /** Level cell → layer key; a level mapped to "" is skipped (section headers). Without it, the cell is the layer key. */
  levels?: Record<string, string>;
  /** First matching rule gives the layer (e.g. 5-digit codes are Stadtteile, 3-digit Bezirke). */
  layerRules?: LayerRule[];
  /** Regular expression (string) splitting "01 Altstadt" into code (group 1 or `code`) and name (group 2 or `name`). */
  areaCodePattern?: string;
  /** A separate column with the area code (e.g. "id"). */
  codeColumn?: number | string;
  hasHeader: boolean;
  columns: TableColumnSpec[];
  /** Default: detected over the cells of the spec's columns. */
  decimal?: DecimalSeparator;
}

const column = z.union([z.number().int().min(0), z.string().min(1)]);

/** The column spec as users write it (JSON file for the CLI, field for the API, recipe step). */
export const tableSpecSchema = z.object({
  areaColumn: column,
  areaCodePattern: z.string().optional(),
  codeColumn: column.optional(),
  levelColumn: column.optional(),
  levels: z.record(z.string(), z.string()).optional(),
  layerRules: z.array(z.object({ pattern: z.string(), layer: z.string() })).optional(),
  hasHeader: z.boolean().default(true),
  columns: z.array(z.object({ column, indicator: z.string().min(1), period: z.string().min(1) })).min(1),
  decimal: z.enum([',', '.']).optional(),
});

/** Validates a column spec; the message names the field that is wrong. */
export function parseTableSpec(raw: unknown, file: string): TableSpec {
  const parsed = tableSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.join('.') || '(spec)';
    throw new LernortError('TABLE_SPEC_INVALID', `Spaltenbeschreibung ungültig bei ${at}: ${issue.message}`, `Column spec invalid at ${at}: ${issue.message}`, { location: { file, field: `table.${at}` } });
  }
  for (const r of parsed.data.layerRules ?? []) {
    try {
      new RegExp(r.pattern);
    } catch {
      throw new LernortError('TABLE_SPEC_INVALID', `Ungültiger regulärer Ausdruck in layerRules: ${r.pattern}`, `Invalid regular expression in layerRules: ${r.pattern}`, { location: { file, field: 'table.layerRules' } });
    }
  }
  return parsed.data;
}

export function readTable(bytes: Uint8Array, file: string, spec: TableSpec): ReadResult<ObservationRecord> {
  const csv = readCsv(bytes, file, { hasHeader: spec.hasHeader });
  const errors: Problem[] = [...csv.errors];
  const warnings: Problem[] = [...csv.warnings];
  const records: ObservationRecord[] = [];
  const { header } = csv;
  const headerLine = csv.headerLine || 1;

  const resolve = (column: number | string): number | undefined => {
    const i = columnIndex(header, column);
    if (i === undefined || i < 0 || i >= csv.width) {
      errors.push(unknownColumn(file, headerLine, String(column)));
      return undefined;
    }
    return i;
  };
  const areaIdx = resolve(spec.areaColumn);
  const codeIdx = spec.codeColumn === undefined ? undefined : resolve(spec.codeColumn);
  const levelIdx = spec.levelColumn === undefined ? undefined : resolve(spec.levelColumn);
  const cols = spec.columns.map((c) => ({ ...c, index: resolve(c.column) }));
  if (areaIdx === undefined || (spec.codeColumn !== undefined && codeIdx === undefined) || (spec.levelColumn !== undefined && levelIdx === undefined) || cols.some((c) => c.index === undefined)) {
    return { records, errors, warnings, rowsRead: csv.rowsRead };
  }
  const indices = cols.map((c) => c.index as number);
  const decimal = spec.decimal ?? detectDecimalSeparator(cellsOf(csv.rows, indices));
  const pattern = spec.areaCodePattern ? new RegExp(spec.areaCodePattern) : undefined;
  const fieldOf = (i: number) => header[i] || `#${i + 1}`;
  // Duplicates are per layer: a Bezirk and a Stadtteil may share a name ("Eimsbüttel").
  const seenByLayer = new Map<string, Map<string, number>>();
  const rules = (spec.layerRules ?? []).map((r) => ({ re: new RegExp(r.pattern), layer: r.layer }));
  const mixed = levelIdx !== undefined || rules.length > 0;

  for (const { line, cells } of csv.rows) {
    const area = splitArea(cells[areaIdx], pattern);
    if (codeIdx !== undefined) {
      const code = cells[codeIdx].trim();
      if (code !== '') area.code = code;
    }
    let layer: string | undefined;
    if (mixed) {
      const found = layerOfRow(cells, area, levelIdx, spec.levels, rules, file, line, levelIdx === undefined ? undefined : fieldOf(levelIdx));
      if ('skip' in found) continue;
      if ('error' in found) {
        errors.push(found.error);
        continue;
      }
      layer = found.layer;
    }
    const seen = seenByLayer.get(layer ?? '') ?? new Map<string, number>();
    seenByLayer.set(layer ?? '', seen);
    if (!acceptArea(area, seen, file, line, fieldOf(areaIdx), errors)) continue;
    const row = new RowCollector(file, line, decimal);
    for (const c of cols) {
      const i = c.index as number;
      row.add(cells[i], fieldOf(i), { area: { ...area }, indicator: c.indicator, period: c.period, ...(layer ? { layer } : {}) });
    }
    row.flushInto(records, errors, warnings);
  }
  return { records, errors, warnings, rowsRead: csv.rowsRead };
}

/** The layer of one row of a mixed-level table: by its level cell, else by the first matching rule. */
function layerOfRow(
  cells: string[], area: { code?: string; name: string }, levelIdx: number | undefined, levels: Record<string, string> | undefined,
  rules: { re: RegExp; layer: string }[], file: string, line: number, levelField: string | undefined,
): { layer: string } | { skip: true } | { error: Problem } {
  if (levelIdx !== undefined) {
    const cell = (cells[levelIdx] ?? '').trim();
    if (levels) {
      if (Object.hasOwn(levels, cell)) return levels[cell] === '' ? { skip: true } : { layer: levels[cell] };
    } else if (cell !== '') return { layer: cell };
    if (rules.length === 0) {
      const known = levels ? Object.keys(levels).map((k) => `„${k}“`).join(', ') : '';
      return { error: { code: 'TABLE_LEVEL_UNKNOWN', de: `Zeile ${line}: Ebene „${cell}“ ist nicht zugeordnet${known ? ` (bekannt: ${known})` : ''}.`, en: `Line ${line}: level "${cell}" is not mapped${known ? ` (known: ${known.replaceAll('„', '"').replaceAll('“', '"')})` : ''}.`, file, line, field: levelField, value: cell } };
    }
  }
  const subject = area.code ?? area.name;
  const rule = rules.find((r) => r.re.test(subject));
  if (rule) return { layer: rule.layer };
  return { error: { code: 'TABLE_LEVEL_UNKNOWN', de: `Zeile ${line}: „${subject}“ passt zu keiner Ebenenregel (layerRules).`, en: `Line ${line}: "${subject}" matches no layer rule (layerRules).`, file, line, field: levelField ?? 'area', value: subject } };
}
