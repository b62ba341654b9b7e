// Optimisation of an allocation as a linear programme (METHODS.md §7), solved by HiGHS through an
// injected LpSolver so that src/core stays pure. The LP works in euros (amounts up to ~10⁸, not
// 10¹⁰ cents, for the solver's tolerances); results come back as real cents for the rounding.
//
//   l1-closest:  min Σ d_i  s.t. d_i ≥ x_i − T_i, d_i ≥ T_i − x_i, Σ x_i = B, lo_i ≤ x_i ≤ hi_i
//   maximin:     max t  s.t. x_i ≥ t·need_i (need scaled to sum to B, so t = 1 is the need-share)
//   max-need-coverage: max Σ w_i c_i s.t. c_i ≤ 1, R_i c_i ≤ x_i, x_i ≥ minimum_i, bounds, Σ x = B
//   integer-units (MIP): x_i = K·n_i, n_i integer in [⌈lo/K⌉, min(⌊hi/K⌋, maxUnits)], Σ K n_i ≤ B,
//                min Σ |K n_i − T_i|; the rest below one unit is spread afterwards (allocate.ts)
// The LPs have many optimal x (L1 is flat along exchanges between areas on the same side of their
// targets; maximin only sees its minimum): a vertex solution puts most areas on their target or a
// bound and lets one area take the rest — arbitrary, and impossible to explain. So the optimum is
// held and the allocation on the optimal face taken that is proportional to a reference (the damped
// formula in the pipeline, the targets otherwise). For l1-closest and maximin that face is a box
// with the budget, and the proportional point is exact (proportionalOnFace); the LP's optimum is
// checked against it. For coverage a second LP takes a point of the face nearest the reference in L1.
import { LernortError } from '../errors.ts';
import { redistribute } from './damping.ts';
import { bound, linear, num, type LpSolution, type LpSolver } from './lp-text.ts';

export interface OptimiseInput {
  /** T_i in cents */
  target: number[];
  /** integer cents */
  lo: number[];
  /** integer cents, Infinity = no cap */
  hi: number[];
  /** B in integer cents */
  budget: number;
  /** ties between optimal allocations go to the one nearest this (cents); default the targets */
  reference?: number[];
}

const eur = (cents: number) => cents / 100;
const xs = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`);

/** min Σ|x − near| (near = the targets unless given); `rows`/`bounds`/`lo` let the second phases reuse it. */
export function l1ClosestLp(inp: OptimiseInput, extra: { rows?: string[]; bounds?: string[]; lo?: number[]; near?: number[] } = {}): string {
  const n = inp.target.length;
  const lo = extra.lo ?? inp.lo;
  const near = extra.near ?? inp.target;
  const rows: string[] = [` budget: ${linear(xs(n).map((v) => [1, v]))} = ${num(eur(inp.budget))}`];
  for (let i = 0; i < n; i++) {
    rows.push(` a${i}: d${i} - x${i} >= ${num(-eur(near[i]))}`, ` b${i}: d${i} + x${i} >= ${num(eur(near[i]))}`);
  }
  const bounds = [...Array.from({ length: n }, (_, i) => bound(`x${i}`, eur(lo[i]), eur(inp.hi[i]))), ...(extra.bounds ?? [])];
  return `Minimize\n obj: ${linear(Array.from({ length: n }, (_, i) => [1, `d${i}`]))}\nSubject To\n${[...rows, ...(extra.rows ?? [])].join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

export function maximinLp(inp: OptimiseInput, need: number[]): string {
  const n = inp.target.length;
  const rows = [` budget: ${linear(xs(n).map((v) => [1, v]))} = ${num(eur(inp.budget))}`];
  for (let i = 0; i < n; i++) rows.push(` m${i}: x${i} - ${num(eur(need[i]))} t >= 0`);
  const bounds = [...Array.from({ length: n }, (_, i) => bound(`x${i}`, eur(inp.lo[i]), eur(inp.hi[i]))), ' t >= 0'];
  return `Maximize\n obj: t\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

export function coverageLp(inp: OptimiseInput, weight: number[], requirement: number[], minimum: number[], atLeast?: number): string {
  const n = inp.target.length;
  const sumW = weight.reduce((s, w) => s + w, 0) || 1;
  const w = weight.map((x) => x / sumW);
  const rows = [` budget: ${linear(xs(n).map((v) => [1, v]))} = ${num(eur(inp.budget))}`];
  for (let i = 0; i < n; i++) rows.push(` r${i}: x${i} - ${num(eur(requirement[i]))} c${i} >= 0`);
  const lo = inp.lo.map((l, i) => Math.max(l, minimum[i]));
  const cBounds = Array.from({ length: n }, (_, i) => ` 0 <= c${i} <= 1`);
  const covered = linear(w.map((wi, i) => [wi, `c${i}`]));
  if (atLeast !== undefined) return l1ClosestLp(inp, { lo, rows: [...rows.slice(1), ` cov: ${covered} >= ${num(atLeast)}`], bounds: cBounds, near: inp.reference });
  const bounds = [...Array.from({ length: n }, (_, i) => bound(`x${i}`, eur(lo[i]), eur(inp.hi[i]))), ...cBounds];
  return `Maximize\n obj: ${covered}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

export function integerUnitsLp(inp: OptimiseInput, unitCost: number, maxUnits = Infinity): string {
  const n = inp.target.length;
  const K = eur(unitCost);
  const rows = [` budget: ${linear(Array.from({ length: n }, (_, i) => [K, `n${i}`]))} <= ${num(eur(inp.budget))}`];
  for (let i = 0; i < n; i++) rows.push(` a${i}: d${i} - ${num(K)} n${i} >= ${num(-eur(inp.target[i]))}`, ` b${i}: d${i} + ${num(K)} n${i} >= ${num(eur(inp.target[i]))}`);
  const range = unitRange(inp, unitCost, maxUnits);
  const bounds = range.map(([a, b], i) => bound(`n${i}`, a, b));
  return `Minimize\n obj: ${linear(Array.from({ length: n }, (_, i) => [1, `d${i}`]))}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nGenerals\n ${Array.from({ length: n }, (_, i) => `n${i}`).join(' ')}\nEnd\n`;
}

export function unitRange(inp: OptimiseInput, unitCost: number, maxUnits = Infinity): [number, number][] {
  return inp.lo.map((lo, i) => [Math.ceil(lo / unitCost - 1e-9), Math.min(maxUnits, Math.floor(inp.hi[i] / unitCost + 1e-9))]);
}

async function solve(solver: LpSolver, lp: string, what: string): Promise<LpSolution> {
  const r = await solver(lp);
  if (r.status !== 'Optimal') {
    throw new LernortError('BUDGET_OPTIMISATION_INFEASIBLE', `Die Optimierung (${what}) hat keine Lösung: ${r.status}. Untergrenzen, Mindestbeträge oder Einheitskosten passen nicht zum Budget.`,
      `The optimisation (${what}) has no solution: ${r.status}. Floors, minimums or unit costs do not fit the budget.`, { status: 422, location: { field: 'optimisation' } });
  }
  return r;
}

/**
 * The canonical point of an optimal face of the form box ∩ {Σx = B}: x = clamp(s·R, lo, hi), the
 * damping's own redistribution with the reference R as weights. By the Lagrange conditions it is the
 * point of the face nearest R in Σ(x − R)²/R (x_i − R_i ∝ R_i off the bounds), and it is unique.
 */
function proportionalOnFace(inp: OptimiseInput, lo: number[], hi: number[], what: string): number[] {
  const ref = inp.reference ?? inp.target;
  const r = redistribute(ref.map((w, i) => ({ code: String(i), target: Math.max(0, w), lo: lo[i], hi: hi[i] })), inp.budget);
  if (!r.feasible) throw faceError(what);
  return r.x;
}

const faceError = (what: string) => new LernortError('BUDGET_OPTIMISATION_INCONSISTENT', `Optimierung (${what}): die Lösung des LP-Lösers passt nicht zur Rechnung.`,
  `Optimisation (${what}): the LP solver's solution does not match the computation.`, { status: 500 });

const read = (r: LpSolution, prefix: string, n: number) => Array.from({ length: n }, (_, i) => r.value(`${prefix}${i}`) * 100);

export async function optimiseL1(inp: OptimiseInput, solver: LpSolver): Promise<{ x: number[]; objective: number }> {
  const best = (await solve(solver, l1ClosestLp(inp), 'l1-closest')).objective * 100;
  // The optimal face: every area at least moved to its box, c = clamp(T); what is left of the budget
  // costs 1 per cent wherever it goes, as long as it goes one way: up within [c, hi] or down within
  // [lo, c]. On that face, the allocation proportional to the reference.
  const c = inp.target.map((t, i) => Math.min(inp.hi[i], Math.max(inp.lo[i], t)));
  const up = c.reduce((s, v) => s + v, 0) <= inp.budget;
  const x = proportionalOnFace(inp, up ? c : inp.lo, up ? inp.hi : c, 'l1-closest');
  const l1 = x.reduce((s, v, i) => s + Math.abs(v - inp.target[i]), 0);
  if (Math.abs(l1 - best) > Math.max(1e-6 * best, 1)) throw faceError('l1-closest');
  return { x, objective: best };
}

export async function optimiseMaximin(inp: OptimiseInput, need: number[], solver: LpSolver): Promise<{ x: number[]; objective: number }> {
  const total = need.reduce((s, v) => s + v, 0);
  if (!(total > 0)) throw new LernortError('BUDGET_NO_NEED', 'Maximin: der Bedarf summiert sich zu 0.', 'Maximin: the need sums to 0.', { location: { field: 'optimisation.need' } });
  const scaled = need.map((v) => (v * inp.budget) / total);
  const t = (await solve(solver, maximinLp(inp, scaled), 'maximin')).objective;
  // The optimal face with t held (less a hair for the solver's tolerance) is a box again:
  // max(lo, t·need) ≤ x ≤ hi, Σx = B.
  const lo = inp.lo.map((l, i) => Math.min(inp.hi[i], Math.max(l, scaled[i] * t * (1 - 1e-9))));
  return { x: proportionalOnFace(inp, lo, inp.hi, 'maximin'), objective: t };
}

export async function optimiseCoverage(inp: OptimiseInput, weight: number[], requirement: number[], minimum: number[], solver: LpSolver): Promise<{ x: number[]; objective: number }> {
  const best = (await solve(solver, coverageLp(inp, weight, requirement, minimum), 'max-need-coverage')).objective;
  const sumW = weight.reduce((s, w) => s + w, 0) || 1;
  const coverage = (x: number[]) => x.reduce((s, v, i) => s + (weight[i] / sumW) * (requirement[i] > 0 ? Math.min(1, v / requirement[i]) : 1), 0);
  // the reference (the damped formula) when it already reaches the best coverage; else the second LP,
  // whose face is not a box: it takes an allocation nearest the reference in L1
  const ref = inp.reference;
  const refOk = ref && Math.abs(ref.reduce((s, v) => s + v, 0) - inp.budget) <= 1e-6 * inp.budget
    && ref.every((v, i) => v >= Math.max(inp.lo[i], minimum[i]) - 1e-6 && v <= inp.hi[i] + 1e-6) && coverage(ref) >= best * (1 - 1e-9);
  if (ref && refOk) return { x: ref, objective: best };
  const r = await solve(solver, coverageLp(inp, weight, requirement, minimum, best * (1 - 1e-9)), 'max-need-coverage, phase 2');
  return { x: read(r, 'x', inp.target.length), objective: best };
}

export async function optimiseUnits(inp: OptimiseInput, unitCost: number, maxUnits: number | undefined, solver: LpSolver): Promise<{ units: number[]; objective: number }> {
  const r = await solve(solver, integerUnitsLp(inp, unitCost, maxUnits), 'integer-units');
  return { units: Array.from({ length: inp.target.length }, (_, i) => Math.round(r.value(`n${i}`))), objective: r.objective * 100 };
}
