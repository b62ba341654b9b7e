// Inequality between areas: quintile ratio, coefficient of variation, population-weighted Gini and
// Theil. Values are per-area rates or means; weights are the populations they describe, so the
// weighted measures describe inequality between people by the area they live in.
// Without weights every area counts once.

function pairs(values: number[], weights?: number[]): { x: number; w: number }[] {
  if (weights && weights.length !== values.length) throw new RangeError('inequality: values and weights differ in length');
  const out = values.map((x, i) => ({ x, w: weights ? weights[i] : 1 }));
  for (const p of out) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.w) || p.w < 0) throw new RangeError('inequality: values must be finite and weights ≥ 0');
  }
  return out.filter((p) => p.w > 0);
}

/** Weighted mean of the slice of the sorted distribution between cumulative shares a and b. */
function sliceMean(sorted: { x: number; w: number }[], total: number, a: number, b: number): number {
  let cum = 0, sw = 0, swx = 0;
  for (const { x, w } of sorted) {
    const lo = Math.max(cum, a * total);
    const hi = Math.min(cum + w, b * total);
    if (hi > lo) { sw += hi - lo; swx += (hi - lo) * x; }
    cum += w;
  }
  return swx / sw;
}

/**
 * Ratio of the mean value in the top fifth to the mean in the bottom fifth (of areas, or of people
 * when weighted). An area straddling the 20 % line counts with the part of it that falls inside.
 * Returns null when the bottom fifth has mean 0.
 */
export function quintileRatio(values: number[], weights?: number[]): number | null {
  const ps = pairs(values, weights).sort((p, q) => p.x - q.x);
  if (ps.length === 0) return null;
  const total = ps.reduce((s, p) => s + p.w, 0);
  const bottom = sliceMean(ps, total, 0, 0.2);
  const top = sliceMean(ps, total, 0.8, 1);
  return bottom === 0 ? null : top / bottom;
}

function moments(ps: { x: number; w: number }[]): { total: number; mean: number; sd: number } {
  const total = ps.reduce((s, p) => s + p.w, 0);
  const mean = ps.reduce((s, p) => s + p.w * p.x, 0) / total;
  const variance = ps.reduce((s, p) => s + p.w * (p.x - mean) ** 2, 0) / total;
  return { total, mean, sd: Math.sqrt(variance) };
}

/** Coefficient of variation sd/mean, with the population sd (divisor Σw). Null for mean 0. */
export function coefficientOfVariation(values: number[], weights?: number[]): number | null {
  const ps = pairs(values, weights);
  if (ps.length === 0) return null;
  const { mean, sd } = moments(ps);
  return mean === 0 ? null : sd / mean;
}

/**
 * Gini G = Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ), computed in O(n log n) on sorted values as
 * G = Σ_i w_i x_i (2C_i − w_i − W) / (W · Σ w x), C_i the cumulative weight up to and including i.
 * Needs values ≥ 0; null when all are 0.
 */
export function gini(values: number[], weights?: number[]): number | null {
  const ps = pairs(values, weights).sort((p, q) => p.x - q.x);
  if (ps.some((p) => p.x < 0)) throw new RangeError('gini: values must be ≥ 0');
  const total = ps.reduce((s, p) => s + p.w, 0);
  const swx = ps.reduce((s, p) => s + p.w * p.x, 0);
  if (ps.length === 0 || swx === 0) return null;
  let cum = 0, s = 0;
  for (const { x, w } of ps) {
    cum += w;
    s += w * x * (2 * cum - w - total);
  }
  return s / (total * swx);
}

/** Theil T = (1/W) Σ w_i (x_i/μ) ln(x_i/μ), with 0·ln 0 = 0. Needs values ≥ 0; null when all are 0. */
export function theil(values: number[], weights?: number[]): number | null {
  const ps = pairs(values, weights);
  if (ps.some((p) => p.x < 0)) throw new RangeError('theil: values must be ≥ 0');
  if (ps.length === 0) return null;
  const { total, mean } = moments(ps);
  if (mean === 0) return null;
  let t = 0;
  for (const { x, w } of ps) if (x > 0) t += w * (x / mean) * Math.log(x / mean);
  return t / total;
}
