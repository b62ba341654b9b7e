import { ckmeans } from 'simple-statistics';

// Client-side classes of the choropleth (the same schemes as src/core/classify, METHODS.md §3):
// quantiles, equal intervals, natural breaks (ckmeans), standard deviations around the mean, and
// fixed thresholds the user types in. Breaks are numbers; one lookup gives a value's class.

export type ClassMethod = 'quantile' | 'equal' | 'jenks' | 'sd' | 'fixed';
export const CLASS_METHODS: readonly ClassMethod[] = ['quantile', 'equal', 'jenks', 'sd', 'fixed'];

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

/** "10; 20,5; 30" (German) or "10, 20.5, 30" → ascending thresholds; garbage is ignored. */
export function parseThresholds(text: string | null | undefined): number[] {
  if (!text) return [];
  const parts = (text.includes(';') ? text.split(';').map((p) => p.replace(',', '.')) : text.split(/[\s,]+/)).filter((p) => p.trim() !== '');
  const nums = parts.map((p) => Number(p.trim())).filter((n) => Number.isFinite(n) && String(n) !== '');
  return [...new Set(nums)].sort((a, b) => a - b);
}

export function classify(values: readonly number[], method: ClassMethod, wanted = 5, thresholds: number[] = []): Classes {
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
  if (method === 'fixed') {
    // The user's thresholds inside the data range; the data's min and max close the outer classes.
    const inner = thresholds.filter((x) => x > min && x < max);
    return { breaks: [min, ...inner, max], count: inner.length + 1 };
  }
  if (method === 'sd') {
    // Classes one population standard deviation wide, centred on the (unweighted) mean:
    // below −1.5σ, −1.5σ to −0.5σ, ±0.5σ, +0.5σ to +1.5σ, above +1.5σ.
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    const sd = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / sorted.length);
    const cuts = [-1.5, -0.5, 0.5, 1.5].map((k) => mean + k * sd).filter((x) => x > min && x < max);
    return { breaks: [min, ...cuts, max], count: cuts.length + 1 };
  }
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
