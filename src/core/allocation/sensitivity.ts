// Sensitivity of each area's amount to each parameter of the model, by finite differences: the
// whole allocation is recomputed with the parameter moved by 0.01 and the change reported in € per
// +0.01. A parameter at the top of its range is moved down instead and the sign turned, so the
// figure always reads "per +0.01". With damping or an optimisation the response is piecewise
// linear: the figure is the slope on the side of the step, not a derivative.
import { LernortError } from '../errors.ts';
import { allocate } from './allocate.ts';
import type { LpSolver } from './lp-text.ts';
import type { AllocationArea, AllocationModel } from './model.ts';

export type Parameter = 'alpha' | 'w' | 'floor' | 'cap';

export interface ParameterSensitivity {
  parameter: Parameter;
  value: number;
  /** € change of each area's amount per +0.01 (by area code); null when the moved model is infeasible. */
  perArea: Record<string, number> | null;
  /** why perArea is null (the error code) */
  problem?: string;
}

const STEP = 0.01;

function moved(model: AllocationModel, p: Parameter, delta: number): AllocationModel {
  const m = structuredClone(model);
  if ((p === 'alpha' || p === 'w') && m.formula.kind === 'share') m.formula[p] += delta;
  if ((p === 'floor' || p === 'cap') && m.damping) m.damping[p] += delta;
  return m;
}

function parametersOf(model: AllocationModel): { parameter: Parameter; value: number; max: number }[] {
  const out: { parameter: Parameter; value: number; max: number }[] = [];
  if (model.formula.kind === 'share') {
    out.push({ parameter: 'alpha', value: model.formula.alpha, max: 1 });
    if (model.formula.need) out.push({ parameter: 'w', value: model.formula.w, max: 1 });
  }
  if (model.damping) {
    out.push({ parameter: 'floor', value: model.damping.floor, max: model.damping.cap });
    out.push({ parameter: 'cap', value: model.damping.cap, max: Infinity });
  }
  return out;
}

export async function sensitivity(model: AllocationModel, areas: AllocationArea[], budget: number, solver?: LpSolver): Promise<ParameterSensitivity[]> {
  const base = await allocate(model, areas, budget, solver);
  const out: ParameterSensitivity[] = [];
  for (const { parameter, value, max } of parametersOf(model)) {
    const delta = value + STEP <= max + 1e-12 ? STEP : -STEP;
    try {
      const r = await allocate(moved(model, parameter, delta), areas, budget, solver);
      const perArea: Record<string, number> = {};
      r.areas.forEach((a, i) => (perArea[a.code] = ((a.amount - base.areas[i].amount) / 100) * (STEP / delta)));
      out.push({ parameter, value, perArea });
    } catch (err) {
      if (!(err instanceof LernortError)) throw err;
      out.push({ parameter, value, perArea: null, problem: err.code });
    }
  }
  return out;
}
