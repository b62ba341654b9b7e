// Equal intervals: k classes of width (max − min)/k. A value on a break belongs to the lower class.
// If all values are equal every value falls into class 1.

import { type Classification, classesFromBreaks, isValue, unclassified } from './breaks.ts';

export function equalIntervalBreaks(min: number, max: number, k: number): number[] {
  const breaks: number[] = [];
  for (let q = 1; q < k; q++) breaks.push(min + ((max - min) * q) / k);
  return breaks;
}

export function classifyByEqualInterval(values: (number | null)[], k: number): Classification {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`equal intervals: k must be a positive integer, got ${k}`);
  const xs = values.filter(isValue);
  if (xs.length === 0) return unclassified(values, k, 'NO_VALUES');
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const r = classesFromBreaks(values, equalIntervalBreaks(min, max, k), 'lower');
  return max === min ? { ...r, reason: 'NO_RANGE' } : r;
}
