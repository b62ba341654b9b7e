// Feasibility of lower and upper bounds against a budget, with the minimal violated set.
//
// Floors that exceed the budget: the smallest set of floors that on its own already exceeds it
// (largest floors first, ties by code). At least one of them must be lowered, by the gap in total;
// no smaller set of floors is infeasible. Caps below the budget: every capped area is in the set
// (raising any one cap by the gap restores feasibility), unless some area is uncapped.

export interface Bounded {
  code: string;
  lo: number;
  hi: number;
}

export type BoundsProblem = { feasible: false; issue: 'FLOORS_EXCEED_BUDGET' | 'CAPS_BELOW_BUDGET'; gap: number; minimalSet: string[] };

const byCode = (a: Bounded, b: Bounded) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export function moneyBounds(areas: Bounded[], total: number): BoundsProblem | null {
  const sumLo = areas.reduce((s, a) => s + a.lo, 0);
  const sumHi = areas.reduce((s, a) => s + a.hi, 0);
  const eps = 1e-6;
  if (sumLo > total + eps) {
    const sorted = [...areas].sort((a, b) => b.lo - a.lo || byCode(a, b));
    const set: string[] = [];
    let acc = 0;
    for (const a of sorted) {
      set.push(a.code);
      acc += a.lo;
      if (acc > total + eps) break;
    }
    return { feasible: false, issue: 'FLOORS_EXCEED_BUDGET', gap: sumLo - total, minimalSet: set };
  }
  if (sumHi < total - eps) {
    return { feasible: false, issue: 'CAPS_BELOW_BUDGET', gap: total - sumHi, minimalSet: [...areas].sort(byCode).map((a) => a.code) };
  }
  return null;
}
