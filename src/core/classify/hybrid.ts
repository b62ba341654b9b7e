// The NRW school social index hybrid (Schulsozialindex NRW, MSB 2020/21): the top share of units
// (default 5 %) go straight to the highest level; the rest are split into levels − 1 equal-width
// levels over their own range. Highest level = most need.
//
// The top group is round(topShare · N) units with the largest values; a unit tied with the last of
// them joins it, so equal values never get different levels.

import { type Classification, classesFromBreaks, isValue, unclassified } from './breaks.ts';
import { equalIntervalBreaks } from './equal-interval.ts';

export interface HybridScheme {
  /** Share of units sent straight to the highest level; default 0.05. */
  topShare?: number;
  /** Number of levels including the highest; default 9 (NRW uses levels 1 to 9). */
  levels?: number;
}

export function classifyByHybrid(values: (number | null)[], scheme: HybridScheme = {}): Classification {
  const topShare = scheme.topShare ?? 0.05;
  const levels = scheme.levels ?? 9;
  if (!(topShare >= 0 && topShare < 1)) throw new RangeError(`hybrid: topShare must lie in [0, 1), got ${topShare}`);
  if (!Number.isInteger(levels) || levels < 2) throw new RangeError(`hybrid: levels must be an integer ≥ 2, got ${levels}`);
  const xs = values.filter(isValue).sort((a, b) => b - a);
  if (xs.length === 0) return unclassified(values, levels, 'NO_VALUES');
  const nTop = Math.round(topShare * xs.length);
  const threshold = nTop > 0 ? xs[nTop - 1] : Infinity; // values ≥ threshold are in the top level
  const rest = xs.filter((x) => x < threshold);
  const min = rest.length ? rest[rest.length - 1] : threshold;
  const max = rest.length ? rest[0] : threshold;
  const breaks = [...equalIntervalBreaks(min, max, levels - 1), threshold];
  const sides = breaks.map((_, b) => (b === breaks.length - 1 ? 'upper' as const : 'lower' as const));
  return classesFromBreaks(values, breaks, sides);
}
