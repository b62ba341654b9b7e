// Nested composite indices (METHODS.md §3): groups (CDC SVI themes, IMD domains) combine their
// members, may round and standardise the result, and pass it up to their parent group or to the
// index, to any depth. Without groups every indicator is combined directly into the index, as before.
//
// CDC SVI (documentation 2020/2022): EPL = percentile rank of each variable; SPL_THEMEn = sum of the
// EPLs of theme n; RPL_THEMEn = percentile rank of SPL_THEMEn; SPL_THEMES = sum of the SPL_THEMEn;
// RPL_THEMES = percentile rank of SPL_THEMES. Percentile ranks and sums to 4 decimals — sums are
// rounded before they are ranked, else tied counties land on different ranks through float noise.
// Flags: F_var = 1 when EPL ≥ 0.90, F_THEMEn = flags in theme n, F_TOTAL = all flags.
import { LernortError } from '../../core/errors.ts';
import { roundDecimals } from '../../core/standardise.ts';
import type { IndexDefinition, Standardisation } from './schema.ts';

type Column = (number | null)[];
type Aggregation = IndexDefinition['aggregation'];

/** Members of a group (or of the index: parent undefined) in definition order, indicators first. */
export function membersOf(d: IndexDefinition, parent: string | undefined): { kind: 'indicator' | 'group'; index: number; weight: number }[] {
  const out: { kind: 'indicator' | 'group'; index: number; weight: number }[] = [];
  d.indicators.forEach((ind, k) => { if (ind.group === parent) out.push({ kind: 'indicator', index: k, weight: ind.weight }); });
  (d.groups ?? []).forEach((g, k) => { if (g.group === parent) out.push({ kind: 'group', index: k, weight: g.weight }); });
  return out;
}

const invalid = (de: string, en: string, field: string) => new LernortError('INDEX_DEFINITION_INVALID', de, en, { location: { field } });

/** The rules of groups zod cannot express: unique keys, known parents, no cycles, no empty group. */
export function checkGroups(d: IndexDefinition): void {
  const groups = d.groups ?? [];
  const keys = new Map<string, number>();
  groups.forEach((g, k) => {
    if (keys.has(g.key)) throw invalid(`Gruppe „${g.key}“ steht zweimal in der Definition.`, `Group "${g.key}" appears twice in the definition.`, `groups.${k}.key`);
    keys.set(g.key, k);
  });
  d.indicators.forEach((ind, k) => {
    if (ind.group !== undefined && !keys.has(ind.group)) {
      throw invalid(`Indikator ${k + 1} gehört zur Gruppe „${ind.group}“, die es nicht gibt.`, `Indicator ${k + 1} belongs to group "${ind.group}", which does not exist.`, `indicators.${k}.group`);
    }
  });
  groups.forEach((g, k) => {
    if (g.group !== undefined && !keys.has(g.group)) throw invalid(`Gruppe „${g.key}“ gehört zur Gruppe „${g.group}“, die es nicht gibt.`, `Group "${g.key}" belongs to group "${g.group}", which does not exist.`, `groups.${k}.group`);
    const path = [g.key];
    for (let p = g.group; p !== undefined; p = groups[keys.get(p)!].group) {
      if (path.includes(p)) throw invalid(`Die Gruppen bilden einen Kreis: ${[...path, p].join(' → ')}.`, `The groups form a cycle: ${[...path, p].join(' → ')}.`, `groups.${k}.group`);
      path.push(p);
    }
    if (membersOf(d, g.key).length === 0) throw invalid(`Gruppe „${g.key}“ hat keine Mitglieder.`, `Group "${g.key}" has no members.`, `groups.${k}`);
  });
  if (groups.length && d.dynamics) {
    throw invalid('Eine Dynamik ist für verschachtelte Indizes (groups) noch nicht vorgesehen.', 'Dynamics are not yet available for nested indices (groups).', 'dynamics');
  }
}

export interface TreeOps {
  combine(a: Aggregation, cols: Column[], weights: number[], field: string): Column;
  standardise(values: Column, s: Standardisation, name: string, field: string): { values: Column; params: Record<string, unknown> };
}

export interface TreeResult {
  /** Per group (definition order): the combined value, rounded as the group says (CDC SPL). */
  sums: Column[];
  /** Per group: the standardised value (CDC RPL), or null where the group has no standardisation. */
  standardised: (Column | null)[];
  /** The combined value of the index, rounded as `overall.round` says (CDC SPL_THEMES). */
  sum: Column;
  /** The score: `overall.standardisation` of the sum (CDC RPL_THEMES), or the sum itself. */
  score: Column;
  params: Record<string, unknown>;
}

const rounded = (c: Column, decimals: number | undefined): Column => (decimals === undefined ? c : c.map((v) => (v === null ? null : roundDecimals(v, decimals))));

/** Combines the standardised indicators (`leaves`, definition order) through the groups into the score. */
export function evaluateTree(d: IndexDefinition, leaves: Column[], ops: TreeOps): TreeResult {
  const groups = d.groups ?? [];
  const sums: Column[] = new Array(groups.length);
  const std: (Column | null)[] = new Array(groups.length);
  const params: Record<string, unknown> = {};
  const memberColumns = (parent: string | undefined): { cols: Column[]; weights: number[] } => {
    const members = membersOf(d, parent);
    return {
      cols: members.map((m) => (m.kind === 'indicator' ? leaves[m.index] : passedUp(m.index))),
      weights: members.map((m) => m.weight),
    };
  };
  const passedUp = (k: number): Column => {
    if (!sums[k]) {
      const g = groups[k];
      const { cols, weights } = memberColumns(g.key);
      if (weights.every((w) => w === 0)) throw new LernortError('INDEX_WEIGHTS_ZERO', `Alle Gewichte der Gruppe „${g.key}“ sind 0.`, `All weights of group "${g.key}" are 0.`, { location: { field: `groups.${k}` } });
      sums[k] = rounded(ops.combine(g.aggregation, cols, weights, `groups.${k}.aggregation`), g.round);
      const s = g.standardisation ? ops.standardise(sums[k], g.standardisation, g.key, `groups.${k}.standardisation`) : null;
      std[k] = s ? s.values : null;
      params[g.key] = { aggregation: g.aggregation, round: g.round ?? null, standardisation: s?.params ?? null, passUp: passUpOf(g) };
    }
    return passUpOf(groups[k]) === 'standardised' && std[k] ? (std[k] as Column) : sums[k];
  };
  const { cols, weights } = memberColumns(undefined);
  if (weights.every((w) => w === 0)) throw new LernortError('INDEX_WEIGHTS_ZERO', 'Alle Gewichte sind 0.', 'All weights are 0.', { location: { field: 'indicators' } });
  groups.forEach((_g, k) => passedUp(k)); // groups nobody uses are still computed and exported
  const sum = rounded(ops.combine(d.aggregation, cols, weights, 'aggregation'), d.overall?.round);
  const o = d.overall?.standardisation ? ops.standardise(sum, d.overall.standardisation, 'index', 'overall.standardisation') : null;
  return { sums, standardised: std, sum, score: o ? o.values : sum, params: { groups: params, overall: o ? { round: d.overall?.round ?? null, standardisation: o.params } : null } };
}

export function passUpOf(g: NonNullable<IndexDefinition['groups']>[number]): 'sum' | 'standardised' {
  return g.passUp ?? (g.standardisation ? 'standardised' : 'sum');
}

export interface FlagResult {
  /** Per indicator: 1 when its standardised value is at least the threshold, 0 below, null unrated. */
  indicators: Column[];
  /** Per group: the number of flagged indicators in it, at any depth. */
  groups: Column[];
  total: Column;
}

/** CDC SVI flags: F_var = EPL ≥ 0.90; F_THEMEn counts them per theme; F_TOTAL over all variables. */
export function flags(d: IndexDefinition, leaves: Column[], atLeast: number): FlagResult {
  const indicators = leaves.map((c) => c.map((v) => (v === null ? null : v >= atLeast ? 1 : 0)));
  const n = leaves[0]?.length ?? 0;
  const count = (members: number[]): Column => Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (const k of members) {
      const f = indicators[k][i];
      if (f === null) return null;
      s += f;
    }
    return s;
  });
  const groups = d.groups ?? [];
  const inGroup = (key: string): number[] => d.indicators.flatMap((ind, k) => (ind.group !== undefined && ancestry(d, ind.group).includes(key) ? [k] : []));
  return { indicators, groups: groups.map((g) => count(inGroup(g.key))), total: count(d.indicators.map((_ind, k) => k)) };
}

/** A group and its parents, innermost first. */
function ancestry(d: IndexDefinition, key: string): string[] {
  const out: string[] = [];
  for (let p: string | undefined = key; p !== undefined; p = d.groups?.find((g) => g.key === p)?.group) out.push(p);
  return out;
}
