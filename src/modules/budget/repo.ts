// SQL of the budget module: pots, last year's allocations, versioned models, scenarios and rows.
import type { Queryable } from '../../db/connection.ts';

export interface PotRow {
  id: number;
  domain_key: string;
  fiscal_year: number;
  funding_source: string;
  name: string;
  total_cents: number;
  notes: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface PotFields {
  domainKey: string;
  fiscalYear: number;
  fundingSource: string;
  name: string;
  totalCents: number;
  notes: string | null;
}

export async function listPots(q: Queryable): Promise<PotRow[]> {
  return (await q.query<PotRow>('SELECT * FROM budget_pots ORDER BY fiscal_year DESC, domain_key, funding_source, id')).rows;
}

export async function potById(q: Queryable, id: number): Promise<PotRow | undefined> {
  return (await q.query<PotRow>('SELECT * FROM budget_pots WHERE id = $1', [id])).rows[0];
}

/** The pot of the same domain and funding source in another fiscal year. */
export async function potOf(q: Queryable, domainKey: string, fiscalYear: number, fundingSource: string): Promise<PotRow | undefined> {
  return (await q.query<PotRow>('SELECT * FROM budget_pots WHERE domain_key = $1 AND fiscal_year = $2 AND funding_source = $3', [domainKey, fiscalYear, fundingSource])).rows[0];
}

export async function insertPot(q: Queryable, p: PotFields, createdBy: string): Promise<PotRow> {
  return (await q.query<PotRow>(
    `INSERT INTO budget_pots (domain_key, fiscal_year, funding_source, name, total_cents, notes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [p.domainKey, p.fiscalYear, p.fundingSource, p.name, p.totalCents, p.notes, createdBy],
  )).rows[0];
}

export async function updatePot(q: Queryable, id: number, p: PotFields): Promise<PotRow | undefined> {
  return (await q.query<PotRow>(
    `UPDATE budget_pots SET domain_key = $2, fiscal_year = $3, funding_source = $4, name = $5, total_cents = $6, notes = $7, updated_at = now()
      WHERE id = $1 RETURNING *`,
    [id, p.domainKey, p.fiscalYear, p.fundingSource, p.name, p.totalCents, p.notes],
  )).rows[0];
}

export async function deletePot(q: Queryable, id: number): Promise<boolean> {
  return ((await q.query('DELETE FROM budget_pots WHERE id = $1', [id])).rowCount ?? 0) > 0;
}

export async function frozenScenarioCount(q: Queryable, potId: number): Promise<number> {
  return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM budget_scenarios WHERE pot_id = $1 AND frozen_at IS NOT NULL', [potId])).rows[0].n;
}

// ---- last year --------------------------------------------------------------------------------

export interface LastYearRow {
  layer_key: string;
  area_id: number;
  organisation_id: number | null;
  service_id: number | null;
  amount_cents: number;
}

export async function lastYearOf(q: Queryable, potId: number): Promise<LastYearRow[]> {
  return (await q.query<LastYearRow>(
    `SELECT l.layer_key, l.area_id, l.organisation_id, l.service_id, l.amount_cents
       FROM budget_last_year l WHERE l.pot_id = $1 ORDER BY l.id`,
    [potId],
  )).rows;
}

/** Replaces the pot's last-year rows in one statement (the caller holds the transaction). */
export async function replaceLastYear(q: Queryable, potId: number, layerKey: string, rows: { areaId: number; organisationId: number | null; serviceId: number | null; amountCents: number }[], importId: number | null): Promise<void> {
  await q.query('DELETE FROM budget_last_year WHERE pot_id = $1', [potId]);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO budget_last_year (pot_id, layer_key, area_id, organisation_id, service_id, amount_cents, import_id)
     SELECT $1, $2, t.a, t.o, t.s, t.m, $7 FROM unnest($3::int[], $4::int[], $5::int[], $6::bigint[]) AS t(a, o, s, m)`,
    [potId, layerKey, rows.map((r) => r.areaId), rows.map((r) => r.organisationId), rows.map((r) => r.serviceId), rows.map((r) => r.amountCents), importId],
  );
}

// ---- models -----------------------------------------------------------------------------------

export interface ModelRow {
  id: number;
  key: string;
  version: number;
  name: string;
  body: unknown;
  created_by: string;
  created_at: Date;
}

export async function latestModels(q: Queryable): Promise<(ModelRow & { versions: number })[]> {
  return (await q.query<ModelRow & { versions: number }>(
    `SELECT DISTINCT ON (key) *, count(*) OVER (PARTITION BY key)::int AS versions FROM budget_models ORDER BY key, version DESC`,
  )).rows;
}

export async function modelVersions(q: Queryable, key: string): Promise<ModelRow[]> {
  return (await q.query<ModelRow>('SELECT * FROM budget_models WHERE key = $1 ORDER BY version DESC', [key])).rows;
}

export async function modelById(q: Queryable, id: number): Promise<ModelRow | undefined> {
  return (await q.query<ModelRow>('SELECT * FROM budget_models WHERE id = $1', [id])).rows[0];
}

export async function insertModel(q: Queryable, m: { key: string; name: string; body: unknown; createdBy: string }): Promise<ModelRow> {
  return (await q.query<ModelRow>(
    `INSERT INTO budget_models (key, version, name, body, created_by)
     VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM budget_models WHERE key = $1), $2, $3::jsonb, $4) RETURNING *`,
    [m.key, m.name, JSON.stringify(m.body), m.createdBy],
  )).rows[0];
}

/** Deletes every version of a model key that no scenario uses; returns the versions deleted. */
export async function deleteModel(q: Queryable, key: string): Promise<number> {
  return (await q.query('DELETE FROM budget_models WHERE key = $1', [key])).rowCount ?? 0;
}

export async function scenariosUsingModel(q: Queryable, key: string): Promise<number[]> {
  return (await q.query<{ id: number }>('SELECT s.id FROM budget_scenarios s JOIN budget_models m ON m.id = s.model_id WHERE m.key = $1 ORDER BY s.id', [key])).rows.map((r) => r.id);
}

// ---- scenarios --------------------------------------------------------------------------------

export interface ScenarioRow {
  id: number;
  pot_id: number;
  model_id: number;
  name: string;
  layer_key: string;
  period: string;
  parameters: Record<string, unknown>;
  inputs: Record<string, unknown>;
  input_hash: string;
  summary: Record<string, unknown>;
  budget_cents: number;
  created_by: string;
  created_at: Date;
  frozen_at: Date | null;
  frozen_by: string | null;
  decision_ref: string | null;
}

export interface ResultRow {
  area_id: number;
  code: string;
  amount_cents: number;
  target: number;
  carried_forward: number;
  base: number;
  population_part: number;
  need_part: number;
  damping: number;
  optimisation: number;
  rounding: number;
  distance_from_target: number | null;
  bound: string | null;
  last_year_cents: number | null;
  population: number | null;
  need_value: number | null;
}

export async function insertScenario(q: Queryable, s: Omit<ScenarioRow, 'id' | 'created_at' | 'frozen_at' | 'frozen_by' | 'decision_ref'>): Promise<ScenarioRow> {
  return (await q.query<ScenarioRow>(
    `INSERT INTO budget_scenarios (pot_id, model_id, name, layer_key, period, parameters, inputs, input_hash, summary, budget_cents, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10, $11) RETURNING *`,
    [s.pot_id, s.model_id, s.name, s.layer_key, s.period, JSON.stringify(s.parameters), JSON.stringify(s.inputs), s.input_hash, JSON.stringify(s.summary), s.budget_cents, s.created_by],
  )).rows[0];
}

const RESULT_COLUMNS = ['area_id', 'code', 'amount_cents', 'target', 'carried_forward', 'base', 'population_part', 'need_part', 'damping', 'optimisation', 'rounding', 'distance_from_target', 'bound', 'last_year_cents', 'population', 'need_value'] as const;
const RESULT_TYPES = ['int', 'text', 'bigint', 'float8', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'float8', 'text', 'bigint', 'float8', 'float8'];

export async function insertResults(q: Queryable, scenarioId: number, rows: ResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = RESULT_COLUMNS.map((c) => rows.map((r) => r[c]));
  const params = RESULT_TYPES.map((t, i) => `$${i + 2}::${t}[]`).join(', ');
  await q.query(
    `INSERT INTO budget_scenario_rows (scenario_id, ${RESULT_COLUMNS.join(', ')})
     SELECT $1, ${RESULT_COLUMNS.map((c) => `t.${c}`).join(', ')} FROM unnest(${params}) AS t(${RESULT_COLUMNS.join(', ')})`,
    [scenarioId, ...arrays],
  );
}

export async function scenarioById(q: Queryable, id: number): Promise<ScenarioRow | undefined> {
  return (await q.query<ScenarioRow>('SELECT * FROM budget_scenarios WHERE id = $1', [id])).rows[0];
}

export async function listScenarios(q: Queryable, potId: number | null): Promise<ScenarioRow[]> {
  return (await q.query<ScenarioRow>(
    'SELECT * FROM budget_scenarios WHERE ($1::int IS NULL OR pot_id = $1) ORDER BY pot_id, id', [potId],
  )).rows;
}

export async function resultsOf(q: Queryable, scenarioId: number): Promise<ResultRow[]> {
  return (await q.query<ResultRow>(`SELECT ${RESULT_COLUMNS.join(', ')} FROM budget_scenario_rows WHERE scenario_id = $1 ORDER BY code`, [scenarioId])).rows;
}

/** The frozen scenario of a pot (the decision), newest first if several were frozen. */
export async function frozenScenarioOf(q: Queryable, potId: number): Promise<ScenarioRow | undefined> {
  return (await q.query<ScenarioRow>('SELECT * FROM budget_scenarios WHERE pot_id = $1 AND frozen_at IS NOT NULL ORDER BY frozen_at DESC, id DESC LIMIT 1', [potId])).rows[0];
}

export async function renameScenario(q: Queryable, id: number, name: string): Promise<ScenarioRow | undefined> {
  return (await q.query<ScenarioRow>('UPDATE budget_scenarios SET name = $2 WHERE id = $1 RETURNING *', [id, name])).rows[0];
}

/** Freezes only a scenario that is not frozen yet (the WHERE makes a second freeze a no-op). */
export async function freezeScenario(q: Queryable, id: number, decisionRef: string, by: string): Promise<ScenarioRow | undefined> {
  return (await q.query<ScenarioRow>(
    'UPDATE budget_scenarios SET frozen_at = now(), frozen_by = $3, decision_ref = $2 WHERE id = $1 AND frozen_at IS NULL RETURNING *', [id, decisionRef, by],
  )).rows[0];
}

export async function deleteScenario(q: Queryable, id: number): Promise<boolean> {
  return ((await q.query('DELETE FROM budget_scenarios WHERE id = $1', [id])).rowCount ?? 0) > 0;
}
