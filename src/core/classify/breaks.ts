// Shared by every class scheme: turn inner break values into a class per value and legend bounds.
//
// Which class a value lying exactly on a break belongs to is part of the scheme and must be stated:
// side 'lower' puts it into the class below (intervals (a, b]), side 'upper' into the class above
// (intervals [a, b), "von … bis unter"). Classes are numbered 1..k from the lowest values up.

export type BreakSide = 'lower' | 'upper';

export interface ClassBound {
  class: number;
  lower: number;
  upper: number;
  lowerClosed: boolean;
  upperClosed: boolean;
  label?: string;
}

export interface Classification {
  /** Class 1..k per input value; null for a missing value. */
  classes: (number | null)[];
  /** One entry per class, for the legend. */
  bounds: ClassBound[];
  /** Number of values per class. */
  counts: number[];
  /** Set when the scheme could not classify (e.g. the index has no spread). */
  reason?: string;
}

export const isValue = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** Class of x: 1 + the number of breaks that x lies above. */
export function classOf(x: number, breaks: number[], sides: BreakSide[]): number {
  let c = 1;
  for (let b = 0; b < breaks.length; b++) {
    if (x > breaks[b] || (x === breaks[b] && sides[b] === 'upper')) c++;
    else break;
  }
  return c;
}

export function classesFromBreaks(values: (number | null)[], breaks: number[], side: BreakSide | BreakSide[] = 'lower', labels?: string[]): Classification {
  for (let b = 1; b < breaks.length; b++) {
    if (breaks[b] < breaks[b - 1]) throw new RangeError(`class breaks must not decrease: ${breaks.join(', ')}`);
  }
  const sides = Array.isArray(side) ? side : breaks.map(() => side);
  const k = breaks.length + 1;
  const counts = new Array<number>(k).fill(0);
  let min = Infinity, max = -Infinity;
  const classes = values.map((v) => {
    if (!isValue(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
    const c = classOf(v, breaks, sides);
    counts[c - 1]++;
    return c;
  });
  const bounds: ClassBound[] = [];
  for (let c = 1; c <= k; c++) {
    const bound: ClassBound = {
      class: c,
      lower: c === 1 ? Math.min(min, breaks[0] ?? min) : breaks[c - 2],
      upper: c === k ? Math.max(max, breaks[k - 2] ?? max) : breaks[c - 1],
      lowerClosed: c === 1 ? true : sides[c - 2] === 'upper',
      upperClosed: c === k ? true : sides[c - 1] === 'lower',
    };
    if (labels?.[c - 1] !== undefined) bound.label = labels[c - 1];
    bounds.push(bound);
  }
  return { classes, bounds, counts };
}

/** A classification in which nothing could be classed, with the reason. */
export function unclassified(values: (number | null)[], k: number, reason: string): Classification {
  return { classes: values.map(() => null), bounds: [], counts: new Array<number>(k).fill(0), reason };
}
