// Classes by multiples of the index's own standard deviation — METHODS.md §3, the status/dynamics
// scheme of the Berlin "Monitoring Soziale Stadtentwicklung" (since 2013) and Hamburg RISE.
//
// Status (higher index = more need), σ = population sd (divisor N) of the status index, centred on
// its mean (0 for a sum of z-scores):
//   1 "hoch"          x < −1σ
//   2 "mittel"        −1σ ≤ x ≤ +1σ          ("from −1σ to +1σ": both ends belong to mittel)
//   3 "niedrig"       +1σ < x ≤ +1.5σ        ("above +1σ up to +1.5σ")
//   4 "sehr niedrig"  x > +1.5σ
// Dynamics: 1 "positiv" x < −1σ, 2 "stabil" −1σ ≤ x ≤ +1σ, 3 "negativ" x > +1σ.
// Focus areas ("mit besonderem Aufmerksamkeitsbedarf"): status 4, or status 3 with dynamics 3.

import { type BreakSide, type Classification, classesFromBreaks, isValue, unclassified } from './breaks.ts';

export interface SdCut {
  /** Cut point in multiples of σ from the centre. */
  at: number;
  /** Class of a value exactly on the cut. */
  side: BreakSide;
}

export interface SdScheme {
  cuts: SdCut[];
  labels?: string[];
  /** Centre of the cuts: the index's mean (default) or a given value such as 0. */
  center?: 'mean' | number;
  /** Divisor of σ; default 'N' as in the Berlin MSS. */
  sdDivisor?: 'N' | 'N-1';
  /** Use this σ instead of the index's own (e.g. from a reference period). */
  sd?: number;
}

export const MSS_STATUS: SdScheme = {
  cuts: [{ at: -1, side: 'upper' }, { at: 1, side: 'lower' }, { at: 1.5, side: 'lower' }],
  labels: ['hoch', 'mittel', 'niedrig', 'sehr niedrig'],
};

export const MSS_DYNAMICS: SdScheme = {
  cuts: [{ at: -1, side: 'upper' }, { at: 1, side: 'lower' }],
  labels: ['positiv', 'stabil', 'negativ'],
};

/**
 * The cartographic "standard deviation" scheme: an odd number of classes of width `interval`·σ,
 * the middle one centred on the mean (with interval 1: breaks at ±0.5σ, ±1.5σ, …), outer classes
 * open-ended. A value on a break belongs to the class nearer the mean.
 */
export function centredSdScheme(classes = 5, interval = 1): SdScheme {
  if (!Number.isInteger(classes) || classes < 1 || classes % 2 === 0) throw new RangeError(`centred sd scheme: classes must be odd, got ${classes}`);
  const cuts: SdCut[] = [];
  const half = (classes - 1) / 2;
  for (let c = -half; c < half; c++) {
    const at = (c + 0.5) * interval;
    cuts.push({ at, side: at < 0 ? 'upper' : 'lower' });
  }
  return { cuts };
}

export interface SdClassification extends Classification {
  center: number | null;
  sd: number | null;
}

export function classifyBySd(values: (number | null)[], scheme: SdScheme): SdClassification {
  const xs = values.filter(isValue);
  const k = scheme.cuts.length + 1;
  if (xs.length === 0) return { ...unclassified(values, k, 'NO_VALUES'), center: null, sd: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const center = scheme.center === undefined || scheme.center === 'mean' ? mean : scheme.center;
  let sd = scheme.sd;
  if (sd === undefined) {
    const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
    const divisor = scheme.sdDivisor === 'N-1' ? xs.length - 1 : xs.length;
    sd = divisor > 0 ? Math.sqrt(ss / divisor) : 0;
  }
  if (!(sd > 0)) return { ...unclassified(values, k, 'ZERO_SD'), center, sd };
  const breaks = scheme.cuts.map((c) => center + c.at * (sd as number));
  const r = classesFromBreaks(values, breaks, scheme.cuts.map((c) => c.side), scheme.labels);
  return { ...r, center, sd };
}

/** Status class 4, or status class 3 with dynamics class 3 (Berlin MSS focus areas). */
export function needsAttention(status: number | null, dynamics: number | null): boolean {
  return status === 4 || (status === 3 && dynamics === 3);
}
