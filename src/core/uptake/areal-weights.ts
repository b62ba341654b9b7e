// Whole-person counts from one geography to another by areal weights (METHODS.md §1):
//   count_target = Σ_source count_source · w(source, target),
// then rounded to integers by the largest-remainder method (Hamilton's method): every target gets
// the floor of its share, and the persons left over go one each to the targets with the largest
// fractional parts (ties: target id), so the integers add up exactly to the persons assigned.
// Weights of a source that do not sum to 1 are rescaled to 1 — no person is lost or invented — and
// the source is named in a warning; counts of a source without weights are reported as unassigned.
import type { Problem } from '../errors.ts';

export interface ArealWeight {
  source: string;
  target: string;
  weight: number;
}

export interface DistributeOptions {
  /** Allowed deviation of a source's weight sum from 1 before it is warned about (default 0.005). */
  tolerance?: number;
}

export interface Distributed {
  /** Integer count per target, targets with 0 left out. Σ = Σ of the assigned source counts. */
  counts: Map<string, number>;
  /** Sources with a count but no weights, and their counts. */
  unassigned: Map<string, number>;
  warnings: Problem[];
}

export function distributeCounts(counts: ReadonlyMap<string, number>, weights: readonly ArealWeight[], opts: DistributeOptions = {}): Distributed {
  const tolerance = opts.tolerance ?? 0.005;
  const bySource = new Map<string, ArealWeight[]>();
  for (const w of weights) {
    if (!(w.weight >= 0)) throw new RangeError(`distributeCounts: weight of ${w.source} → ${w.target} must be ≥ 0, got ${w.weight}`);
    if (w.weight === 0) continue;
    let list = bySource.get(w.source);
    if (!list) bySource.set(w.source, (list = []));
    list.push(w);
  }
  const warnings: Problem[] = [];
  const unassigned = new Map<string, number>();
  const exact = new Map<string, number>();
  let total = 0;
  for (const [source, count] of counts) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`distributeCounts: count of ${source} must be a whole number ≥ 0, got ${count}`);
    if (count === 0) continue;
    const list = bySource.get(source);
    if (!list) {
      unassigned.set(source, count);
      warnings.push({
        code: 'AREAL_SOURCE_UNKNOWN',
        de: `Für „${source}“ gibt es keine Flächenanteile; ${count} Person(en) bleiben ohne Gebiet.`,
        en: `There are no areal weights for "${source}"; ${count} person(s) remain without an area.`,
        value: source,
      });
      continue;
    }
    const sum = list.reduce((s, w) => s + w.weight, 0);
    if (Math.abs(sum - 1) > tolerance) {
      const shown = Math.round(sum * 10000) / 10000;
      warnings.push({
        code: 'AREAL_WEIGHTS_SUM',
        de: `Die Anteile von „${source}“ summieren sich zu ${String(shown).replace('.', ',')} statt 1; sie werden auf 1 umgerechnet.`,
        en: `The weights of "${source}" sum to ${shown} instead of 1; they are rescaled to 1.`,
        value: source,
      });
    }
    total += count;
    for (const w of list) exact.set(w.target, (exact.get(w.target) ?? 0) + (count * w.weight) / sum);
  }
  return { counts: largestRemainder(exact, total), unassigned, warnings };
}

/**
 * Integers with the given total closest to the exact shares (Hamilton). A share that floating point
 * leaves just under a whole number (2.9999999999) has the largest remainder and so gets its seat back.
 */
export function largestRemainder(exact: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const rows = [...exact].map(([target, x]) => {
    const floor = Math.floor(x);
    return { target, floor, rest: x - floor };
  });
  let left = total - rows.reduce((s, r) => s + r.floor, 0);
  rows.sort((a, b) => b.rest - a.rest || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  for (const r of rows) {
    if (left <= 0) break;
    r.floor++;
    left--;
  }
  const out = new Map<string, number>();
  for (const r of rows.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))) if (r.floor > 0) out.set(r.target, r.floor);
  return out;
}
