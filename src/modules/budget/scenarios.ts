// Scenarios (Verteilungsvorschläge): a model version applied to a pot on a layer and period, computed
// by the core pipeline and stored with every input, so each amount is reproducible and explained term
// by term. Any number per pot; side by side; freezing one as the committee's decision makes it
// immutable (here, and by a trigger in the database) and audited.
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, notFound } from '../../core/errors.ts';
import { centsToEuroString } from '../../core/allocation/index.ts';
import * as areas from '../areas/service.ts';
import * as audit from '../audit/service.ts';
import { sha256, stableStringify } from '../indices/service.ts';
import type { ScenarioInput } from './api.ts';
import { gatherInputs } from './inputs.ts';
import { resolveModel } from './models.ts';
import { requirePot, type Actor } from './pots.ts';
import * as repo from './repo.ts';
import { allocateAreas } from './service.ts';
import type { BudgetModel } from './schema.ts';

export interface ScenarioRowApi {
  code: string;
  name: string;
  amountCents: number;
  targetCents: number;
  lastYearCents: number | null;
  population: number | null;
  needValue: number | null;
  carriedForward: number;
  base: number;
  populationPart: number;
  needPart: number;
  damping: number;
  optimisation: number;
  rounding: number;
  distanceFromTarget: number | null;
  bound: string | null;
  /** € per person of the target population. */
  perPerson: number | null;
}

export interface Scenario {
  id: number;
  potId: number;
  name: string;
  layer: string;
  period: string;
  model: { id: number; key: string; version: number; name: string };
  parameters: unknown;
  inputs: Gathered['snapshot'];
  inputHash: string;
  summary: { dampingIterations: number; objective: number | null; sensitivity?: unknown };
  budgetCents: number;
  createdBy: string;
  createdAt: string;
  frozenAt: string | null;
  frozenBy: string | null;
  decisionRef: string | null;
  rows: ScenarioRowApi[];
}
type Gathered = Awaited<ReturnType<typeof gatherInputs>>;

export const frozenError = (id: number, ref: string | null) => new LernortError('BUDGET_SCENARIO_FROZEN',
  `Verteilungsvorschlag ${id} ist beschlossen${ref ? ` (${ref})` : ''} und kann nicht mehr geändert werden.`,
  `Scenario ${id} is frozen as the decision${ref ? ` (${ref})` : ''} and can no longer be changed.`, { status: 409 });

/** The database trigger's refusal, should the service check ever be raced, as the same 409. */
async function guarded<T>(id: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { hint?: string }).hint === 'BUDGET_SCENARIO_FROZEN') throw frozenError(id, null);
    throw err;
  }
}

export async function requireScenario(q: Queryable, id: number): Promise<repo.ScenarioRow> {
  const s = await repo.scenarioById(q, id);
  if (!s) throw notFound('Verteilungsvorschlag / scenario', String(id));
  return s;
}

export async function getScenario(q: Queryable, id: number): Promise<Scenario> {
  const s = await requireScenario(q, id);
  const m = (await repo.modelById(q, s.model_id))!;
  const snapshot = s.inputs as Gathered['snapshot'];
  const results = await repo.resultsOf(q, id);
  const areaNames = new Map((await areas.listAreas(q, s.layer_key)).map((a) => [a.id, a.name]));
  const rows = results.map((r): ScenarioRowApi => ({
    code: r.code, name: areaNames.get(r.area_id) ?? r.code, amountCents: r.amount_cents, targetCents: r.target, lastYearCents: r.last_year_cents,
    population: r.population, needValue: r.need_value, carriedForward: r.carried_forward, base: r.base, populationPart: r.population_part, needPart: r.need_part,
    damping: r.damping, optimisation: r.optimisation, rounding: r.rounding, distanceFromTarget: r.distance_from_target, bound: r.bound,
    perPerson: r.population && r.population > 0 ? r.amount_cents / 100 / r.population : null,
  }));
  return {
    id: s.id, potId: s.pot_id, name: s.name, layer: s.layer_key, period: s.period, model: { id: m.id, key: m.key, version: m.version, name: m.name },
    parameters: s.parameters, inputs: snapshot, inputHash: s.input_hash, summary: s.summary as Scenario['summary'], budgetCents: s.budget_cents,
    createdBy: s.created_by, createdAt: s.created_at.toISOString(), frozenAt: s.frozen_at?.toISOString() ?? null, frozenBy: s.frozen_by, decisionRef: s.decision_ref, rows,
  };
}

export async function listScenarios(q: Queryable, potId: number | null) {
  return (await repo.listScenarios(q, potId)).map((s) => ({
    id: s.id, potId: s.pot_id, name: s.name, layer: s.layer_key, period: s.period, modelId: s.model_id, budgetCents: s.budget_cents,
    createdBy: s.created_by, createdAt: s.created_at.toISOString(), frozenAt: s.frozen_at?.toISOString() ?? null, decisionRef: s.decision_ref,
  }));
}

/** Computes a scenario with the core pipeline (and the sensitivity of each amount) and stores it. */
export async function createScenario(db: Database, input: ScenarioInput, actor: Actor): Promise<Scenario> {
  const pot = await requirePot(db.pool, input.potId);
  const modelRow = await resolveModel(db.pool, input.model.key, input.model.version);
  const g = await gatherInputs(db.pool, pot, modelRow.body as BudgetModel, input);
  const { result, sensitivity } = await allocateAreas(g.model, g.areas, pot.total_cents, { sensitivity: true });
  const popCol = g.model.formula.population;
  const needCol = g.snapshot.need?.column ?? null;
  const lastCol = g.model.lastYear ?? null;
  const id = await withTransaction(db, async (c) => {
    const s = await repo.insertScenario(c, {
      pot_id: pot.id, model_id: modelRow.id, name: input.name, layer_key: input.layer, period: input.period, parameters: input,
      inputs: g.snapshot, input_hash: sha256(stableStringify({ model: g.model, budget: pot.total_cents, areas: g.areas })),
      summary: { dampingIterations: result.dampingIterations, objective: result.objective, sensitivity }, budget_cents: pot.total_cents, created_by: actor.name,
    });
    await repo.insertResults(c, s.id, result.areas.map((a, i) => {
      const v = g.areas[i].values;
      return {
        area_id: g.names.get(a.code)!.id, code: a.code, amount_cents: a.amount, target: a.target, carried_forward: a.carriedForward, base: a.base,
        population_part: a.populationPart, need_part: a.needPart, damping: a.damping, optimisation: a.optimisation, rounding: a.rounding,
        distance_from_target: a.distanceFromTarget, bound: a.bound, last_year_cents: lastCol && v[lastCol] !== null ? Math.round((v[lastCol] as number) * 100) : null,
        population: v[popCol] ?? null, need_value: needCol ? v[needCol] ?? null : null,
      };
    }));
    return s.id;
  });
  return getScenario(db.pool, id);
}

export async function renameScenario(q: Queryable, id: number, name: string): Promise<Scenario> {
  const s = await requireScenario(q, id);
  if (s.frozen_at) throw frozenError(id, s.decision_ref);
  await guarded(id, () => repo.renameScenario(q, id, name));
  return getScenario(q, id);
}

export async function deleteScenario(q: Queryable, id: number): Promise<void> {
  const s = await requireScenario(q, id);
  if (s.frozen_at) throw frozenError(id, s.decision_ref);
  await guarded(id, () => repo.deleteScenario(q, id));
}

/** Freezes the scenario as the committee's decision, once; audited with the resolution reference. */
export async function freezeScenario(db: Database, id: number, decisionRef: string, actor: Actor & { id?: number | null }): Promise<Scenario> {
  const before = await requireScenario(db.pool, id);
  if (before.frozen_at) throw frozenError(id, before.decision_ref);
  await withTransaction(db, async (c) => {
    const after = await repo.freezeScenario(c, id, decisionRef, actor.name);
    if (!after) throw frozenError(id, null); // frozen meanwhile by someone else
    await audit.record(c, {
      actor: { id: actor.userId, name: actor.name }, action: 'freeze', entity: 'budget_scenario', entityId: String(id),
      before: { frozenAt: null, decisionRef: null }, after: { frozenAt: after.frozen_at?.toISOString(), decisionRef, potId: after.pot_id, budgetCents: after.budget_cents, inputHash: after.input_hash },
    });
  });
  return getScenario(db.pool, id);
}

// ---- reading --------------------------------------------------------------------------------

const TERMS = [
  { key: 'carriedForward', de: 'Vorjahresbetrag (Aufstockung)', en: "Last year's amount (top-up)" },
  { key: 'base', de: 'Sockelbetrag (α/n)', en: 'Base share (α/n)' },
  { key: 'populationPart', de: 'Anteil nach Zielgruppe', en: 'Target-population part' },
  { key: 'needPart', de: 'Anteil nach Bedarf', en: 'Need part' },
  { key: 'damping', de: 'Dämpfung gegenüber dem Vorjahr', en: 'Damping against last year' },
  { key: 'optimisation', de: 'Optimierung', en: 'Optimisation' },
  { key: 'rounding', de: 'Rundung auf den Cent', en: 'Rounding to the cent' },
] as const;

/** Why an area gets its amount: the terms (cents) that add up to it, with the inputs behind them. */
export async function explainArea(q: Queryable, id: number, code: string) {
  const s = await getScenario(q, id);
  const r = s.rows.find((x) => x.code === code);
  if (!r) throw notFound('Gebiet im Verteilungsvorschlag / area of the scenario', code);
  const terms = TERMS.map((t) => ({ ...t, cents: r[t.key] }));
  const sum = terms.reduce((acc, t) => acc + t.cents, 0);
  const sens = (s.summary.sensitivity as { parameter: string; value: number; perArea: Record<string, number> | null; problem?: string }[] | undefined) ?? [];
  return {
    scenario: { id: s.id, name: s.name, frozenAt: s.frozenAt, decisionRef: s.decisionRef }, area: { code: r.code, name: r.name },
    amountCents: r.amountCents, amount: centsToEuroString(r.amountCents), targetCents: r.targetCents, lastYearCents: r.lastYearCents,
    population: r.population, needValue: r.needValue, perPerson: r.perPerson, bound: r.bound, distanceFromTarget: r.distanceFromTarget,
    terms, sumOfTermsCents: sum, addsUp: sum === r.amountCents,
    sensitivity: sens.map((p) => ({ parameter: p.parameter, value: p.value, eurPerStep: p.perArea ? p.perArea[code] ?? null : null, problem: p.problem ?? null })),
    model: s.inputs.effectiveModel, indexRunId: s.inputs.indexRunId, dataVersion: s.inputs.dataVersion,
  };
}

export async function scenarioSensitivity(q: Queryable, id: number) {
  const s = await getScenario(q, id);
  return { scenarioId: s.id, step: 0.01, unit: '€ per +0.01', parameters: s.summary.sensitivity ?? [] };
}

/** Two scenarios side by side, area by area (b − a). */
export async function compareScenarios(q: Queryable, idA: number, idB: number) {
  const [a, b] = [await getScenario(q, idA), await getScenario(q, idB)];
  if (a.layer !== b.layer) {
    throw new LernortError('BUDGET_COMPARE_LAYERS', `Vorschläge auf verschiedenen Ebenen (${a.layer}, ${b.layer}) lassen sich nicht gebietsweise vergleichen.`,
      `Scenarios on different layers (${a.layer}, ${b.layer}) cannot be compared area by area.`);
  }
  const byCode = new Map(b.rows.map((r) => [r.code, r]));
  const areas = a.rows.map((ra) => {
    const rb = byCode.get(ra.code);
    const amountB = rb?.amountCents ?? null;
    return {
      code: ra.code, name: ra.name, amountA: ra.amountCents, amountB, differenceCents: amountB === null ? null : amountB - ra.amountCents,
      relative: amountB === null || ra.amountCents === 0 ? null : (amountB - ra.amountCents) / ra.amountCents, lastYearCents: ra.lastYearCents,
    };
  });
  const head = (s: Scenario) => ({ id: s.id, name: s.name, model: s.model, budgetCents: s.budgetCents, frozenAt: s.frozenAt, decisionRef: s.decisionRef });
  return { a: head(a), b: head(b), layer: a.layer, areas, totalA: a.budgetCents, totalB: b.budgetCents };
}
