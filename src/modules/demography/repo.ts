// SQL of the demography module: year series of stored observations, imported published
// projections, and the module's runs. Parameterised queries only.
import type { Queryable } from '../../db/connection.ts';
import { OBSERVED_VARIANT_ID } from '../../core/flags.ts';

// Every read here is of actuals: the observed series variant only (projections are variants too).

export interface SeriesRow { code: string; name: string; period: string; value: number; import_id: number | null }

/**
 * Yearly values (period YYYY) of one indicator on one layer, current areas only; values that are
 * missing or suppressed are left out (a projection never starts from a gap).
 */
export async function yearValues(q: Queryable, layerKey: string, indicatorKey: string): Promise<SeriesRow[]> {
  const r = await q.query<SeriesRow>(
    `SELECT a.code, a.name, o.period, o.value, o.import_id
       FROM observations o
       JOIN areas a ON a.id = o.area_id AND a.valid_to IS NULL
       JOIN layers l ON l.id = a.layer_id
       JOIN indicators i ON i.id = o.indicator_id
      WHERE l.key = $1 AND i.key = $2 AND o.period ~ '^[0-9]{4}$' AND o.value IS NOT NULL AND NOT o.missing
        AND o.variant_id = $3
      ORDER BY a.code, o.period`,
    [layerKey, indicatorKey, OBSERVED_VARIANT_ID],
  );
  return r.rows;
}

/** Which of the given indicator keys exist (with at least one yearly value on the layer). */
export async function indicatorsOnLayer(q: Queryable, layerKey: string, keys: string[]): Promise<string[]> {
  const r = await q.query<{ key: string }>(
    `SELECT DISTINCT i.key FROM indicators i
       JOIN observations o ON o.indicator_id = i.id AND o.value IS NOT NULL AND o.variant_id = $3
       JOIN areas a ON a.id = o.area_id AND a.valid_to IS NULL
       JOIN layers l ON l.id = a.layer_id
      WHERE l.key = $1 AND i.key = ANY($2::text[]) AND o.period ~ '^[0-9]{4}$'`,
    [layerKey, keys, OBSERVED_VARIANT_ID],
  );
  return r.rows.map((x) => x.key);
}

export interface IndicatorInfo { key: string; name_de: string; name_en: string; unit: string; kind: string; decimals: number }

export async function indicatorInfo(q: Queryable, keys: string[]): Promise<IndicatorInfo[]> {
  const r = await q.query<IndicatorInfo>('SELECT key, name_de, name_en, unit, kind, decimals FROM indicators WHERE key = ANY($1::text[]) ORDER BY key', [keys]);
  return r.rows;
}

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
