// Need-based allocation of a budget (Mittelverteilung) — METHODS.md §7.
//
//   share_i = α/n + (1 − α) · (w · P_i/ΣP + (1 − w) · P_i f_i / Σ P f)
// α base share split equally, P target population (e.g. under-18s), f need weight from the index.
// Hamburg's Jugendeinwohnerwert (2021): α = 0, w = 0.8, f = 1 for children in low-status areas.
// Older rank variant: JEW_i = P_i · (1 + SP_i/100), share = JEW_i / Σ JEW.
// Damping against last year's A⁰: each area stays within [(1+f)A⁰, (1+c)A⁰]; the remainder goes
// pro rata to the formula target among the areas that can still move, until it balances.
// Infeasible bounds are reported, never silently broken.

export interface FormulaArea {
  id: string;
  population: number;
  /** f_i; for a district, the share of its target population living in areas of need. */
  need: number;
}

export interface ShareTerms {
  id: string;
  share: number;
  base: number;
  populationTerm: number;
  needTerm: number;
}

export function formulaShares(areas: FormulaArea[], opts: { alpha?: number; w?: number } = {}): ShareTerms[] {
  const alpha = opts.alpha ?? 0;
  const w = opts.w ?? 1;
  const n = areas.length;
  const sumP = areas.reduce((s, a) => s + a.population, 0);
  const sumPf = areas.reduce((s, a) => s + a.population * a.need, 0);
  if (!(sumP > 0)) throw new RangeError('formulaShares: the target population sums to 0');
  if (w < 1 && !(sumPf > 0)) throw new RangeError('formulaShares: no population in need, the need term is undefined');
  return areas.map((a) => {
    const base = alpha / n;
    const populationTerm = (1 - alpha) * w * (a.population / sumP);
    const needTerm = w < 1 ? (1 - alpha) * (1 - w) * ((a.population * a.need) / sumPf) : 0;
    return { id: a.id, share: base + populationTerm + needTerm, base, populationTerm, needTerm };
  });
}

/** JEW_i = P_i (1 + SP_i/100) with SP a 0–100 score; shares JEW_i / Σ JEW. */
export function jewShares(population: number[], score: number[]): number[] {
  const jew = population.map((p, i) => p * (1 + score[i] / 100));
  const total = jew.reduce((s, x) => s + x, 0);
  return jew.map((x) => x / total);
}

export interface DampingArea {
  id: string;
  target: number;
  /** Last year's allocation A⁰; null = new area, not damped. */
  previous: number | null;
}

export interface DampedArea {
  id: string;
  target: number;
  allocation: number;
  /** (A − T)/T; null for a zero target. */
  distance: number | null;
  bound: 'floor' | 'cap' | null;
}

export type DampingResult =
  | { feasible: true; areas: DampedArea[]; iterations: number }
  | { feasible: false; issue: 'FLOORS_EXCEED_BUDGET' | 'CAPS_BELOW_BUDGET'; gap: number; areas: null };

/** floor f (e.g. −0.05) and cap c (e.g. +0.10) relative to A⁰; budget = the total to allocate. */
export function dampAllocation(areas: DampingArea[], budget: number, floor: number, cap: number): DampingResult {
  const n = areas.length;
  const lo = areas.map((a) => (a.previous === null ? 0 : (1 + floor) * a.previous));
  const hi = areas.map((a) => (a.previous === null ? Infinity : (1 + cap) * a.previous));
  const sumLo = lo.reduce((s, x) => s + x, 0);
  const sumHi = hi.reduce((s, x) => s + x, 0);
  const eps = 1e-9 * Math.max(1, Math.abs(budget));
  if (sumLo > budget + eps) return { feasible: false, issue: 'FLOORS_EXCEED_BUDGET', gap: sumLo - budget, areas: null };
  if (sumHi < budget - eps) return { feasible: false, issue: 'CAPS_BELOW_BUDGET', gap: budget - sumHi, areas: null };
  const x = areas.map((a, i) => Math.min(hi[i], Math.max(lo[i], a.target)));
  let iterations = 0;
  for (; iterations <= n + 1; iterations++) {
    const remainder = budget - x.reduce((s, v) => s + v, 0);
    if (Math.abs(remainder) <= eps) break;
    // areas that can still move in the direction of the remainder share it pro rata to target
    const movable = x.map((v, i) => (remainder > 0 ? v < hi[i] : v > lo[i]));
    let weight = 0;
    for (let i = 0; i < n; i++) if (movable[i]) weight += areas[i].target;
    const count = movable.filter(Boolean).length;
    for (let i = 0; i < n; i++) {
      if (!movable[i]) continue;
      const part = weight > 0 ? areas[i].target / weight : 1 / count;
      x[i] = Math.min(hi[i], Math.max(lo[i], x[i] + remainder * part));
    }
  }
  const tol = (v: number) => 1e-9 * Math.max(1, Math.abs(v));
  return {
    feasible: true,
    iterations,
    areas: areas.map((a, i) => ({
      id: a.id,
      target: a.target,
      allocation: x[i],
      distance: a.target === 0 ? null : (x[i] - a.target) / a.target,
      bound: Math.abs(x[i] - lo[i]) <= tol(lo[i]) && a.previous !== null ? 'floor' : Math.abs(x[i] - hi[i]) <= tol(hi[i]) ? 'cap' : null,
    })),
  };
}
