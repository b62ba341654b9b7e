// SQL of the demography module: its own tables only (imported published projections and the
// module's runs). Series of other modules come through their services. Parameterised queries only.
import type { Queryable } from '../../db/connection.ts';

export interface PublishedRow {
  id: number; layer_key: string; area_code: string; edition: number; publisher: string; basis: string; variant: string;
  target_year: number; population: number; source: string | null; file_name: string; created_at: string;
}

export async function listPublished(q: Queryable, layerKey?: string, areaCode?: string): Promise<PublishedRow[]> {
  const r = await q.query<PublishedRow>(
    `SELECT id, layer_key, area_code, edition, publisher, basis, variant, target_year, population, source, file_name, created_at::text
       FROM demography_published
      WHERE ($1::text IS NULL OR layer_key = $1) AND ($2::text IS NULL OR area_code = $2)
      ORDER BY publisher, edition, variant, target_year`,
    [layerKey ?? null, areaCode ?? null],
  );
  return r.rows;
}

export interface PublishedInsert {
  layerKey: string; areaCode: string; edition: number; publisher: string; basis: string; variant: string;
  targetYear: number; population: number; source: string | null; fileName: string; fileHash: string; createdBy: string;
}

/** Inserts or replaces (same publisher, edition, variant, target year) one value; true when new. */
export async function upsertPublished(q: Queryable, p: PublishedInsert): Promise<boolean> {
  const r = await q.query<{ inserted: boolean }>(
    `INSERT INTO demography_published (layer_key, area_code, edition, publisher, basis, variant, target_year, population, source, file_name, file_hash, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (layer_key, area_code, publisher, edition, variant, target_year)
     DO UPDATE SET basis = EXCLUDED.basis, population = EXCLUDED.population, source = EXCLUDED.source,
                   file_name = EXCLUDED.file_name, file_hash = EXCLUDED.file_hash, created_by = EXCLUDED.created_by, created_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [p.layerKey, p.areaCode, p.edition, p.publisher, p.basis, p.variant, p.targetYear, p.population, p.source, p.fileName, p.fileHash, p.createdBy],
  );
  return r.rows[0].inserted;
}

export interface RunRow {
  id: number; kind: string; layer_key: string; params: Record<string, unknown>; seed: number | null; input_hash: string;
  inputs_version: Record<string, unknown>; summary: Record<string, unknown>; results: Record<string, unknown>; created_by: string; created_at: string;
}

export async function insertRun(q: Queryable, r: Omit<RunRow, 'id' | 'created_at'>): Promise<RunRow> {
  const res = await q.query<RunRow>(
    `INSERT INTO demography_runs (kind, layer_key, params, seed, input_hash, inputs_version, summary, results, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING id, kind, layer_key, params, seed, input_hash, inputs_version, summary, results, created_by, created_at::text`,
    [r.kind, r.layer_key, JSON.stringify(r.params), r.seed, r.input_hash, JSON.stringify(r.inputs_version), JSON.stringify(r.summary), JSON.stringify(r.results), r.created_by],
  );
  return res.rows[0];
}

export async function getRun(q: Queryable, id: number): Promise<RunRow | undefined> {
  const r = await q.query<RunRow>('SELECT id, kind, layer_key, params, seed, input_hash, inputs_version, summary, results, created_by, created_at::text FROM demography_runs WHERE id = $1', [id]);
  return r.rows[0];
}

/** Newest runs first, without their (large) results. */
export async function listRuns(q: Queryable, kind?: string, layerKey?: string): Promise<Omit<RunRow, 'results'>[]> {
  const r = await q.query<Omit<RunRow, 'results'>>(
    `SELECT id, kind, layer_key, params, seed, input_hash, inputs_version, summary, created_by, created_at::text FROM demography_runs
      WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR layer_key = $2) ORDER BY id DESC LIMIT 100`,
    [kind ?? null, layerKey ?? null],
  );
  return r.rows;
}

/** The newest run of a kind on a layer (with results). */
export async function latestRun(q: Queryable, kind: string, layerKey: string): Promise<RunRow | undefined> {
  const r = await q.query<RunRow>(
    `SELECT id, kind, layer_key, params, seed, input_hash, inputs_version, summary, results, created_by, created_at::text
       FROM demography_runs WHERE kind = $1 AND layer_key = $2 ORDER BY id DESC LIMIT 1`,
    [kind, layerKey],
  );
  return r.rows[0];
}
