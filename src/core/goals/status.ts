// The progress status of one goal from its indicator series (METHODS.md §8), with the reason in
// words. The rule itself lives in ../progress.ts; this file picks the base and the latest value out
// of a real series (gaps, values not yet reported, a baseline fixed by the goal) and names what it did.
import { linearProgress, progressStatus } from '../progress.ts';
import type { Observation, ProgressResult, ProgressStatus } from '../progress.ts';
import { explainProgress } from './explain.ts';
import type { Bilingual } from './explain.ts';

/** One value of the indicator series; null (or a missing year) is a gap, not a zero. */
export interface SeriesPoint {
  year: number;
  value: number | null;
}

export interface GoalSpec {
  higherIsBetter: boolean;
  /** The goal's baseline; without it the first value of the series is the base. */
  baseline?: Observation;
  target?: Observation;
  ratioThresholds?: [number, number];
  growthThresholds?: [number, number];
}

/** Facts about the series that the status alone does not say; each is named in the reason. */
export type GoalNote =
  | 'TARGET_YEAR_PASSED'
  | 'GAPS_IN_SERIES'
  | 'LATEST_EQUALS_BASE'
  | 'LINEAR_FALLBACK';

export type GoalReasonCode = NonNullable<ProgressResult['reason']> | 'NO_DATA' | 'LATEST_BEFORE_BASE';

export interface GoalStatus {
  status: ProgressStatus;
  /** r with a target, g without; null when achieved or not computable. */
  score: number | null;
  cagrActual: number | null;
  cagrNeeded: number | null;
  method: 'cagr' | 'linear' | null;
  base: Observation | null;
  latest: Observation | null;
  target: Observation | null;
  /** (latest − base)/(target − base), the linear progress of §8; null without a target or when target = base. */
  linearProgress: number | null;
  reasonCode?: GoalReasonCode;
  notes: GoalNote[];
  /**
   * Years from the base on that the series lists without a value (null), also after the latest value.
   * Years that are simply absent are not gaps: many indicators are published every second year.
   */
  missingYears: number[];
  reason: Bilingual;
}

/** The status of a goal given the values known now (for the past, see statusHistory). */
export function goalStatus(series: readonly SeriesPoint[], spec: GoalSpec): GoalStatus {
  const known = series.filter((p): p is Observation => p.value !== null && Number.isFinite(p.value)).sort((a, b) => a.year - b.year);
  const base = spec.baseline ?? known[0] ?? null;
  const latest = known.length ? known[known.length - 1] : null;
  const target = spec.target ?? null;
  const empty = { score: null, cagrActual: null, cagrNeeded: null, method: null, linearProgress: null, missingYears: [] as number[] };

  if (!base || !latest) {
    const partial = { ...empty, status: 'not-computable' as const, base, latest, target, reasonCode: 'NO_DATA' as const, notes: [] };
    return { ...partial, reason: explainProgress(partial, spec.higherIsBetter) };
  }
  if (latest.year < base.year) {
    const partial = { ...empty, status: 'not-computable' as const, base, latest, target, reasonCode: 'LATEST_BEFORE_BASE' as const, notes: [] };
    return { ...partial, reason: explainProgress(partial, spec.higherIsBetter) };
  }

  const result = progressStatus({ base, latest, target: target ?? undefined, higherIsBetter: spec.higherIsBetter, ratioThresholds: spec.ratioThresholds, growthThresholds: spec.growthThresholds });
  const notes: GoalNote[] = [];
  const missingYears = series.filter((p) => (p.value === null || !Number.isFinite(p.value)) && p.year >= base.year).map((p) => p.year).sort((a, b) => a - b);
  if (missingYears.length) notes.push('GAPS_IN_SERIES');
  if (latest.year !== base.year && latest.value === base.value) notes.push('LATEST_EQUALS_BASE');
  if (result.method === 'linear' && result.status !== 'not-computable') notes.push('LINEAR_FALLBACK');
  if (target && latest.year >= target.year && result.status !== 'achieved') notes.push('TARGET_YEAR_PASSED');

  const status: Omit<GoalStatus, 'reason'> = {
    status: result.status,
    score: result.score,
    cagrActual: result.cagrActual,
    cagrNeeded: result.cagrNeeded,
    method: result.status === 'achieved' ? null : (result.method ?? null),
    base,
    latest,
    target,
    linearProgress: target ? linearProgress(latest.value, base.value, target.value) : null,
    reasonCode: result.reason,
    notes,
    missingYears,
  };
  return { ...status, reason: explainProgress({ ...status, wayCovered: result.wayCovered, timeUsed: result.timeUsed }, spec.higherIsBetter) };
}
