// Breakdowns of a count (age band × sex × nationality) against its total: which sets of categories
// partition the total, and whether they sum to it. Publishers round (the Saxon state office rounds
// projections to 10), so the parts of a rounded table need not add up to its rounded total; that is
// accepted within the rounding and reported, never "fixed".
import { BREAKDOWN_SEXES, type BreakdownSex } from './flags.ts';

export interface BreakdownCategory {
  /** Age band [ageFrom, ageTo) in years; ageTo null = open band (65+); both null = all ages. */
  ageFrom: number | null;
  ageTo: number | null;
  /** 'w' | 'm' | 'd'; null = all. */
  sex: BreakdownSex | null;
  /** A nationality group ('deutsch', 'nichtdeutsch', a country code); null = all. */
  nationality: string | null;
  value: number | null;
}

export type BreakdownIssue =
  | { kind: 'invalid'; index: number; reason: 'sex' | 'age' | 'nationality' | 'value' | 'duplicate' }
  | { kind: 'sum'; dimensions: string; parts: number; sum: number; total: number; difference: number; tolerance: number; withinRounding: boolean };

const dims = (c: BreakdownCategory) => [c.ageFrom !== null ? 'age' : '', c.sex !== null ? 'sex' : '', c.nationality !== null ? 'nationality' : ''].filter(Boolean).join('×');

/** Do the age bands cover [0, ∞) without gap or overlap (each band once)? */
export function agesComplete(bands: { ageFrom: number; ageTo: number | null }[]): boolean {
  const sorted = [...bands].sort((a, b) => a.ageFrom - b.ageFrom);
  let at = 0;
  for (const b of sorted) {
    if (b.ageFrom !== at) return false;
    if (b.ageTo === null) return b === sorted[sorted.length - 1];
    at = b.ageTo;
  }
  return false;
}

/**
 * Checks categories against their total. Categories are grouped by the dimensions they use (age,
 * sex, age×sex, …); a group is checked when it partitions the total: the age bands of every other
 * combination cover all ages, both 'w' and 'm' appear for sex ('d' may be absent), at least two
 * nationality groups appear. Without rounding the sum must equal the total (up to float noise);
 * with `rounding` (the publisher's unit, e.g. 10) each of the n parts and the total may be off by
 * half a unit, so |Σ − total| ≤ (n + 1) × rounding / 2 is accepted and reported (withinRounding).
 */
export function checkBreakdown(total: number | null, categories: BreakdownCategory[], opts: { rounding?: number } = {}): BreakdownIssue[] {
  const issues: BreakdownIssue[] = [];
  const seen = new Set<string>();
  categories.forEach((c, index) => {
    if (c.sex !== null && !(BREAKDOWN_SEXES as readonly string[]).includes(c.sex)) issues.push({ kind: 'invalid', index, reason: 'sex' });
    const ageOk = (c.ageFrom === null && c.ageTo === null)
      || (c.ageFrom !== null && Number.isInteger(c.ageFrom) && c.ageFrom >= 0 && (c.ageTo === null || (Number.isInteger(c.ageTo) && c.ageTo > c.ageFrom)));
    if (!ageOk) issues.push({ kind: 'invalid', index, reason: 'age' });
    if (c.nationality !== null && c.nationality.trim() === '') issues.push({ kind: 'invalid', index, reason: 'nationality' });
    if (c.value !== null && !Number.isFinite(c.value)) issues.push({ kind: 'invalid', index, reason: 'value' });
    if (c.ageFrom === null && c.ageTo === null && c.sex === null && c.nationality === null) issues.push({ kind: 'invalid', index, reason: 'duplicate' }); // that is the total itself
    const key = `${c.ageFrom}|${c.ageTo}|${c.sex}|${c.nationality}`;
    if (seen.has(key)) issues.push({ kind: 'invalid', index, reason: 'duplicate' });
    seen.add(key);
  });
  if (issues.length > 0 || total === null) return issues;

  const groups = new Map<string, BreakdownCategory[]>();
  for (const c of categories) groups.set(dims(c), [...(groups.get(dims(c)) ?? []), c]);
  for (const [dimensions, cs] of groups) {
    if (!partitions(dimensions, cs)) continue;
    if (cs.some((c) => c.value === null)) continue; // a suppressed or missing part: nothing to check
    const sum = cs.reduce((s, c) => s + c.value!, 0);
    const difference = sum - total;
    const noise = 1e-9 * Math.max(1, Math.abs(total), Math.abs(sum));
    if (Math.abs(difference) <= noise) continue;
    const tolerance = opts.rounding ? ((cs.length + 1) * opts.rounding) / 2 : 0;
    issues.push({ kind: 'sum', dimensions, parts: cs.length, sum, total, difference, tolerance, withinRounding: Math.abs(difference) <= tolerance + noise });
  }
  return issues;
}

/** Does the group's set of categories split the total into disjoint parts that cover it? */
function partitions(dimensions: string, cs: BreakdownCategory[]): boolean {
  const used = dimensions.split('×');
  const other = (c: BreakdownCategory, skip: string) => used.filter((d) => d !== skip).map((d) => (d === 'age' ? `${c.ageFrom}-${c.ageTo}` : d === 'sex' ? c.sex : c.nationality)).join('|');
  for (const d of used) {
    const slices = new Map<string, BreakdownCategory[]>();
    for (const c of cs) slices.set(other(c, d), [...(slices.get(other(c, d)) ?? []), c]);
    for (const slice of slices.values()) {
      if (d === 'age' && !agesComplete(slice.map((c) => ({ ageFrom: c.ageFrom!, ageTo: c.ageTo })))) return false;
      if (d === 'sex' && !(slice.some((c) => c.sex === 'w') && slice.some((c) => c.sex === 'm'))) return false;
      if (d === 'nationality' && new Set(slice.map((c) => c.nationality)).size < 2) return false;
    }
  }
  return true;
}
