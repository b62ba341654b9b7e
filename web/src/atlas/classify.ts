import { ckmeans } from 'simple-statistics';

// Client-side classes for the first choropleth. The server-side methods (src/core/classify) will
// replace this; until then it stays small: three methods, breaks as numbers, one lookup.

export type ClassMethod = 'quantile' | 'equal' | 'jenks';
export const CLASS_METHODS: readonly ClassMethod[] = ['quantile', 'equal', 'jenks'];

export interface Classes {
  /** Ascending bounds; class i covers [breaks[i], breaks[i+1]), the last class includes its upper bound. */
  breaks: number[];
  /** Number of classes (breaks.length - 1), 0 when there are no values. */
  count: number;
}

/** Class index of a value, or -1 when there are no classes. */
export function classOf(classes: Classes, value: number): number {
  if (classes.count === 0) return -1;
  for (let i = classes.count - 1; i > 0; i--) {
    if (value >= classes.breaks[i]) return i;
  }
  return 0;
}

/** Quantile of sorted values with linear interpolation (R type 7, as in most statistics packages). */
function quantileSorted(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function dedupe(breaks: number[]): number[] {
  return breaks.filter((b, i) => i === 0 || b > breaks[i - 1]);
}

export function classify(values: readonly number[], method: ClassMethod, wanted = 5): Classes {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { breaks: [], count: 0 };
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  // Equal values cannot be split: one class holding all of them.
  if (min === max) return { breaks: [min, max], count: 1 };
  // Never more classes than distinct values: three planning areas make at most three classes.
  const distinct = new Set(sorted).size;
  wanted = Math.min(wanted, distinct);

  let breaks: number[];
  if (method === 'equal') {
    const step = (max - min) / wanted;
    breaks = Array.from({ length: wanted + 1 }, (_, i) => (i === wanted ? max : min + i * step));
  } else if (method === 'quantile') {
    // Ties can make neighbouring quantiles equal; those classes collapse into one.
    breaks = dedupe(Array.from({ length: wanted + 1 }, (_, i) => quantileSorted(sorted, i / wanted)));
  } else {
    // Natural breaks via Ckmeans (Wang & Song 2011), the optimal 1-D k-means that Jenks approximates.
    const clusters = ckmeans(sorted, wanted);
    breaks = [...clusters.map((c) => c[0]), max];
  }
  return { breaks, count: breaks.length - 1 };
}
