// Progress towards goals — METHODS.md §8, the progress rule of the open-source SDG reporting
// platform (Open SDG, "progress status" methodology after the UN ESCAP progress assessment).
//
//   CAGR = (y1/y0)^(1/(t1 − t0)) − 1, y0 the base-year value.
//   With a target T in year tT: achieved if the latest value is already on the right side of T;
//   else r = CAGR(actual, t0 → t1) / CAGR(needed, y0 → T over t0 → tT):
//     r ≥ 0.95 on track, 0.60 ≤ r < 0.95 needs acceleration, 0 ≤ r < 0.60 limited, r < 0 deterioration.
//   Without a target: g = CAGR, sign flipped when lower is better:
//     g ≥ 1.5 % on track, 0.5 % ≤ g < 1.5 % needs acceleration, 0 ≤ g < 0.5 % limited, g < 0 deterioration.
//   When a CAGR is undefined (a value ≤ 0) but a target exists, the rule falls back to linear progress:
//   r = [(y1 − y0)/(T − y0)] / [(t1 − t0)/(tT − t0)], the share of the way covered over the share of
//   the time used (the linear analogue of the CAGR ratio), with the same thresholds. Without a target
//   there is no linear scale to compare with, so the status is not computable.
// Checks: lower is better, 2015 = 20.0, 2021 = 17.0, target 10.0 in 2030 → r = 0.59176, limited;
// higher is better, no target, 50.0 (2015) → 53.0 (2019) → g = 0.014674, needs acceleration.

export type ProgressStatus = 'achieved' | 'on-track' | 'needs-acceleration' | 'limited' | 'deterioration' | 'not-computable';

export interface Observation {
  year: number;
  value: number;
}

export interface ProgressInput {
  base: Observation;
  latest: Observation;
  higherIsBetter: boolean;
  target?: Observation;
  /** Thresholds for r (with target) — default [0.95, 0.60] — and g (without) — default [0.015, 0.005]. */
  ratioThresholds?: [onTrack: number, acceleration: number];
  growthThresholds?: [onTrack: number, acceleration: number];
}

export interface ProgressResult {
  status: ProgressStatus;
  /** r with a target, g without; null when achieved or not computable. */
  score: number | null;
  cagrActual: number | null;
  cagrNeeded: number | null;
  /** Why the status could not be computed (or, with method 'linear', why the CAGR rule was not used). */
  reason?: 'NON_POSITIVE_VALUE' | 'SAME_YEAR' | 'TARGET_YEAR_NOT_AFTER_BASE' | 'TARGET_EQUALS_BASE';
  /** 'cagr' by default; 'linear' when a value ≤ 0 made the CAGR undefined and a target allowed the fallback. */
  method?: 'cagr' | 'linear';
  /** Linear fallback only: share of the way to the target covered, and share of the time used. */
  wayCovered?: number;
  timeUsed?: number;
}

/** Compound annual growth rate. Needs positive values and t1 ≠ t0. */
export function cagr(y0: number, y1: number, t0: number, t1: number): number {
  if (!(y0 > 0) || !(y1 > 0)) throw new RangeError('cagr: values must be positive');
  if (t1 === t0) throw new RangeError('cagr: years must differ');
  return (y1 / y0) ** (1 / (t1 - t0)) - 1;
}

/** Lower bounds inclusive; 1e-12 absorbs floating-point noise of a value computed to lie on a bound. */
const TOL = 1e-12;
export function progressBand(x: number, onTrack: number, acceleration: number): ProgressStatus {
  if (x >= onTrack - TOL) return 'on-track';
  if (x >= acceleration - TOL) return 'needs-acceleration';
  if (x >= -TOL) return 'limited';
  return 'deterioration';
}

export function progressStatus(input: ProgressInput): ProgressResult {
  const { base, latest, target, higherIsBetter } = input;
  const none = (reason: ProgressResult['reason']): ProgressResult => ({ status: 'not-computable', score: null, cagrActual: null, cagrNeeded: null, reason });
  if (target) {
    const achieved = higherIsBetter ? latest.value >= target.value : latest.value <= target.value;
    if (achieved) return { status: 'achieved', score: null, cagrActual: null, cagrNeeded: null };
  }
  if (latest.year === base.year) return none('SAME_YEAR');
  if (!(base.value > 0) || !(latest.value > 0) || (target && !(target.value > 0))) {
    if (!target) return none('NON_POSITIVE_VALUE');
    return linearFallback(input, target);
  }
  const actual = cagr(base.value, latest.value, base.year, latest.year);
  if (target) {
    if (!(target.year > base.year)) return none('TARGET_YEAR_NOT_AFTER_BASE');
    const needed = cagr(base.value, target.value, base.year, target.year);
    const [onTrack, acceleration] = input.ratioThresholds ?? [0.95, 0.6];
    // needed = 0: the base year already met the target and the latest value no longer does
    if (needed === 0) return { status: 'deterioration', score: null, cagrActual: actual, cagrNeeded: 0, method: 'cagr' };
    const r = actual === 0 ? 0 : actual / needed; // no −0 when nothing moved
    return { status: progressBand(r, onTrack, acceleration), score: r, cagrActual: actual, cagrNeeded: needed, method: 'cagr' };
  }
  const g = higherIsBetter ? actual : -actual;
  const [onTrack, acceleration] = input.growthThresholds ?? [0.015, 0.005];
  return { status: progressBand(g, onTrack, acceleration), score: g, cagrActual: actual, cagrNeeded: null, method: 'cagr' };
}

function linearFallback(input: ProgressInput, target: Observation): ProgressResult {
  const { base, latest } = input;
  const none = (reason: ProgressResult['reason']): ProgressResult => ({ status: 'not-computable', score: null, cagrActual: null, cagrNeeded: null, reason, method: 'linear' });
  if (!(target.year > base.year)) return none('TARGET_YEAR_NOT_AFTER_BASE');
  const wayCovered = linearProgress(latest.value, base.value, target.value);
  if (wayCovered === null) return none('TARGET_EQUALS_BASE');
  const timeUsed = (latest.year - base.year) / (target.year - base.year);
  const r = wayCovered / timeUsed;
  const [onTrack, acceleration] = input.ratioThresholds ?? [0.95, 0.6];
  return { status: progressBand(r, onTrack, acceleration), score: r, cagrActual: null, cagrNeeded: null, reason: 'NON_POSITIVE_VALUE', method: 'linear', wayCovered, timeUsed };
}

/** Linear progress of a key result: (current − start)/(target − start); null if target = start. */
export function linearProgress(current: number, start: number, target: number): number | null {
  return target === start ? null : (current - start) / (target - start);
}
