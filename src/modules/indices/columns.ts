// The components of a run (raw and standardised values, groups, flags) as columns, and the
// published columns an export writes per area: CDC SVI names them (EP_POV150, EPL_POV150,
// SPL_THEME1, RPL_THEME1, SPL_THEMES, RPL_THEMES, F_POV150, F_THEME1, F_TOTAL); without names a
// column is called after its indicator or group (`alo_anteil`, `alo_anteil_std`, `theme1_sum`).
import { LernortError } from '../../core/errors.ts';
import type { IndexDefinition } from './schema.ts';

type Column = (number | null)[];

export interface ComponentValue {
  value?: number | null;
  standardised?: number | null;
  change?: number | null;
  changeStandardised?: number | null;
  /** Indicator flag (1/0), CDC F_var. */
  flag?: number | null;
  /** Group or index: the combined value (CDC SPL). */
  sum?: number | null;
  /** Group or index: the number of flagged indicators (CDC F_THEMEn, F_TOTAL). */
  flags?: number | null;
}

/** Key of the whole index among the components (not a valid indicator or group key). */
export const INDEX_COMPONENT = '$index';

/** Per indicator, per area (area order): the columnar components of the index. */
export interface ComponentColumns {
  keys: string[];
  value: Column[];
  standardised: Column[];
  change?: Column[];
  changeStandardised?: Column[];
  flag?: Column[];
  groups?: { keys: string[]; sum: Column[]; standardised: (Column | null)[]; flags?: Column[] };
  overall?: { sum: Column; flags?: Column };
}

/** The components of area i as one object per indicator key and group key, plus "$index". */
export function componentsOf(c: ComponentColumns, i: number): Record<string, ComponentValue> {
  const out: Record<string, ComponentValue> = {};
  for (let k = 0; k < c.keys.length; k++) {
    const v: ComponentValue = { value: c.value[k][i] ?? null, standardised: c.standardised[k][i] };
    if (c.change && c.changeStandardised) {
      v.change = c.change[k][i];
      v.changeStandardised = c.changeStandardised[k][i];
    }
    if (c.flag) v.flag = c.flag[k][i];
    out[c.keys[k]] = v;
  }
  const g = c.groups;
  if (g) {
    for (let k = 0; k < g.keys.length; k++) {
      out[g.keys[k]] = { sum: g.sum[k][i], standardised: g.standardised[k]?.[i] ?? null, ...(g.flags ? { flags: g.flags[k][i] } : {}) };
    }
  }
  if (c.overall) out[INDEX_COMPONENT] = { sum: c.overall.sum[i], ...(c.overall.flags ? { flags: c.overall.flags[i] } : {}) };
  return out;
}

/**
 * One published column: where its value comes from (a component field, or a field of the result
 * row when component is null) and how it is rounded for people: 'score' to the definition's
 * decimals, 'value' (raw data) only cleared of float noise, 'count' as an integer.
 */
export interface PublishedColumn {
  name: string;
  component: string | null;
  field: keyof ComponentValue | 'score';
  kind: 'score' | 'value' | 'count';
}

/** Columns the export of every run has, before the published component columns. */
export const BASE_COLUMNS = ['code', 'name', 'score', 'rank', 'class', 'class_label', 'dynamics_score', 'dynamics_class', 'dynamics_class_label', 'focus', 'excluded_reason',
  'median_rank', 'rank_p05', 'rank_p95', 'class_flip_rate', 'unstable'] as const;

/** The published component columns of a definition, CDC order: values and ranks, groups, index, then flags. */
export function publishedColumns(d: IndexDefinition, c: ComponentColumns): PublishedColumn[] {
  const out: PublishedColumn[] = [];
  const flagCols: PublishedColumn[] = [];
  d.indicators.forEach((ind, k) => {
    const key = c.keys[k];
    out.push({ name: ind.columns?.value ?? key, component: key, field: 'value', kind: 'value' });
    out.push({ name: ind.columns?.standardised ?? `${key}_std`, component: key, field: 'standardised', kind: 'score' });
    if (c.change) {
      out.push({ name: `${key}_change`, component: key, field: 'change', kind: 'value' });
      out.push({ name: `${key}_change_std`, component: key, field: 'changeStandardised', kind: 'score' });
    }
    if (c.flag) flagCols.push({ name: ind.columns?.flag ?? `${key}_flag`, component: key, field: 'flag', kind: 'count' });
  });
  (d.groups ?? []).forEach((g, k) => {
    out.push({ name: g.columns?.sum ?? `${g.key}_sum`, component: g.key, field: 'sum', kind: 'score' });
    if (c.groups?.standardised[k]) out.push({ name: g.columns?.standardised ?? `${g.key}_std`, component: g.key, field: 'standardised', kind: 'score' });
    if (c.groups?.flags) flagCols.push({ name: g.columns?.flags ?? `${g.key}_flags`, component: g.key, field: 'flags', kind: 'count' });
  });
  if (c.overall && d.overall?.standardisation) out.push({ name: d.overall.columns?.sum ?? 'index_sum', component: INDEX_COMPONENT, field: 'sum', kind: 'score' });
  if (d.overall?.columns?.score) out.push({ name: d.overall.columns.score, component: null, field: 'score', kind: 'score' });
  if (c.overall?.flags) flagCols.push({ name: d.overall?.columns?.flags ?? 'flags_total', component: INDEX_COMPONENT, field: 'flags', kind: 'count' });
  const all = [...out, ...flagCols];
  const seen = new Set<string>(BASE_COLUMNS);
  for (const col of all) {
    if (seen.has(col.name)) {
      throw new LernortError('INDEX_COLUMN_TWICE', `Die Exportspalte „${col.name}“ käme zweimal vor; geben Sie unter columns einen eigenen Namen an.`,
        `The export column "${col.name}" would appear twice; give it its own name under columns.`, { location: { field: 'columns' } });
    }
    seen.add(col.name);
  }
  return all;
}

/** Default decimals of a definition's exports: 4 where percentile ranks are used (CDC), else 3. */
export function defaultDecimals(d: IndexDefinition): number {
  if (d.decimals !== undefined) return d.decimals;
  const methods = [d.standardisation, ...d.indicators.map((i) => i.standardisation), ...(d.groups ?? []).map((g) => g.standardisation), d.overall?.standardisation];
  return methods.some((s) => s?.method === 'percentile-rank') ? 4 : 3;
}
