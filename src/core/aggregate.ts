// Aggregating areas (and periods) into larger units — METHODS.md §1.
//
// Counts add up. A share or rate is never averaged: numerators and denominators are summed and then
// divided, so (30/100) and (10/400) give 40/500 = 8.0 %, not the mean 16.25 %. A mean (average age)
// is weighted by its population. A composite score, rank or percentile (kind 'index') is never
// aggregated; it has to be recomputed on the aggregated inputs.

export type IndicatorKind = 'count' | 'share' | 'rate' | 'mean' | 'index';

export interface AggregateMember {
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** Weight of a mean, normally the population the mean is taken over. */
  weight?: number | null;
}

export interface AggregateOptions {
  /** Multiplier of a share/rate: 1 for a fraction, 100 for percent, 1000 per mille. Default 1. */
  scale?: number;
  /** Aggregate the members that are present even when some are missing. Default false. */
  allowPartial?: boolean;
}

export type AggregateReason = 'INDEX_NOT_AGGREGABLE' | 'INCOMPLETE' | 'ZERO_DENOMINATOR' | 'NO_MEMBERS';

export interface AggregateResult {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  complete: boolean;
  missingMembers: number;
  /** Why value is null (absent when it is not). */
  reason?: AggregateReason;
}

const present = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

/** The numerator of a share member: given, or recovered from value × denominator / scale. */
function shareNumerator(m: AggregateMember, scale: number): number | null {
  if (present(m.numerator)) return m.numerator;
  if (present(m.value) && present(m.denominator)) return (m.value / scale) * m.denominator;
  return null;
}

export function aggregateValues(kind: IndicatorKind, members: AggregateMember[], opts: AggregateOptions = {}): AggregateResult {
  const scale = opts.scale ?? 1;
  const allowPartial = opts.allowPartial ?? false;
  if (kind === 'index') {
    return { value: null, numerator: null, denominator: null, complete: false, missingMembers: 0, reason: 'INDEX_NOT_AGGREGABLE' };
  }
  let num = 0;
  let den = 0;
  let missing = 0;
  for (const m of members) {
    if (kind === 'count') {
      if (present(m.value)) num += m.value;
      else missing++;
    } else if (kind === 'share' || kind === 'rate') {
      const n = shareNumerator(m, scale);
      if (n !== null && present(m.denominator)) {
        num += n;
        den += m.denominator;
      } else missing++;
    } else {
      // mean: Σ w·x / Σ w
      if (present(m.value) && present(m.weight)) {
        num += m.value * m.weight;
        den += m.weight;
      } else missing++;
    }
  }
  const complete = missing === 0;
  const used = members.length - missing;
  const base = { complete, missingMembers: missing };
  if (members.length === 0 || used === 0) {
    return { value: null, numerator: null, denominator: null, ...base, reason: members.length === 0 ? 'NO_MEMBERS' : 'INCOMPLETE' };
  }
  if (kind === 'count') {
    if (!complete && !allowPartial) return { value: null, numerator: null, denominator: null, ...base, reason: 'INCOMPLETE' };
    return { value: num, numerator: null, denominator: null, ...base };
  }
  if (!complete && !allowPartial) return { value: null, numerator: num, denominator: den, ...base, reason: 'INCOMPLETE' };
  if (den === 0) return { value: null, numerator: num, denominator: den, ...base, reason: 'ZERO_DENOMINATOR' };
  const value = kind === 'mean' ? num / den : (num / den) * scale;
  return { value, numerator: num, denominator: den, ...base };
}

export interface CrosswalkWeight<S, T> {
  source: S;
  target: T;
  weight: number;
}

/**
 * Areal (or population) weights carry counts from one geography to another (§1):
 * count_target = Σ_source count_source · w(source, target).
 * Only counts may be carried this way; carry numerator and denominator of a rate separately.
 * A source without any weight row contributes nothing; check coverage with `crosswalkCoverage`.
 */
export function crosswalk<S, T>(counts: Map<S, number>, weights: CrosswalkWeight<S, T>[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const { source, target, weight } of weights) {
    const c = counts.get(source);
    const prev = out.get(target) ?? 0;
    out.set(target, c === undefined ? prev : prev + c * weight);
  }
  return out;
}

/** Sum of the outgoing weights per source; anything other than 1 loses or invents people. */
export function crosswalkCoverage<S, T>(weights: CrosswalkWeight<S, T>[]): Map<S, number> {
  const out = new Map<S, number>();
  for (const { source, weight } of weights) out.set(source, (out.get(source) ?? 0) + weight);
  return out;
}

export interface ConsistencyResult {
  /** What the parent should be: the sum of its children. */
  expected: number;
  /** The parent value as published. */
  actual: number;
  /** actual − expected. */
  difference: number;
}

/** Does a parent count (a district) equal the sum of its children (its planning areas)? */
export function consistencyCheck(parentValue: number, childValues: number[]): ConsistencyResult {
  let expected = 0;
  for (const v of childValues) expected += v;
  return { expected, actual: parentValue, difference: parentValue - expected };
}
