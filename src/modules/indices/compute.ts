// The computation of one index run from values already in memory — no database, so the service,
// the CLI and benchmark B3 share it. Every method is one of src/core (METHODS.md §2–§3); this file
// only decides which areas are rated, wires the steps together and records what was used.
//
// Rated areas: not excluded by hand, at or above the minimum population, and with a value for every
// indicator. Only they enter the standardisation (the same set for every indicator), so an area
// missing one value never shifts the mean of another indicator. Rank 1 = highest score = most need.
import { LernortError } from '../../core/errors.ts';
import { orient, zScores, percentileRanks, minMax, goalposts, type Direction } from '../../core/standardise.ts';
import { weightedSum, weightedMean, geometricMean, exponentialTransform } from '../../core/composite.ts';
import { classify, MSS_STATUS, MSS_DYNAMICS, compileFocusRule, type ClassScheme, type Classification, type SdScheme } from '../../core/classify/index.ts';
import { sensitivity as runSensitivity, type Normalisation } from '../../core/sensitivity.ts';
import { rankAscending, rankWorkspace } from '../../core/fast-rank.ts';
import type { ClassSchemeDef, IndexDefinition, SensitivitySettings, Standardisation } from './schema.ts';
import { keyOf, minPopulationKey } from './roles.ts';
import { evaluateTree, flags as computeFlags, type TreeResult } from './nested.ts';
import { publishedColumns, defaultDecimals, type ComponentColumns } from './columns.ts';

export interface ComputeArea {
  id: number;
  code: string;
  name: string;
}

export interface ComputeInput {
  definition: IndexDefinition;
  areas: ComputeArea[];
  /** Indicator key → value per area (area order) in the run's period. */
  values: Record<string, (number | null)[]>;
  /** Indicator key → value per area in the dynamics base period (period − k). */
  previous?: Record<string, (number | null)[]>;
  /** Indicator key → value per area in the fixed reference period. */
  reference?: Record<string, (number | null)[]>;
  /** Population per area in the period (minimum population, population-weighted means). */
  population?: (number | null)[];
  referencePopulation?: (number | null)[];
  /** Target population per area for weighted quantile classes (status, dynamics). */
  classWeights?: (number | null)[];
  dynamicsClassWeights?: (number | null)[];
  /** Monte Carlo over weights and normalisations; omitted = none. */
  sensitivity?: SensitivitySettings;
}

export interface ComputedRow {
  area: ComputeArea;
  score: number | null;
  rank: number | null;
  class: number | null;
  classLabel: string | null;
  dynamicsScore: number | null;
  dynamicsClass: number | null;
  dynamicsClassLabel: string | null;
  focus: boolean;
  excludedReason: string | null;
  medianRank: number | null;
  rankP05: number | null;
  rankP95: number | null;
  classFlipRate: number | null;
  unstable: boolean;
}

export { componentsOf, type ComponentColumns, type ComponentValue } from './columns.ts';

export interface ComputeOutput {
  rows: ComputedRow[];
  /** Raw, standardised and (with dynamics) changed values per indicator: columns, not objects, to keep a run of 10,000 areas cheap. */
  components: ComponentColumns;
  params: Record<string, unknown>;
  summary: Record<string, unknown>;
}

const field = (f: string) => ({ location: { field: f } });

/** Which areas are rated, and why the others are not. */
function exclusions(input: ComputeInput): (string | null)[] {
  const { definition: d, areas, values, population } = input;
  const manual = d.exclusions.manual.length ? new Map(d.exclusions.manual.map((m) => [m.code, m.reason])) : null;
  const minPop = d.exclusions.minPopulation;
  const keys = d.indicators.map(keyOf);
  const cols = keys.map((key) => values[key]);
  return areas.map((a, i) => {
    const m = manual?.get(a.code);
    if (m !== undefined) return `MANUAL: ${m}`;
    if (minPop) {
      const p = population?.[i];
      if (p === null || p === undefined || !Number.isFinite(p)) return `MIN_POPULATION: ${minPopulationKey(d)} missing`;
      if (p < minPop.threshold) return `MIN_POPULATION: ${p} < ${minPop.threshold}`;
    }
    let missing: string[] | null = null; // a loop, not filter/map: this runs for every area
    for (let k = 0; k < cols.length; k++) if (!isNum(cols[k]?.[i])) (missing ??= []).push(keys[k]);
    return missing ? `MISSING_VALUE: ${missing.join(', ')}` : null;
  });
}

const isNum = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

interface StdResult {
  values: (number | null)[];
  params: Record<string, unknown>;
}

/**
 * Standardise one indicator over the rated areas (null elsewhere). `ref` holds the base period's
 * values (same areas) for a fixed reference: z-scores take its mean and sd, min–max its range.
 */
function standardise(key: string | { de: string; en: string }, path: string, raw: (number | null)[], direction: Direction, s: Standardisation,
  population: (number | null)[] | undefined, ref?: { values: (number | null)[]; population?: (number | null)[] }): StdResult {
  const oriented = orient(raw, direction);
  const name = typeof key === 'string' ? { de: `Indikator ${key}`, en: `Indicator ${key}` } : key;
  const fail = (reason: string): never => {
    if (reason === 'TOO_FEW') {
      throw new LernortError('INDEX_TOO_FEW_AREAS', `${name.de}: zu wenige bewertete Gebiete für die Standardisierung.`,
        `${name.en}: too few rated areas to standardise.`, field(path));
    }
    throw new LernortError('INDEX_INDICATOR_NO_SPREAD', `${name.de} unterscheidet die Gebiete nicht (Streuung 0).`,
      `${name.en} does not distinguish the areas (no spread).`, field(path));
  };
  switch (s.method) {
    case 'z-score': {
      const opts = { mean: s.mean, sdDivisor: s.sdDivisor, population: population ?? [] };
      if (s.mean === 'population-weighted' && !population) {
        throw new LernortError('INDEX_POPULATION_REQUIRED', 'Ein bevölkerungsgewichteter Mittelwert braucht einen Bevölkerungsindikator (population).',
          'A population-weighted mean needs a population indicator (population).', field('population'));
      }
      let reference: { mean: number; sd: number } | undefined;
      if (ref) {
        const base = zScores(orient(ref.values, direction), { ...opts, population: ref.population ?? [] });
        if (base.reason) fail(base.reason);
        reference = { mean: base.mean as number, sd: base.sd as number };
      }
      const r = zScores(oriented, reference ? { ...opts, reference } : opts);
      if (r.reason) fail(r.reason);
      return { values: r.values, params: { method: s.method, mean: r.mean, sd: r.sd, basis: r.basis, meanWeighting: s.mean, sdDivisor: s.sdDivisor } };
    }
    case 'percentile-rank': {
      const r = percentileRanks(oriented, { decimals: s.decimals, rounding: s.rounding });
      if (r.reason) fail(r.reason);
      return { values: r.values, params: { method: s.method, decimals: s.decimals, rounding: s.rounding, basis: 'per-period' } };
    }
    case 'min-max': {
      if (ref) {
        const base = minMax(orient(ref.values, direction));
        if (base.reason) fail(base.reason === 'NO_RANGE' ? 'ZERO_SD' : 'TOO_FEW');
        const min = base.min as number, max = base.max as number;
        const values = oriented.map((v) => (isNum(v) ? ((v - min) / (max - min)) * s.scale : null));
        return { values, params: { method: s.method, min, max, scale: s.scale, basis: 'reference' } };
      }
      const r = minMax(oriented, { scale: s.scale });
      if (r.reason) fail(r.reason === 'NO_RANGE' ? 'ZERO_SD' : 'TOO_FEW');
      return { values: r.values, params: { method: s.method, min: r.min, max: r.max, scale: s.scale, basis: 'per-period' } };
    }
    case 'goalposts':
      // goalposts take the raw values and run the scale the other way for 'higher-is-better'
      return { values: goalposts(raw, s.lower, s.upper, direction), params: { method: s.method, lower: s.lower, upper: s.upper, basis: 'fixed-goalposts' } };
    case 'imd-exponential': {
      const values = exponentialTransform(oriented);
      if (values.filter(isNum).length < 2) fail('TOO_FEW');
      return { values, params: { method: s.method, basis: 'per-period' } };
    }
  }
}

function aggregate(a: IndexDefinition['aggregation'], cols: (number | null)[][], weights: number[], path = 'aggregation'): (number | null)[] {
  try {
    if (a.method === 'weighted-sum') return weightedSum(cols, weights);
    if (a.method === 'mean') return weightedMean(cols, weights);
    return geometricMean(cols.map((c) => c.map((v) => (v === null ? null : v + a.offset))), weights);
  } catch (err) {
    if (err instanceof LernortError) throw new LernortError(err.code, err.de, err.en, { ...field(path), details: err.details });
    throw err;
  }
}

export function toCoreScheme(s: ClassSchemeDef, weights: (number | null)[] | undefined): ClassScheme {
  switch (s.kind) {
    case 'sd': return { kind: 'sd', cuts: s.cuts, center: s.center, sdDivisor: s.sdDivisor, ...(s.labels ? { labels: s.labels } : {}) };
    case 'mss-status':
    case 'mss-dynamics': return { kind: s.kind };
    case 'quantiles': return { kind: 'quantiles', k: s.k, ...(weights ? { weights } : {}) };
    case 'ckmeans':
    case 'equal-interval': return { kind: s.kind, k: s.k };
    case 'fixed': return { kind: 'fixed', thresholds: s.thresholds, side: s.side, ...(s.labels ? { labels: s.labels } : {}) };
    case 'hybrid': return { kind: 'hybrid', topShare: s.topShare, levels: s.levels };
  }
}

/** The sd scheme behind a class scheme, if it is one (for class flips in the Monte Carlo). */
function sdSchemeOf(s: ClassSchemeDef): SdScheme | undefined {
  if (s.kind === 'mss-status') return MSS_STATUS;
  if (s.kind === 'mss-dynamics') return MSS_DYNAMICS;
  if (s.kind === 'sd') return { cuts: s.cuts, center: s.center, sdDivisor: s.sdDivisor };
  return undefined;
}

function labelsOf(s: ClassSchemeDef): string[] | undefined {
  if (s.kind === 'mss-status') return MSS_STATUS.labels;
  if (s.kind === 'mss-dynamics') return MSS_DYNAMICS.labels;
  return s.labels;
}

export function classCount(s: ClassSchemeDef): number {
  switch (s.kind) {
    case 'sd': case 'fixed': return (s.kind === 'sd' ? s.cuts.length : s.thresholds.length) + 1;
    case 'mss-status': return 4;
    case 'mss-dynamics': return 3;
    case 'hybrid': return s.levels;
    default: return s.k;
  }
}

function runClassify(values: (number | null)[], s: ClassSchemeDef, weights: (number | null)[] | undefined, path: string): Classification {
  try {
    return classify(values, toCoreScheme(s, weights));
  } catch (err) {
    if (err instanceof RangeError) throw new LernortError('INDEX_CLASSIFICATION_INVALID', `Klasseneinteilung ungültig: ${err.message}`, `Invalid classification: ${err.message}`, field(path));
    throw err;
  }
}

/** Rank 1 = highest value; ties share the lowest rank; null stays null. */
export function rankDescending(values: (number | null)[]): (number | null)[] {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (isNum(values[i])) idx.push(i);
  // the bucket-sort ranking of the Monte Carlo (ascending, so rank the negated values)
  const key = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) key[k] = -(values[idx[k]] as number);
  const rank = new Uint32Array(idx.length);
  rankAscending(key, rank, rankWorkspace(idx.length));
  const out: (number | null)[] = new Array(values.length).fill(null);
  for (let k = 0; k < idx.length; k++) out[idx[k]] = rank[k];
  return out;
}

function mask(values: (number | null)[] | undefined, rated: boolean[]): (number | null)[] {
  return rated.map((ok, i) => (ok && values && isNum(values[i]) ? values[i] : null));
}

function moments(values: (number | null)[]): { mean: number | null; sd: number | null } {
  const xs = values.filter(isNum);
  if (xs.length === 0) return { mean: null, sd: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

export function computeIndex(input: ComputeInput): ComputeOutput {
  const { definition: d, areas } = input;
  const n = areas.length;
  const reasons = exclusions(input);
  const rated = reasons.map((r) => r === null);
  const keys = d.indicators.map(keyOf);
  const weights = d.indicators.map((i) => i.weight);
  const nested = (d.groups?.length ?? 0) > 0 || d.overall?.standardisation !== undefined;
  if (input.sensitivity && nested) {
    throw new LernortError('INDEX_SENSITIVITY_NESTED', 'Die Sensitivitätsanalyse ist für verschachtelte Indizes (groups, overall) noch nicht verfügbar.',
      'The sensitivity analysis is not yet available for nested indices (groups, overall).', field('sensitivity'));
  }
  const pop = input.population ? mask(input.population, rated) : undefined;

  // reference period: its own rated set (same rules, its own population)
  let refRated: boolean[] | undefined;
  if (d.reference.mode === 'fixed') {
    if (!input.reference) throw new LernortError('INDEX_REFERENCE_MISSING', 'Werte der Referenzperiode fehlen.', 'Values of the reference period are missing.', field('reference.period'));
    refRated = exclusions({ ...input, values: input.reference, population: input.referencePopulation }).map((r) => r === null);
  }

  const params: Record<string, unknown> = { reference: d.reference, aggregation: d.aggregation, indicators: {} as Record<string, unknown> };
  // components are assembled per area at the end, from these columns (one allocation per value)
  const changeCols: (number | null)[][] = [];
  const changeStdCols: (number | null)[][] = [];
  const cols = d.indicators.map((ind, k) => {
    const key = keys[k];
    const s = ind.standardisation ?? d.standardisation;
    const raw = mask(input.values[key], rated);
    const ref = refRated ? { values: mask(input.reference?.[key], refRated), population: input.referencePopulation ? mask(input.referencePopulation, refRated) : undefined } : undefined;
    const r = standardise(key, `indicators.${k}`, raw, ind.direction, s, pop, ref);
    (params.indicators as Record<string, unknown>)[key] = { ...r.params, direction: ind.direction, weight: ind.weight, ...(ind.role ? { role: ind.role } : {}), ...(ind.group ? { group: ind.group } : {}) };
    return r.values;
  });
  // groups (themes, domains) combine their members and pass them up; without groups this is the weighted combination of all indicators
  const tree: TreeResult = evaluateTree(d, cols, {
    combine: (a, c, w, path) => aggregate(a, c, w, path),
    standardise: (values, s, name, path) => standardise({ de: `Gruppe ${name}`, en: `Group ${name}` }, path, values, 'higher-is-worse', s, pop),
  });
  if (tree.params.overall || d.groups?.length) Object.assign(params, tree.params);
  const scores = tree.score;
  const ranks = rankDescending(scores);
  const statusWeights = d.classification.kind === 'quantiles' && d.classification.weightIndicator ? mask(input.classWeights, rated) : undefined;
  const status = runClassify(scores, d.classification, statusWeights, 'classification');
  const statusLabels = labelsOf(d.classification);

  // dynamics: change of the same indicators (percentage points for shares) over k periods
  let dynScores: (number | null)[] = areas.map(() => null);
  let dyn: Classification | undefined;
  const dynParams: Record<string, unknown> = {};
  if (d.dynamics) {
    if (!input.previous) throw new LernortError('INDEX_DYNAMICS_MISSING', 'Werte der Vergleichsperiode für die Dynamik fehlen.', 'Values of the comparison period for the dynamics are missing.', field('dynamics'));
    const changes = d.indicators.map((ind) => rated.map((ok, i) => {
      const now = input.values[keyOf(ind)]?.[i], before = input.previous?.[keyOf(ind)]?.[i];
      return ok && isNum(now) && isNum(before) ? now - before : null;
    }));
    const dynRated = rated.map((ok, i) => ok && changes.every((c) => c[i] !== null));
    const dynPop = input.population ? mask(input.population, dynRated) : undefined;
    const dynCols = d.indicators.map((ind, k) => {
      const r = standardise(keys[k], `dynamics.standardisation`, mask(changes[k], dynRated), ind.direction, d.dynamics!.standardisation, dynPop);
      dynParams[keys[k]] = r.params;
      changeCols[k] = changes[k];
      changeStdCols[k] = r.values;
      return r.values;
    });
    dynScores = aggregate(d.aggregation, dynCols, weights);
    const dw = d.dynamics.classification.kind === 'quantiles' && d.dynamics.classification.weightIndicator ? mask(input.dynamicsClassWeights, dynRated) : undefined;
    dyn = runClassify(dynScores, d.dynamics.classification, dw, 'dynamics.classification');
    params.dynamics = { periods: d.dynamics.periods, basePeriod: d.dynamics.basePeriod ?? null, indicators: dynParams, ...moments(dynScores), classes: dyn.bounds, reason: dyn.reason ?? null };
  }
  const dynLabels = d.dynamics ? labelsOf(d.dynamics.classification) : undefined;

  let focusOf: (i: number) => boolean = () => false;
  if (d.focusRule) {
    const rule = compileFocusRule(d.focusRule, ['status', 'dynamics', 'rank']);
    focusOf = (i) => rated[i] && rule({ status: status.classes[i], dynamics: dyn?.classes[i] ?? null, rank: ranks[i] });
  }

  // sensitivity over the rated areas
  const sens = { median: new Array<number | null>(n).fill(null), p05: new Array<number | null>(n).fill(null), p95: new Array<number | null>(n).fill(null), flip: new Array<number | null>(n).fill(null) };
  let sensSummary: Record<string, unknown> | undefined;
  const s = input.sensitivity;
  if (s) {
    const idx = scores.map((v, i) => (isNum(v) ? i : -1)).filter((i) => i >= 0);
    const oriented = d.indicators.map((ind) => Float64Array.from(idx, (i) => (ind.direction === 'higher-is-worse' ? 1 : -1) * (input.values[keyOf(ind)]?.[i] as number)));
    const baseStd = d.standardisation.method;
    const base: Normalisation = baseStd === 'min-max' ? 'minmax' : baseStd === 'percentile-rank' ? 'percentile' : 'z';
    const sd = sdSchemeOf(d.classification);
    const r = runSensitivity(oriented, {
      weights, weightPerturbation: s.weightPerturbation, base, normalisations: s.normalisations, leaveOneOut: s.leaveOneOut,
      draws: s.draws, seed: s.seed, classes: classCount(d.classification), ...(sd ? { sdScheme: sd } : {}),
    });
    idx.forEach((i, j) => {
      sens.median[i] = r.medianRank[j]; sens.p05[i] = r.p05Rank[j]; sens.p95[i] = r.p95Rank[j]; sens.flip[i] = r.classFlipRate[j];
    });
    sensSummary = { ...s, base, classFlips: sd ? 'sd-classes' : 'rank-classes', meanAbsRankShift: r.meanAbsShiftOverall };
  }

  const flagged = d.flags ? computeFlags(d, cols, d.flags.atLeast) : undefined;
  const groupKeys = (d.groups ?? []).map((g) => g.key);
  const clash = groupKeys.find((g) => keys.includes(g));
  if (clash) throw new LernortError('INDEX_DEFINITION_INVALID', `„${clash}“ ist zugleich Gruppe und Indikator.`, `"${clash}" is both a group and an indicator.`, field('groups'));
  const components: ComponentColumns = {
    keys,
    value: keys.map((key) => input.values[key] ?? areas.map(() => null)),
    standardised: cols,
    ...(d.dynamics ? { change: changeCols, changeStandardised: changeStdCols } : {}),
    ...(flagged ? { flag: flagged.indicators } : {}),
    ...(groupKeys.length ? { groups: { keys: groupKeys, sum: tree.sums, standardised: tree.standardised, ...(flagged ? { flags: flagged.groups } : {}) } } : {}),
    ...(nested || flagged ? { overall: { sum: tree.sum, ...(flagged ? { flags: flagged.total } : {}) } } : {}),
  };
  params.columns = publishedColumns(d, components);
  params.decimals = defaultDecimals(d);
  const rows: ComputedRow[] = areas.map((area, i) => {
    const c = status.classes[i], dc = dyn?.classes[i] ?? null;
    const flip = sens.flip[i];
    return {
      area, score: scores[i], rank: ranks[i], class: c, classLabel: c !== null ? statusLabels?.[c - 1] ?? null : null,
      dynamicsScore: d.dynamics ? dynScores[i] : null, dynamicsClass: dc, dynamicsClassLabel: dc !== null ? dynLabels?.[dc - 1] ?? null : null,
      focus: focusOf(i), excludedReason: reasons[i] ?? (scores[i] === null ? 'NOT_COMPUTABLE' : null),
      medianRank: sens.median[i], rankP05: sens.p05[i], rankP95: sens.p95[i], classFlipRate: flip,
      unstable: s !== undefined && flip !== null && flip > s.flipThreshold,
    };
  });

  const k = classCount(d.classification);
  const matrix: Record<string, number> = {};
  if (dyn) for (const r of rows) if (r.class !== null && r.dynamicsClass !== null) matrix[`${r.class}|${r.dynamicsClass}`] = (matrix[`${r.class}|${r.dynamicsClass}`] ?? 0) + 1;
  params.classification = { scheme: d.classification, bounds: status.bounds, reason: status.reason ?? null, ...('sd' in status ? { center: (status as unknown as { center: number | null }).center, sd: (status as unknown as { sd: number | null }).sd } : {}) };
  if (sensSummary) params.sensitivity = sensSummary;
  const summary: Record<string, unknown> = {
    areas: n, rated: rows.filter((r) => r.score !== null).length, excluded: rows.filter((r) => r.excludedReason !== null).length,
    score: moments(scores), classCounts: status.counts.slice(0, k), classLabels: statusLabels ?? null,
    ...(dyn ? { dynamicsClassCounts: dyn.counts, dynamicsClassLabels: dynLabels ?? null, matrix } : {}),
    focus: rows.filter((r) => r.focus).length,
    ...(s ? { unstable: rows.filter((r) => r.unstable).length, meanAbsRankShift: sensSummary?.meanAbsRankShift } : {}),
  };
  return { rows, components, params, summary };
}

/** The comparison period of the dynamics: k years back (YYYY, YYYY-MM-DD) or k months (YYYY-MM). */
export function previousPeriod(period: string, k: number): string {
  if (/^\d{4}$/.test(period)) return String(Number(period) - k);
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const total = Number(m[1]) * 12 + Number(m[2]) - 1 - k;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  }
  const dd = /^(\d{4})(-\d{2}-\d{2})$/.exec(period);
  if (dd) return `${Number(dd[1]) - k}${dd[2]}`;
  throw new LernortError('INDEX_PERIOD_INVALID', `Periode „${period}“ nicht erkannt.`, `Period "${period}" not recognised.`, field('period'));
}
