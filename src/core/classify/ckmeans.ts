// Natural breaks by Ckmeans.1d.dp (Wang & Song 2011, "Ckmeans.1d.dp: Optimal k-means clustering in
// one dimension by dynamic programming"), the optimal successor of Jenks; the clustering itself is
// simple-statistics' implementation. Values on a break (the maximum of a cluster) stay in it.

import { ckmeans } from 'simple-statistics';
import { type Classification, classesFromBreaks, isValue, unclassified } from './breaks.ts';

export function classifyByCkmeans(values: (number | null)[], k: number): Classification {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`ckmeans: k must be a positive integer, got ${k}`);
  const xs = values.filter(isValue);
  if (xs.length === 0) return unclassified(values, k, 'NO_VALUES');
  // fewer distinct values than classes: one class per distinct value
  const distinct = new Set(xs).size;
  const clusters = ckmeans(xs, Math.min(k, distinct));
  const breaks = clusters.slice(0, -1).map((c) => c[c.length - 1]);
  const r = classesFromBreaks(values, breaks, 'lower');
  return distinct < k ? { ...r, reason: 'FEWER_DISTINCT_VALUES_THAN_CLASSES' } : r;
}
