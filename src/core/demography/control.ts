// Controlling small-area projections to an independent total (Smith, Tayman & Swanson 2013, ch. 8:
// "controlling"): proportional adjustment of areas to the city's total, optionally to whole persons
// with the largest-remainder rule so that the integers add up exactly; and two-dimensional raking
// (iterative proportional fitting, Deming & Stephan 1940) of an area × age table to both margins.
import { LernortError } from '../errors.ts';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export interface ControlResult {
  values: number[];
  /** control / sum of the uncontrolled values. */
  factor: number;
}

/**
 * Scales the values so they sum to the control. Negative projected values (a declining area
 * extrapolated below zero) are set to 0 first: a population cannot be negative, and scaling would
 * otherwise amplify the sign error.
 */
export function controlToTotal(values: number[], control: number): ControlResult {
  const clipped = values.map((v) => Math.max(0, v));
  const total = sum(clipped);
  if (total === 0) {
    if (control === 0) return { values: clipped, factor: 1 };
    throw new LernortError('DEMOGRAPHY_CONTROL_EMPTY', 'Die Gebiete haben zusammen 0 Einwohner; eine Kontrollsumme lässt sich nicht verteilen.', 'The areas add up to 0 residents; a control total cannot be distributed.', { status: 422 });
  }
  const factor = control / total;
  return { values: clipped.map((v) => v * factor), factor };
}

/**
 * Rounds to whole persons keeping the exact (integer) total: floor everything, then give the
 * remaining persons to the largest fractional parts (ties: the earlier area).
 */
export function roundToTotal(values: number[], total: number): number[] {
  const floors = values.map((v) => Math.floor(v));
  let left = Math.round(total) - sum(floors);
  const order = values.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const out = floors.slice();
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[order[k][1]]++;
  for (let k = order.length - 1; left < 0 && k >= 0; k--, left++) out[order[k][1]]--;
  return out;
}

export interface RakeResult {
  table: number[][];
  iterations: number;
  /** Largest absolute difference of a row or column sum from its margin at the end. */
  maxDeviation: number;
  converged: boolean;
}

/**
 * IPF: alternately scales rows to `rowTotals` and columns to `colTotals` until both hold within
 * `tolerance` (persons). The margins must have the same grand total (else no table fits both).
 * Zero cells stay zero (structural zeros are kept).
 */
export function rake(seed: number[][], rowTotals: number[], colTotals: number[], opts: { tolerance?: number; maxIterations?: number } = {}): RakeResult {
  const tolerance = opts.tolerance ?? 1e-6;
  const maxIterations = opts.maxIterations ?? 1000;
  const rt = sum(rowTotals);
  const ct = sum(colTotals);
  if (Math.abs(rt - ct) > tolerance * Math.max(1, rowTotals.length)) {
    throw new LernortError(
      'DEMOGRAPHY_MARGINS',
      `Zeilen- und Spaltensummen passen nicht zusammen (${rt} gegenüber ${ct}).`,
      `Row and column margins do not agree (${rt} versus ${ct}).`,
      { status: 422 },
    );
  }
  const t = seed.map((r) => r.map((v) => Math.max(0, v)));
  const deviation = () => {
    let d = 0;
    t.forEach((r, i) => { d = Math.max(d, Math.abs(sum(r) - rowTotals[i])); });
    colTotals.forEach((c, j) => { d = Math.max(d, Math.abs(sum(t.map((r) => r[j])) - c)); });
    return d;
  };
  let it = 0;
  let dev = deviation();
  while (dev > tolerance && it < maxIterations) {
    t.forEach((r, i) => {
      const s = sum(r);
      if (s > 0) r.forEach((_, j) => { r[j] *= rowTotals[i] / s; });
    });
    colTotals.forEach((c, j) => {
      const s = sum(t.map((r) => r[j]));
      if (s > 0) t.forEach((r) => { r[j] *= c / s; });
    });
    it++;
    dev = deviation();
  }
  return { table: t, iterations: it, maxDeviation: dev, converged: dev <= tolerance };
}
