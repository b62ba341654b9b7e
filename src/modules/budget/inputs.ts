// Gathers a scenario's inputs into the table of areas the allocation core reads: the target
// population (an indicator), the need weight (an index run's class, score or rank score, or any
// indicator), last year's amounts, and further model columns bound to indicators. Last year comes
// from the frozen scenario of the previous fiscal year's pot (the decision) when there is one,
// otherwise from the amounts entered or imported for this pot.
import type { Queryable } from '../../db/connection.ts';
import { LernortError } from '../../core/errors.ts';
import type { AllocationArea } from '../../core/allocation/index.ts';
import * as areas from '../areas/service.ts';
import * as indices from '../indices/service.ts';
import * as monitoring from '../monitoring/service.ts';
import * as system from '../system/service.ts';
import type { NeedSource, ScenarioInput } from './api.ts';
import * as repo from './repo.ts';
import { modelColumns, parseModel } from './service.ts';
import type { BudgetModel } from './schema.ts';

export interface LastYearSource {
  source: 'frozen-scenario' | 'entered' | 'none';
  scenarioId?: number;
  potId?: number;
  decisionRef?: string | null;
  totalCents: number;
}

export interface Gathered {
  model: BudgetModel;
  areas: AllocationArea[];
  names: Map<string, { id: number; name: string }>;
  snapshot: {
    budgetCents: number;
    dataVersion: string;
    indexRunId: number | null;
    population: { indicator: string; period: string };
    need: (NeedSource & { column: string; kind: string }) | null;
    lastYear: LastYearSource;
    columns: Record<string, string>;
    effectiveModel: BudgetModel;
    values: Record<string, Record<string, number | null>>;
  };
}

const invalid = (de: string, en: string, field: string, status = 400) => new LernortError('BUDGET_SCENARIO_INVALID', de, en, { status, location: { field } });

/** The stored model with the scenario's parameter overrides applied (damping added if asked for). */
export function effectiveModel(stored: BudgetModel, p: ScenarioInput['parameters']): BudgetModel {
  const m = structuredClone(stored) as BudgetModel;
  if (p.alpha !== undefined || p.w !== undefined) {
    if (m.formula.kind !== 'share') throw invalid('α und w gelten nur für die Anteilsformel, nicht für die JEW-Rangvariante.', 'α and w apply to the share formula only, not to the JEW rank variant.', 'parameters');
    if (p.alpha !== undefined) m.formula.alpha = p.alpha;
    if (p.w !== undefined) m.formula.w = p.w;
  }
  if (p.floor !== undefined || p.cap !== undefined) {
    m.damping = { ...(m.damping ?? { floor: -1, cap: 10 }), ...(p.floor !== undefined ? { floor: p.floor } : {}), ...(p.cap !== undefined ? { cap: p.cap } : {}) };
    m.lastYear ??= 'last_year';
  }
  return parseModel(m);
}

async function byArea(q: Queryable, layer: string, key: string, period: string): Promise<Map<number, number | null>> {
  return new Map((await monitoring.layerValues(q, layer, key, period)).filter((v) => v.period === period).map((v) => [v.areaId, v.value]));
}

async function needValues(q: Queryable, layer: string, period: string, need: NeedSource, layerAreas: { id: number; code: string }[]): Promise<{ values: Map<number, number | null>; runId: number | null }> {
  if (need.source === 'indicator') return { values: await byArea(q, layer, need.key, need.period ?? period), runId: null };
  const run = await indices.getRun(q, need.runId);
  if (run.layer !== layer) throw invalid(`Indexlauf ${run.id} ist auf der Ebene ${run.layer}, das Szenario auf ${layer}.`, `Index run ${run.id} is on layer ${run.layer}, the scenario on ${layer}.`, 'need.runId');
  const byCode = new Map(run.results.map((r) => [r.areaCode, r]));
  const maxClass = Math.max(...run.results.map((r) => r.class ?? 0));
  const minClass = need.minClass ?? maxClass;
  // a rank depends only on the order: the score moved to start at 0 (z-sums are negative) ranks alike
  const scores = run.results.map((r) => r.score).filter((v): v is number => v !== null);
  const shift = need.field === 'rank-score' && scores.length ? Math.min(0, ...scores) : 0;
  const values = new Map(layerAreas.map((a) => {
    const r = byCode.get(a.code);
    if (!r) return [a.id, null];
    if (need.field === 'class-indicator') return [a.id, (need.focus ? r.focus : r.class !== null && r.class >= minClass) ? 1 : 0];
    return [a.id, r.score === null ? null : r.score - shift];
  }));
  return { values, runId: run.id };
}

async function lastYearAmounts(q: Queryable, pot: repo.PotRow, layer: string): Promise<{ amounts: Map<number, number>; source: LastYearSource }> {
  const previous = await repo.potOf(q, pot.domain_key, pot.fiscal_year - 1, pot.funding_source);
  const frozen = previous ? await repo.frozenScenarioOf(q, previous.id) : undefined;
  if (frozen && frozen.layer_key === layer) {
    const rows = await repo.resultsOf(q, frozen.id);
    return {
      amounts: new Map(rows.map((r) => [r.area_id, r.amount_cents])),
      source: { source: 'frozen-scenario', scenarioId: frozen.id, potId: previous!.id, decisionRef: frozen.decision_ref, totalCents: rows.reduce((s, r) => s + r.amount_cents, 0) },
    };
  }
  const entered = await repo.lastYearOf(q, pot.id);
  if (entered.length === 0) return { amounts: new Map(), source: { source: 'none', totalCents: 0 } };
  if (entered[0].layer_key !== layer) {
    throw invalid(`Die Vorjahreswerte von Topf ${pot.id} liegen auf der Ebene ${entered[0].layer_key}, das Szenario ist auf ${layer}.`,
      `Last year's amounts of pot ${pot.id} are on layer ${entered[0].layer_key}, the scenario is on ${layer}.`, 'layer', 422);
  }
  const amounts = new Map<number, number>();
  for (const r of entered) amounts.set(r.area_id, (amounts.get(r.area_id) ?? 0) + r.amount_cents); // grants of an area add up
  return { amounts, source: { source: 'entered', potId: pot.id, totalCents: entered.reduce((s, r) => s + r.amount_cents, 0) } };
}

export async function gatherInputs(q: Queryable, pot: repo.PotRow, stored: BudgetModel, input: ScenarioInput): Promise<Gathered> {
  const model = effectiveModel(stored, input.parameters);
  await areas.requireLayer(q, input.layer);
  const layerAreas = await areas.listAreas(q, input.layer);
  if (layerAreas.length === 0) throw invalid(`Die Ebene ${input.layer} hat keine Gebiete.`, `Layer ${input.layer} has no areas.`, 'layer');
  const popCol = model.formula.population;
  const usesNeed = model.formula.need !== undefined && (model.formula.kind === 'jew-rank' || model.formula.w < 1);
  const needCol = usesNeed ? model.formula.need!.column : null;
  const columns: Record<string, Map<number, number | null>> = {};
  const keys = [input.population];
  columns[popCol] = await byArea(q, input.layer, input.population, input.period);

  let runId: number | null = null;
  if (needCol) {
    if (!input.need) throw invalid(`Das Modell braucht ein Bedarfsgewicht („${needCol}“): bitte einen Indexlauf oder einen Indikator wählen.`, `The model needs a need weight ("${needCol}"): choose an index run or an indicator.`, 'need');
    const got = await needValues(q, input.layer, input.period, input.need, layerAreas);
    runId = got.runId;
    if (input.need.source === 'indicator') keys.push(input.need.key);
    // the Hamburg kind reads P_i·f_i; every other kind reads f_i
    const pop = columns[popCol];
    columns[needCol] = model.formula.need!.kind === 'population-in-need'
      ? new Map([...got.values].map(([id, f]) => [id, f === null || pop.get(id) === null || pop.get(id) === undefined ? null : (pop.get(id) as number) * f]))
      : got.values;
  }

  let lastYear: LastYearSource = { source: 'none', totalCents: 0 };
  if (model.lastYear) {
    const got = await lastYearAmounts(q, pot, input.layer);
    if (got.source.source === 'none') {
      throw invalid(`Das Modell braucht die Vorjahreswerte („${model.lastYear}“), für Topf ${pot.id} gibt es aber weder einen beschlossenen Vorjahresvorschlag noch eingegebene Vorjahreswerte.`,
        `The model needs last year's amounts ("${model.lastYear}"), but pot ${pot.id} has neither a frozen scenario of the previous year nor entered amounts.`, 'lastYear', 422);
    }
    lastYear = got.source;
    columns[model.lastYear] = new Map(layerAreas.map((a) => [a.id, got.amounts.has(a.id) ? got.amounts.get(a.id)! / 100 : null]));
  }

  const bound = input.columns ?? {};
  for (const c of modelColumns(model)) {
    if (columns[c.column]) continue;
    const key = bound[c.column];
    if (!key) throw invalid(`Die Modellspalte „${c.column}“ ist an keinen Indikator gebunden (columns.${c.column}).`, `Model column "${c.column}" is bound to no indicator (columns.${c.column}).`, `columns.${c.column}`);
    columns[c.column] = await byArea(q, input.layer, key, input.period);
    keys.push(key);
  }

  const areaRows: AllocationArea[] = layerAreas.map((a) => ({ code: a.code, values: Object.fromEntries(Object.entries(columns).map(([col, m]) => [col, m.get(a.id) ?? null])) }));
  return {
    model,
    areas: areaRows,
    names: new Map(layerAreas.map((a) => [a.code, { id: a.id, name: a.name }])),
    snapshot: {
      budgetCents: pot.total_cents,
      dataVersion: await system.dataVersion(q, keys),
      indexRunId: runId,
      population: { indicator: input.population, period: input.period },
      need: needCol && input.need ? { ...input.need, column: needCol, kind: model.formula.need!.kind } : null,
      lastYear,
      columns: bound,
      effectiveModel: model,
      values: Object.fromEntries(areaRows.map((a) => [a.code, a.values])),
    },
  };
}
