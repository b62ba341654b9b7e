// One entry point for every class scheme of METHODS.md §3: a class per value (1 = lowest values)
// and the class bounds for the legend. Each scheme lives in its own file.

import type { BreakSide, Classification } from './breaks.ts';
import { classifyByCkmeans } from './ckmeans.ts';
import { classifyByEqualInterval } from './equal-interval.ts';
import { classifyByFixed } from './fixed.ts';
import { classifyByHybrid } from './hybrid.ts';
import { classifyByQuantiles } from './quantiles.ts';
import { MSS_DYNAMICS, MSS_STATUS, type SdScheme, classifyBySd } from './sd.ts';

export type ClassScheme =
  | ({ kind: 'sd' } & SdScheme)
  | { kind: 'mss-status' }
  | { kind: 'mss-dynamics' }
  | { kind: 'quantiles'; k: number; weights?: (number | null)[] }
  | { kind: 'ckmeans'; k: number }
  | { kind: 'equal-interval'; k: number }
  | { kind: 'fixed'; thresholds: number[]; side?: BreakSide; labels?: string[] }
  | { kind: 'hybrid'; topShare?: number; levels?: number };

export function classify(values: (number | null)[], scheme: ClassScheme): Classification {
  switch (scheme.kind) {
    case 'sd': return classifyBySd(values, scheme);
    case 'mss-status': return classifyBySd(values, MSS_STATUS);
    case 'mss-dynamics': return classifyBySd(values, MSS_DYNAMICS);
    case 'quantiles': return classifyByQuantiles(values, scheme.k, scheme.weights);
    case 'ckmeans': return classifyByCkmeans(values, scheme.k);
    case 'equal-interval': return classifyByEqualInterval(values, scheme.k);
    case 'fixed': return classifyByFixed(values, scheme.thresholds, scheme.side, scheme.labels);
    case 'hybrid': return classifyByHybrid(values, scheme);
  }
}

export type { BreakSide, ClassBound, Classification } from './breaks.ts';
export { classesFromBreaks, classOf } from './breaks.ts';
export { MSS_DYNAMICS, MSS_STATUS, centredSdScheme, classifyBySd, needsAttention } from './sd.ts';
export type { SdCut, SdScheme, SdClassification } from './sd.ts';
export { classifyByQuantiles } from './quantiles.ts';
export { classifyByCkmeans } from './ckmeans.ts';
export { classifyByEqualInterval, equalIntervalBreaks } from './equal-interval.ts';
export { classifyByFixed } from './fixed.ts';
export { classifyByHybrid } from './hybrid.ts';
export type { HybridScheme } from './hybrid.ts';
export { parseFocusRule, evaluateFocusRule, compileFocusRule } from './focus-rule.ts';
export type { FocusRule } from './focus-rule.ts';
