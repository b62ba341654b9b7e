// Quantile classes, optionally weighted by a target population (METHODS.md §3): with weights,
// each class holds about a k-th of the children rather than a k-th of the areas.
//
// Breaks lie between distinct values (ties always share a class). The q-th break is placed after
// the distinct value whose cumulative weight is closest to q·W/k (on a tie of distances, the lower
// one), so one heavy area cannot drag the whole distribution into one class. Values on a break
// belong to the lower class.

import { type Classification, classesFromBreaks, isValue, unclassified } from './breaks.ts';

export function classifyByQuantiles(values: (number | null)[], k: number, weights?: (number | null)[]): Classification {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`quantiles: k must be a positive integer, got ${k}`);
  const items: { v: number; w: number }[] = [];
  values.forEach((v, i) => {
    const w = weights ? weights[i] : 1;
    if (isValue(v) && isValue(w) && w >= 0) items.push({ v, w });
  });
  if (items.length === 0) return unclassified(values, k, 'NO_VALUES');
  items.sort((a, b) => a.v - b.v);
  // distinct values with their cumulative weight
  const distinct: number[] = [];
  const cum: number[] = [];
  let total = 0;
  for (const { v, w } of items) {
    total += w;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) cum[cum.length - 1] = total;
    else { distinct.push(v); cum.push(total); }
  }
  const breaks: number[] = [];
  // |cum[j] − target| falls and then rises along j, and targets rise with q: one forward pointer.
  let j = 0;
  for (let q = 1; q < k; q++) {
    const target = (q * total) / k;
    while (j + 1 < distinct.length && Math.abs(cum[j + 1] - target) < Math.abs(cum[j] - target)) j++;
    breaks.push(distinct[j]);
  }
  return classesFromBreaks(values, breaks, 'lower');
}
