// The allocation pipeline: formula shares → targets → damping → optimisation → rounding →
// explanation. Pure apart from the injected LP solver; money in integer cents throughout, input
// money columns (last year, requirement, minimum) in €.
import { LernortError } from '../errors.ts';
import { dampingBounds, redistribute, type DampingResult } from './damping.ts';
import { explainArea, centsToEuroString } from './explain.ts';
import { formulaShares } from './formula.ts';
import type { LpSolver } from './lp-text.ts';
import { moneyColumn, numberColumn, toCents } from './columns.ts';
import type { AllocationArea, AllocationModel, AllocationResult, Optimisation } from './model.ts';
import { optimiseCoverage, optimiseL1, optimiseMaximin, optimiseUnits, type OptimiseInput } from './optimise.ts';
import { largestRemainder } from './rounding.ts';

function dampingProblem(r: Extract<DampingResult, { feasible: false }>, what: string): LernortError {
  const gap = centsToEuroString(Math.round(r.gap));
  const set = r.minimalSet.join(', ');
  return r.issue === 'FLOORS_EXCEED_BUDGET'
    ? new LernortError('BUDGET_FLOORS_EXCEED_BUDGET', `${what}: die Untergrenzen übersteigen das Budget um ${gap} €. Schon die Untergrenzen von ${set} zusammen sind mehr als das Budget; mindestens eine davon muss gesenkt werden.`,
      `${what}: the floors exceed the budget by ${gap} €. The floors of ${set} alone add up to more than the budget; at least one of them must be lowered.`, { status: 422, location: { field: 'damping.floor' }, details: r })
    : new LernortError('BUDGET_CAPS_BELOW_BUDGET', `${what}: die Obergrenzen liegen zusammen ${gap} € unter dem Budget. Mindestens eine Obergrenze von ${set} muss angehoben werden.`,
      `${what}: the caps add up to ${gap} € less than the budget. At least one cap of ${set} must be raised.`, { status: 422, location: { field: 'damping.cap' }, details: r });
}

export async function allocate(model: AllocationModel, areas: AllocationArea[], budget: number, solver?: LpSolver): Promise<AllocationResult> {
  if (!Number.isInteger(budget) || budget <= 0) throw new LernortError('BUDGET_AMOUNT_INVALID', 'Das Budget muss ein positiver Betrag in Cent sein.', 'The budget must be a positive amount in cents.', { location: { field: 'budget' } });
  const seen = new Set<string>();
  for (const a of areas) {
    if (seen.has(a.code)) throw new LernortError('BUDGET_DUPLICATE_AREA', `Gebiet ${a.code} steht zweimal in der Eingabe.`, `Area ${a.code} appears twice in the input.`, { location: { field: 'code' }, details: { area: a.code } });
    seen.add(a.code);
  }
  const shares = formulaShares(areas, model.formula);
  const previous = model.lastYear ? moneyColumn(areas, model.lastYear, true) : areas.map(() => null);

  // top-up: last year's amounts are carried forward and only the increment goes by the formula
  const carried = model.mode === 'top-up' ? previous.map((p) => p ?? 0) : areas.map(() => 0);
  const pot = budget - carried.reduce((s, c) => s + c, 0);
  if (pot < 0) {
    throw new LernortError('BUDGET_TOPUP_NEGATIVE', `Aufstockung: das Budget liegt ${centsToEuroString(-pot)} € unter der Summe des Vorjahres; eine Kürzung lässt sich nicht als Aufstockung verteilen.`,
      `Top-up: the budget is ${centsToEuroString(-pot)} € below last year's total; a cut cannot be distributed as a top-up.`, { status: 422, location: { field: 'mode' } });
  }
  const target = shares.map((s, i) => carried[i] + pot * s.share);

  // damping bounds in integer cents; without damping only x ≥ 0
  const overrides = model.damping?.overrides ?? {};
  for (const code of Object.keys(overrides)) {
    if (!seen.has(code)) throw new LernortError('BUDGET_MODEL_INVALID', `damping.overrides nennt das Gebiet ${code}, das in der Eingabe fehlt.`, `damping.overrides names area ${code}, which is not in the input.`, { location: { field: `damping.overrides.${code}` } });
  }
  const bounds = areas.map((a, i) => {
    if (!model.damping) return { lo: 0, hi: Infinity };
    const o = overrides[a.code] ?? {};
    const floor = o.floor ?? model.damping.floor, cap = o.cap ?? model.damping.cap;
    if (floor > cap) throw new LernortError('BUDGET_MODEL_INVALID', `Gebiet ${a.code}: die Untergrenze (${floor}) liegt über der Obergrenze (${cap}).`, `Area ${a.code}: the floor (${floor}) is above the cap (${cap}).`, { location: { field: `damping.overrides.${a.code}` } });
    return dampingBounds(previous[i], floor, cap);
  });
  const lo = bounds.map((b) => b.lo), hi = bounds.map((b) => b.hi);
  let damped = target;
  let bound: ('floor' | 'cap' | null)[] = areas.map(() => null);
  let dampingIterations = 0;
  if (model.damping) {
    const r = redistribute(areas.map((a, i) => ({ code: a.code, target: target[i], lo: lo[i], hi: hi[i] })), budget);
    if (!r.feasible) throw dampingProblem(r, 'Dämpfung / damping');
    damped = r.x;
    bound = r.bound;
    dampingIterations = r.iterations;
  }

  let optimised = damped;
  let objective: number | null = null;
  if (model.optimisation.kind !== 'none') {
    if (!solver) throw new LernortError('BUDGET_SOLVER_MISSING', 'Für die Optimierung fehlt der LP-Löser.', 'The optimisation needs an LP solver.', { status: 500 });
    ({ x: optimised, objective } = await optimisationStage(model.optimisation, areas, { target, lo, hi, budget, reference: damped }, solver));
    bound = optimised.map((x, i) => (hi[i] !== Infinity && x >= hi[i] - 0.5 ? 'cap' : model.damping && x <= lo[i] + 0.5 && previous[i] !== null ? 'floor' : null));
  }

  const amount = largestRemainder(areas.map((a, i) => ({ code: a.code, value: optimised[i], lo: lo[i], hi: hi[i] })), budget, toCents(model.rounding.unit));
  return {
    budget,
    dampingIterations,
    objective,
    areas: areas.map((a, i) => explainArea({
      code: a.code, carriedForward: carried[i], base: pot * shares[i].base, population: pot * shares[i].population, need: pot * shares[i].need,
      target: target[i], damped: damped[i], optimised: optimised[i], amount: amount[i], bound: bound[i],
    })),
  };
}

/** The optimised amounts (real cents) for the chosen optimisation; the columns it reads come from the areas. */
async function optimisationStage(opt: Exclude<Optimisation, { kind: 'none' }>, areas: AllocationArea[], inp: OptimiseInput, solver: LpSolver): Promise<{ x: number[]; objective: number }> {
  switch (opt.kind) {
    case 'l1-closest':
      return optimiseL1(inp, solver);
    case 'maximin':
      return optimiseMaximin(inp, opt.need === 'target' ? inp.target : numberColumn(areas, opt.need.column), solver);
    case 'max-need-coverage': {
      const min = opt.minimum;
      const minimum = !min ? areas.map(() => 0) : 'column' in min ? moneyColumn(areas, min.column) : inp.target.map((t) => Math.ceil(t * min.fractionOfTarget));
      return optimiseCoverage(inp, numberColumn(areas, opt.need.column), moneyColumn(areas, opt.requirement.column), minimum, solver);
    }
    case 'integer-units': {
      const unit = toCents(opt.unitCost);
      const r = await optimiseUnits(inp, unit, opt.maxUnitsPerArea, solver);
      // what buys no whole unit goes pro rata to the areas' remaining distance below target
      const funded = r.units.map((u) => u * unit);
      const rest = inp.budget - funded.reduce((s, x) => s + x, 0);
      const spread = redistribute(areas.map((a, i) => ({ code: a.code, target: Math.max(0, inp.target[i] - funded[i]), lo: 0, hi: inp.hi[i] - funded[i] })), rest);
      if (!spread.feasible) throw dampingProblem(spread, 'Ganze Einheiten / integer units');
      return { x: funded.map((f, i) => f + spread.x[i]), objective: r.objective };
    }
  }
}
