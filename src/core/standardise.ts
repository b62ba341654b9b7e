// Standardising one indicator over the rated areas of one period — METHODS.md §2.
//
// Every function takes the raw values in area order (null = no value) and returns values in the
// same order, null where an area has no value or is "not rated" (below the minimum population:
// Berlin and Hamburg use 300 inhabitants). Not rated is never shown as zero.

export type Direction = 'higher-is-worse' | 'higher-is-better';
export type AreaStatus = 'rated' | 'missing' | 'not-rated';

export interface RatingOptions {
  /** Inhabitants per area, for the minimum-population rule. */
  population?: (number | null)[];
  /** Areas with fewer inhabitants are excluded and shown as not rated (e.g. 300). */
  minPopulation?: number;
}

/** Which areas take part in the standardisation. */
export function rateAreas(values: (number | null)[], opts: RatingOptions = {}): AreaStatus[] {
  const { population, minPopulation } = opts;
  return values.map((v, i) => {
    if (minPopulation !== undefined && population) {
      const p = population[i];
      if (p === null || p === undefined || p < minPopulation) return 'not-rated';
    }
    return v === null || !Number.isFinite(v) ? 'missing' : 'rated';
  });
}

/**
 * Reverse an indicator where a higher value means less need, so that after this step a higher value
 * always means more need (§2 "Direction").
 */
export function orient(values: (number | null)[], direction: Direction): (number | null)[] {
  return direction === 'higher-is-worse' ? values.slice() : values.map((v) => (v === null ? null : -v));
}

export interface ZScoreOptions extends RatingOptions {
  /** Mean over areas unweighted (Berlin MSS) or weighted by population. Default 'unweighted'. */
  mean?: 'unweighted' | 'population-weighted';
  /** 'N' = population sd (Berlin MSS), 'N-1' = sample sd. Default 'N'. */
  sdDivisor?: 'N' | 'N-1';
  /** Reference-period mode: apply the mean and sd of a base year instead of this period's own. */
  reference?: { mean: number; sd: number };
}

export interface StandardisedResult {
  values: (number | null)[];
  status: AreaStatus[];
  /** 'per-period' = this period's own position, 'reference' = comparable across periods. */
  basis: 'per-period' | 'reference';
  mean: number | null;
  sd: number | null;
  /** Set when values are all null for a reason other than missing input. */
  reason?: 'ZERO_SD' | 'TOO_FEW';
}

/**
 * z_i = (x_i − mean) / sd (§2). With population weighting the mean is Σp·x/Σp and the variance
 * Σp(x − mean)²/Σp; with divisor N−1 the variance is multiplied by N/(N−1), N = number of rated areas.
 * If sd = 0 the indicator does not distinguish the areas: every value is null, reason 'ZERO_SD'.
 */
export function zScores(values: (number | null)[], opts: ZScoreOptions = {}): StandardisedResult {
  const status = rateAreas(values, opts);
  const nullResult = (reason: 'ZERO_SD' | 'TOO_FEW', mean: number | null, sd: number | null, basis: 'per-period' | 'reference'): StandardisedResult =>
    ({ values: values.map(() => null), status, basis, mean, sd, reason });
  let mean: number;
  let sd: number;
  let basis: 'per-period' | 'reference' = 'per-period';
  if (opts.reference) {
    ({ mean, sd } = opts.reference);
    basis = 'reference';
  } else {
    const weighted = opts.mean === 'population-weighted';
    let n = 0, sw = 0, swx = 0;
    for (let i = 0; i < values.length; i++) {
      if (status[i] !== 'rated') continue;
      const w = weighted ? (opts.population?.[i] ?? 0) : 1;
      n++; sw += w; swx += w * (values[i] as number);
    }
    if (n < 2 || sw <= 0) return nullResult('TOO_FEW', null, null, basis);
    mean = swx / sw;
    let ss = 0;
    for (let i = 0; i < values.length; i++) {
      if (status[i] !== 'rated') continue;
      const w = weighted ? (opts.population?.[i] ?? 0) : 1;
      ss += w * ((values[i] as number) - mean) ** 2;
    }
    let variance = ss / sw;
    if (opts.sdDivisor === 'N-1') variance *= n / (n - 1);
    sd = Math.sqrt(variance);
  }
  if (!(sd > 0)) return nullResult('ZERO_SD', mean, sd, basis);
  const out = values.map((v, i) => (status[i] === 'rated' ? ((v as number) - mean) / sd : null));
  return { values: out, status, basis, mean, sd };
}

/**
 * Round half away from zero to `decimals`, robust to binary representation (0.125 stays 0.125, and
 * 0.1 + 0.2 = 0.30000000000000004 becomes 0.3, the same number as 0.3: CDC SVI rounds its sums like
 * this before ranking them, so that equal decimal sums tie).
 */
export function roundDecimals(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(Math.abs(x) * f * (1 + Number.EPSILON)) / f;
  return x < 0 && r !== 0 ? -r : r;
}
const roundTo = roundDecimals;

/** Round down (toward zero) to `decimals`, as Excel's PERCENTRANK.INC does with its significance. */
function truncateTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.floor(x * f * (1 + Number.EPSILON)) / f;
}

export interface PercentileOptions extends RatingOptions {
  /** Default 4 (CDC SVI). */
  decimals?: number;
  /** 'round' (default, CDC SVI) or 'truncate' (Excel PERCENTRANK.INC with significance = decimals). */
  rounding?: 'round' | 'truncate';
}

/**
 * Percentile rank p_i = (rank_i − 1)/(N − 1), ranks ascending, ties take the lowest rank, rounded to
 * 4 decimals (CDC Social Vulnerability Index). Excel PERCENTRANK.INC computes the same ratio but
 * truncates to its significance (3 digits unless given): rounding 'truncate', decimals 3 matches it.
 * A single rated area has no rank: reason 'TOO_FEW'.
 */
export function percentileRanks(values: (number | null)[], opts: PercentileOptions = {}): StandardisedResult {
  const status = rateAreas(values, opts);
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (status[i] === 'rated') idx.push(i);
  const out: (number | null)[] = values.map(() => null);
  const n = idx.length;
  if (n < 2) return { values: out, status, basis: 'per-period', mean: null, sd: null, reason: 'TOO_FEW' };
  idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  const decimals = opts.decimals ?? 4;
  let rank = 1;
  for (let k = 0; k < n; k++) {
    if (k > 0 && values[idx[k]] !== values[idx[k - 1]]) rank = k + 1; // min rank for ties
    const p = (rank - 1) / (n - 1);
    out[idx[k]] = opts.rounding === 'truncate' ? truncateTo(p, decimals) : roundTo(p, decimals);
  }
  return { values: out, status, basis: 'per-period', mean: null, sd: null };
}

export interface MinMaxResult {
  values: (number | null)[];
  status: AreaStatus[];
  min: number | null;
  max: number | null;
  /** 'NO_RANGE' when max = min: the indicator does not distinguish the areas, values are null. */
  reason?: 'NO_RANGE' | 'TOO_FEW';
}

/** Min–max (x − min)/(max − min), optionally × scale (e.g. 100). Guarded against max = min. */
export function minMax(values: (number | null)[], opts: RatingOptions & { scale?: number } = {}): MinMaxResult {
  const status = rateAreas(values, opts);
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (status[i] !== 'rated') continue;
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const empty = values.map(() => null);
  if (min === Infinity) return { values: empty, status, min: null, max: null, reason: 'TOO_FEW' };
  if (max === min) return { values: empty, status, min, max, reason: 'NO_RANGE' };
  const scale = opts.scale ?? 1;
  const out = values.map((v, i) => (status[i] === 'rated' ? (((v as number) - min) / (max - min)) * scale : null));
  return { values: out, status, min, max };
}

/**
 * Goalposts (x − L)/(U − L), truncated to [0, 1] (§2). For 'higher-is-better' the scale runs the
 * other way, (U − x)/(U − L), so that 1 means most need. Throws if U = L.
 */
export function goalposts(values: (number | null)[], lower: number, upper: number, direction: Direction = 'higher-is-worse'): (number | null)[] {
  if (upper === lower) throw new RangeError('goalposts: upper and lower goalpost are equal');
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    const s = (v - lower) / (upper - lower);
    const t = Math.min(1, Math.max(0, s));
    return direction === 'higher-is-worse' ? t : 1 - t;
  });
}
