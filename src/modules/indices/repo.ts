// SQL of the index module: definitions (versioned), runs with per-area results, focus areas.
import type { Queryable } from '../../db/connection.ts';

export interface DefinitionRow {
  id: number;
  key: string;
  version: number;
  name: string;
  body: unknown;
  created_by: string;
  created_at: Date;
}

export async function latestDefinitions(q: Queryable): Promise<(DefinitionRow & { versions: number })[]> {
  const r = await q.query<DefinitionRow & { versions: number }>(
    `SELECT DISTINCT ON (key) id, key, version, name, body, created_by, created_at, count(*) OVER (PARTITION BY key)::int AS versions
       FROM index_definitions ORDER BY key, version DESC`,
  );
  return r.rows;
}

export async function definitionVersions(q: Queryable, key: string): Promise<DefinitionRow[]> {
  const r = await q.query<DefinitionRow>(`SELECT id, key, version, name, body, created_by, created_at FROM index_definitions WHERE key = $1 ORDER BY version DESC`, [key]);
  return r.rows;
}

export async function definitionById(q: Queryable, id: number): Promise<DefinitionRow | undefined> {
  const r = await q.query<DefinitionRow>(`SELECT id, key, version, name, body, created_by, created_at FROM index_definitions WHERE id = $1`, [id]);
  return r.rows[0];
}

/** Inserts the next version of a key; the unique (key, version) index rejects a concurrent twin. */
export async function insertDefinition(q: Queryable, d: { key: string; name: string; body: unknown; createdBy: string }): Promise<DefinitionRow> {
  const r = await q.query<DefinitionRow>(
    `INSERT INTO index_definitions (key, version, name, body, created_by)
     VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM index_definitions WHERE key = $1), $2, $3::jsonb, $4)
     RETURNING id, key, version, name, body, created_by, created_at`,
    [d.key, d.name, JSON.stringify(d.body), d.createdBy],
  );
  return r.rows[0];
}

export interface RunRow {
  id: number;
  definition_id: number;
  layer_key: string;
  period: string;
  input_hash: string;
  params: Record<string, unknown>;
  summary: Record<string, unknown>;
  created_by: string;
  created_at: Date;
}

export async function insertRun(q: Queryable, r: { definitionId: number; layerKey: string; period: string; inputHash: string; params: unknown; summary: unknown; createdBy: string }): Promise<RunRow> {
  const res = await q.query<RunRow>(
    `INSERT INTO index_runs (definition_id, layer_key, period, input_hash, params, summary, created_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7) RETURNING *`,
    [r.definitionId, r.layerKey, r.period, r.inputHash, JSON.stringify(r.params), JSON.stringify(r.summary), r.createdBy],
  );
  return res.rows[0];
}

export interface ResultRow {
  area_id: number;
  score: number | null;
  rank: number | null;
  class: number | null;
  dynamics_score: number | null;
  dynamics_class: number | null;
  focus: boolean;
  excluded_reason: string | null;
  components: Record<string, unknown>;
  median_rank: number | null;
  rank_p05: number | null;
  rank_p95: number | null;
  class_flip_rate: number | null;
}

/** All results of a run in one statement (arrays unnested server-side). */
export async function insertResults(q: Queryable, runId: number, rows: ResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof ResultRow>(k: K) => rows.map((r) => r[k]);
  await q.query(
    `INSERT INTO index_results (run_id, area_id, score, rank, class, dynamics_score, dynamics_class, focus, excluded_reason, components,
                                median_rank, rank_p05, rank_p95, class_flip_rate)
     SELECT $1, t.area_id, t.score, t.rank, t.class, t.dscore, t.dclass, t.focus, t.reason, t.comp::jsonb, t.med, t.p05, t.p95, t.flip
       FROM unnest($2::int[], $3::float8[], $4::int[], $5::int[], $6::float8[], $7::int[], $8::bool[], $9::text[], $10::text[],
                   $11::float8[], $12::float8[], $13::float8[], $14::float8[])
            AS t(area_id, score, rank, class, dscore, dclass, focus, reason, comp, med, p05, p95, flip)`,
    [runId, col('area_id'), col('score'), col('rank'), col('class'), col('dynamics_score'), col('dynamics_class'), col('focus'), col('excluded_reason'),
      rows.map((r) => JSON.stringify(r.components)), col('median_rank'), col('rank_p05'), col('rank_p95'), col('class_flip_rate')],
  );
}

export async function runById(q: Queryable, id: number): Promise<RunRow | undefined> {
  return (await q.query<RunRow>(`SELECT * FROM index_runs WHERE id = $1`, [id])).rows[0];
}

export async function listRuns(q: Queryable, limit: number): Promise<(RunRow & { key: string; version: number; name: string })[]> {
  const r = await q.query<RunRow & { key: string; version: number; name: string }>(
    `SELECT r.*, d.key, d.version, d.name FROM index_runs r JOIN index_definitions d ON d.id = r.definition_id ORDER BY r.id DESC LIMIT $1`,
    [limit],
  );
  return r.rows;
}

export async function resultsOf(q: Queryable, runId: number): Promise<ResultRow[]> {
  const r = await q.query<ResultRow>(
    `SELECT area_id, score, rank, class, dynamics_score, dynamics_class, focus, excluded_reason, components, median_rank, rank_p05, rank_p95, class_flip_rate
       FROM index_results WHERE run_id = $1`,
    [runId],
  );
  return r.rows;
}

export interface FocusRow {
  id: number;
  area_id: number;
  valid_from: string;
  valid_to: string | null;
  reason: string;
  decision_ref: string | null;
  source_run_id: number | null;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const FOCUS_COLUMNS = `id, area_id, valid_from::text AS valid_from, valid_to::text AS valid_to, reason, decision_ref, source_run_id, created_by, created_at, revoked_at`;

export async function insertFocusAreas(q: Queryable, f: { areaIds: number[]; validFrom: string; validTo: string | null; reason: string; decisionRef: string | null; sourceRunId: number | null; createdBy: string }): Promise<FocusRow[]> {
  const r = await q.query<FocusRow>(
    `INSERT INTO focus_areas (area_id, valid_from, valid_to, reason, decision_ref, source_run_id, created_by)
     SELECT a, $2::date, $3::date, $4, $5, $6, $7 FROM unnest($1::int[]) AS a
     RETURNING ${FOCUS_COLUMNS}`,
    [f.areaIds, f.validFrom, f.validTo, f.reason, f.decisionRef, f.sourceRunId, f.createdBy],
  );
  return r.rows;
}

/** Focus areas not revoked and valid on `at` (all, when at is null). */
export async function listFocusAreas(q: Queryable, at: string | null, includeRevoked: boolean): Promise<FocusRow[]> {
  const r = await q.query<FocusRow>(
    `SELECT ${FOCUS_COLUMNS} FROM focus_areas
      WHERE ($1::boolean OR revoked_at IS NULL)
        AND ($2::date IS NULL OR (valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)))
      ORDER BY valid_from DESC, id`,
    [includeRevoked, at],
  );
  return r.rows;
}

export async function revokeFocusArea(q: Queryable, id: number): Promise<FocusRow | undefined> {
  const r = await q.query<FocusRow>(
    `UPDATE focus_areas SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${FOCUS_COLUMNS}`,
    [id],
  );
  return r.rows[0];
}

/** Index results and focus areas that refer to the given areas (undo of an area import, issue 17 §3). */
export async function referencesToAreas(q: Queryable, areaIds: number[]): Promise<{ indexResults: number; focusAreas: number }> {
  const r = await q.query<{ index_results: number; focus_areas: number }>(
    `SELECT (SELECT count(*)::int FROM index_results WHERE area_id = ANY($1::int[])) AS index_results,
            (SELECT count(*)::int FROM focus_areas WHERE area_id = ANY($1::int[])) AS focus_areas`,
    [areaIds],
  );
  return { indexResults: r.rows[0].index_results, focusAreas: r.rows[0].focus_areas };
}
