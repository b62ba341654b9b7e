// Fixed thresholds chosen by the user (e.g. share of SGB II recipients 10 / 20 / 30 %). By default a
// value on a threshold belongs to the class above it ("von 10 bis unter 20"), as German official
// statistics label classes; pass side 'lower' for "über 10 bis 20".

import { type BreakSide, type Classification, classesFromBreaks } from './breaks.ts';

export function classifyByFixed(values: (number | null)[], thresholds: number[], side: BreakSide = 'upper', labels?: string[]): Classification {
  for (let b = 1; b < thresholds.length; b++) {
    if (!(thresholds[b] > thresholds[b - 1])) {
      throw new RangeError(`fixed thresholds must increase strictly: ${thresholds.join(', ')}`);
    }
  }
  return classesFromBreaks(values, thresholds, side, labels);
}
