// Exports of a run (CLI contract, download): one flat record per area with the base columns and the
// published component columns (CDC SVI: EPL_*, SPL_THEMEn, RPL_THEMEn, SPL_THEMES, RPL_THEMES, F_*).
// Numbers as people read them: scores, sums and standardised values to the definition's decimals,
// raw values cleared of float noise (6.651600000000001 → 6.6516), counts as integers; precision
// 'full' writes every number as computed.
import { roundDecimals } from '../../core/standardise.ts';
import { writeCsv } from '../../io/csv-write.ts';
import { BASE_COLUMNS, type PublishedColumn } from './columns.ts';
import type { Run } from './service.ts';

export const EXPORT_COLUMNS = BASE_COLUMNS;

export type Precision = 'rounded' | 'full';
type Cell = string | number | boolean | null;

/**
 * A raw value with the noise of binary floating point removed: the shortest decimal within 4 units
 * in the last place (6.651600000000001 → 6.6516, 0.30000000000000004 → 0.3); a value with 15 or
 * fewer significant digits is returned as it is, so no real digit is cut.
 */
export function withoutFloatNoise(x: number): number {
  if (!Number.isFinite(x) || x === 0 || Number(x.toPrecision(15)) === x) return x;
  const tolerance = 4 * Number.EPSILON * Math.abs(x);
  for (let p = 1; p < 17; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.abs(y - x) <= tolerance) return y;
  }
  return x;
}

function roundCell(v: unknown, kind: PublishedColumn['kind'], decimals: number, precision: Precision): number | null {
  if (typeof v !== 'number') return null;
  if (precision === 'full') return v;
  if (kind === 'count') return Math.round(v);
  if (kind === 'value') return withoutFloatNoise(v);
  return roundDecimals(v, decimals);
}

/** The published component columns of a stored or computed run (none for runs from before they existed). */
export function componentColumnsOf(run: Run): PublishedColumn[] {
  const cols = (run.params as { columns?: PublishedColumn[] }).columns;
  return Array.isArray(cols) ? cols : [];
}

export function decimalsOf(run: Run): number {
  const d = (run.params as { decimals?: number }).decimals;
  return typeof d === 'number' ? d : 4; // runs stored before decimals existed: 4 suits percentile ranks and z-sums alike
}

/** One flat record per area: the CLI contract and the export share it. */
export function exportRows(run: Run, precision: Precision = 'rounded'): Record<string, Cell>[] {
  const cols = componentColumnsOf(run);
  const dec = decimalsOf(run);
  const score = (v: number | null) => roundCell(v, 'score', dec, precision);
  return run.results.map((r) => {
    const row: Record<string, Cell> = {
      code: r.areaCode, name: r.areaName, score: score(r.score), rank: r.rank, class: r.class, class_label: r.classLabel,
      dynamics_score: score(r.dynamicsScore), dynamics_class: r.dynamicsClass, dynamics_class_label: r.dynamicsClassLabel,
      focus: r.focus, excluded_reason: r.excludedReason,
      median_rank: r.medianRank, rank_p05: r.rankP05, rank_p95: r.rankP95, class_flip_rate: score(r.classFlipRate), unstable: r.unstable,
    };
    for (const c of cols) {
      const v = c.component === null ? r.score : (r.components[c.component] as Record<string, unknown> | undefined)?.[c.field];
      row[c.name] = roundCell(v, c.kind, dec, precision);
    }
    return row;
  });
}

/** CSV (German dialect with BOM for spreadsheets, or international) or JSON of a run. */
export function exportRun(run: Run, format: 'csv' | 'csv-intl' | 'json', precision: Precision = 'rounded'): string {
  const rows = exportRows(run, precision);
  if (format === 'json') {
    return JSON.stringify({ id: run.id, definition: run.definition, layer: run.layer, period: run.period, inputHash: run.inputHash, params: run.params, summary: run.summary, results: rows }, null, 2);
  }
  const header = [...EXPORT_COLUMNS, ...componentColumnsOf(run).map((c) => c.name)];
  return writeCsv(header, rows.map((r) => header.map((c) => (typeof r[c] === 'boolean' ? (r[c] ? 1 : 0) : r[c] ?? null))), format === 'csv' ? 'de' : 'intl');
}
