// Hamilton-Perry projection (Hamilton & Perry 1962; Smith, Tayman & Swanson 2013, ch. 7; Swanson,
// Schlottmann & Schmidt 2010): where an area has two age distributions k years apart but no births,
// deaths or migration by age, the cohort-change ratio carries each cohort forward:
//
//   CCR(x) = P(x, t) / P(x − m, t − k)                   for groups x ≥ m (m = k / group width)
//   CCR(ω) = P(ω, t) / (P(ω − m, t − k) + … + P(ω, t − k))  open group: everyone m groups below or in it
//   P(x, t + k) = CCR(x) · P(x − m, t)
//   young groups x < m: child–woman ratio CWR(x) = P(x, t) / W(t), P(x, t + k) = CWR(x) · W(t + k)
//   with W the women of 15–49 (STS use 15–44; `fertileAges` chooses).
// A ratio of 0/0 (an empty cohort) is taken as 1 (no information, no change); a cohort that was
// empty and is not (a/0) has no ratio either: the cap when one is set, else 1. `maxRatio` caps the
// ratios of very small areas, which STS recommend.
import { LernortError } from '../errors.ts';
import type { BySex } from './cohort-component.ts';

export interface HamiltonPerryInput {
  groupWidth: number;
  /** Years between the two distributions; a multiple of groupWidth; also the projection step. */
  step: number;
  earlier: BySex;
  later: BySex;
  /** [from, to) ages of the women that children are related to; default [15, 50). */
  fertileAges?: [number, number];
  maxRatio?: number;
}

export interface HamiltonPerryRatios {
  ccr: BySex;
  /** Child–woman ratios of the groups younger than the step, by sex of the child. */
  cwr: BySex;
  shift: number;
  groupWidth: number;
  fertileAges: [number, number];
}

const ratio = (a: number, b: number, cap: number) => (b === 0 ? (a === 0 || !Number.isFinite(cap) ? 1 : cap) : Math.min(cap, a / b));

function women(female: number[], groupWidth: number, [from, to]: [number, number]): number {
  return female.reduce((s, v, x) => (x * groupWidth >= from && (x + 1) * groupWidth <= to ? s + v : s), 0);
}

export function cohortChangeRatios(input: HamiltonPerryInput): HamiltonPerryRatios {
  const { groupWidth, step } = input;
  const m = step / groupWidth;
  const n = input.later.female.length;
  if (!Number.isInteger(m) || m < 1 || m >= n) {
    throw new LernortError('DEMOGRAPHY_STEP', 'Der Abstand der zwei Altersverteilungen muss ein Vielfaches der Gruppenbreite sein.', 'The distance between the two age distributions must be a multiple of the group width.', { status: 422 });
  }
  const cap = input.maxRatio ?? Number.POSITIVE_INFINITY;
  const fertile = input.fertileAges ?? [15, 50];
  const w = women(input.later.female, groupWidth, fertile);
  const ccrOf = (earlier: number[], later: number[]) =>
    later.map((p, x) => {
      if (x < m) return 0;
      if (x < n - 1) return ratio(p, earlier[x - m], cap);
      const from = earlier.slice(x - m).reduce((s, v) => s + v, 0);
      return ratio(p, from, cap);
    });
  const cwrOf = (later: number[]) => later.slice(0, m).map((p) => (w === 0 ? 0 : p / w));
  return {
    ccr: { female: ccrOf(input.earlier.female, input.later.female), male: ccrOf(input.earlier.male, input.later.male) },
    cwr: { female: cwrOf(input.later.female), male: cwrOf(input.later.male) },
    shift: m,
    groupWidth,
    fertileAges: fertile,
  };
}

/** One step forward from `current` with fixed ratios. */
export function hamiltonPerryStep(current: BySex, r: HamiltonPerryRatios): BySex {
  const n = current.female.length;
  const m = r.shift;
  const older = (p: number[], ccr: number[]) =>
    p.map((_, x) => {
      if (x < m) return 0;
      if (x < n - 1) return ccr[x] * p[x - m];
      return ccr[x] * p.slice(x - m).reduce((s, v) => s + v, 0);
    });
  const female = older(current.female, r.ccr.female);
  const male = older(current.male, r.ccr.male);
  const w = women(female, r.groupWidth, r.fertileAges);
  for (let x = 0; x < m; x++) {
    female[x] = r.cwr.female[x] * w;
    male[x] = r.cwr.male[x] * w;
  }
  return { female, male };
}

export function hamiltonPerry(input: HamiltonPerryInput, steps: number): BySex[] {
  const r = cohortChangeRatios(input);
  const out: BySex[] = [];
  let cur = input.later;
  for (let k = 0; k < steps; k++) {
    cur = hamiltonPerryStep(cur, r);
    out.push(cur);
  }
  return out;
}
