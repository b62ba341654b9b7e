// Composite indices from standardised indicators — METHODS.md §3.
//
// Indicators come column-wise: `indicators[k][i]` is indicator k for area i, already oriented so
// that a higher value means more need. An area missing any component gets null (never a partial sum).

import { LernortError } from './errors.ts';

function checkShape(indicators: (number | null)[][], weights: number[]): number {
  if (indicators.length !== weights.length) {
    throw new LernortError('COMPOSITE_WEIGHTS', 'Anzahl der Gewichte passt nicht zur Anzahl der Indikatoren.',
      'The number of weights does not match the number of indicators.');
  }
  const n = indicators[0]?.length ?? 0;
  for (const col of indicators) {
    if (col.length !== n) throw new LernortError('COMPOSITE_SHAPE', 'Indikatoren haben unterschiedlich viele Gebiete.', 'Indicators cover different numbers of areas.');
  }
  return n;
}

/** Weighted sum S_i = Σ_k w_k z_ik (the Berlin MSS status index is this with all w_k = 1). */
export function weightedSum(indicators: (number | null)[][], weights: number[]): (number | null)[] {
  const n = checkShape(indicators, weights);
  const out: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let ok = true;
    for (let k = 0; k < indicators.length && ok; k++) {
      const v = indicators[k][i];
      if (v === null || !Number.isFinite(v)) ok = false;
      else s += weights[k] * v;
    }
    out[i] = ok ? s : null;
  }
  return out;
}

/** Weighted arithmetic mean Σ w_k z_ik / Σ w_k; equal weights when none are given. */
export function weightedMean(indicators: (number | null)[][], weights?: number[]): (number | null)[] {
  const w = weights ?? indicators.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  if (total === 0) throw new LernortError('COMPOSITE_WEIGHTS', 'Die Gewichte ergeben zusammen 0.', 'The weights sum to 0.');
  return weightedSum(indicators, w.map((x) => x / total));
}

/**
 * Weighted geometric mean Π x_k^(w_k/Σw) = exp(Σ w_k ln x_k / Σ w_k). Needs positive inputs (min–max
 * scores contain 0, so shift them first); a zero or negative input is an error naming the area index.
 */
export function geometricMean(indicators: (number | null)[][], weights?: number[]): (number | null)[] {
  const w = weights ?? indicators.map(() => 1);
  const n = checkShape(indicators, w);
  const total = w.reduce((a, b) => a + b, 0);
  const out: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let ok = true;
    for (let k = 0; k < indicators.length; k++) {
      const v = indicators[k][i];
      if (v === null || !Number.isFinite(v)) { ok = false; break; }
      if (v <= 0) {
        throw new LernortError('GEOMETRIC_MEAN_NON_POSITIVE',
          `Das geometrische Mittel braucht positive Werte; Indikator ${k + 1}, Gebiet ${i + 1} hat ${v}.`,
          `The geometric mean needs positive values; indicator ${k + 1}, area ${i + 1} has ${v}.`,
          { details: { indicator: k, area: i, value: v } });
      }
      s += w[k] * Math.log(v);
    }
    out[i] = ok ? Math.exp(s / total) : null;
  }
  return out;
}

/**
 * Exponential transformation of the English Index of Multiple Deprivation (DCLG 2019 technical
 * report, appendix): with R = rank/N, 1 = most deprived, X = −23 · ln(1 − R · (1 − e^(−100/23))).
 * X runs from about 0 to 100; about 10 % of areas score above 50, so a good domain cannot fully
 * cancel a bad one. Checks: X(1) = 100, X(0.9) = 50.4267, X(0.5) = 15.6468.
 */
export function imdExponential(r: number): number {
  if (!(r >= 0 && r <= 1)) throw new RangeError(`imdExponential: R must lie in [0, 1], got ${r}`);
  return 0 - 23 * Math.log(1 - r * (1 - Math.exp(-100 / 23))); // 0 − …: X(0) is +0, not −0
}

/**
 * Exponentially transformed scores of a whole domain: rank the areas (the highest value = most
 * deprived = rank N, ties share the lowest rank), R = rank/N, then X(R).
 */
export function exponentialTransform(values: (number | null)[]): (number | null)[] {
  const idx: number[] = [];
  values.forEach((v, i) => { if (v !== null && Number.isFinite(v)) idx.push(i); });
  idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  const out: (number | null)[] = values.map(() => null);
  const n = idx.length;
  let rank = 1;
  for (let k = 0; k < n; k++) {
    if (k > 0 && values[idx[k]] !== values[idx[k - 1]]) rank = k + 1;
    out[idx[k]] = imdExponential(rank / n);
  }
  return out;
}
