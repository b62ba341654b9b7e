// The SQL of the observations module: the only code that writes observations, series variants and
// breakdowns.
import type { Queryable } from '../../db/connection.ts';
import { OBSERVED_VARIANT_ID } from '../../core/flags.ts';

export interface ObservationRow {
  areaId: number;
  indicatorId: number;
  period: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  provisional?: boolean;
  estimated?: boolean;
  breakInSeries?: boolean;
  suppressed?: boolean;
  missing?: boolean;
  missingSymbol?: string | null;
}

const CHUNK = 25_000;

/**
 * Upserts observations of one variant in chunks through unnest(): one statement per chunk,
 * parameters only. The key is (indicator, period, area, variant).
 */
export async function upsertObservations(
  q: Queryable, rows: readonly ObservationRow[], o: { importId: number | null; runId: number | null; variantId: number }, onProgress?: (done: number) => void,
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const r = await q.query(
      `INSERT INTO observations (area_id, indicator_id, period, value, numerator, denominator, provisional, estimated,
                                 break_in_series, suppressed, missing, missing_symbol, import_id, run_id, variant_id)
       SELECT *, $13::int, $14::int, $15::int FROM unnest($1::int[], $2::int[], $3::text[], $4::float8[], $5::float8[], $6::float8[],
                                      $7::bool[], $8::bool[], $9::bool[], $10::bool[], $11::bool[], $12::text[])
       ON CONFLICT (indicator_id, period, area_id, variant_id) DO UPDATE SET value = EXCLUDED.value, numerator = EXCLUDED.numerator,
         denominator = EXCLUDED.denominator, provisional = EXCLUDED.provisional, estimated = EXCLUDED.estimated,
         break_in_series = EXCLUDED.break_in_series, suppressed = EXCLUDED.suppressed, missing = EXCLUDED.missing,
         missing_symbol = EXCLUDED.missing_symbol, import_id = EXCLUDED.import_id, run_id = EXCLUDED.run_id`,
      [
        chunk.map((r) => r.areaId), chunk.map((r) => r.indicatorId), chunk.map((r) => r.period), chunk.map((r) => r.value),
        chunk.map((r) => r.numerator ?? null), chunk.map((r) => r.denominator ?? null), chunk.map((r) => !!r.provisional), chunk.map((r) => !!r.estimated),
        chunk.map((r) => !!r.breakInSeries), chunk.map((r) => !!r.suppressed), chunk.map((r) => !!r.missing), chunk.map((r) => r.missingSymbol ?? null),
        o.importId, o.runId, o.variantId,
      ],
    );
    written += r.rowCount ?? chunk.length;
    onProgress?.(written);
  }
  return written;
}

/** numerator / denominator × scale for every area and period where both are stored (observed values). */
export async function upsertRatio(q: Queryable, o: { indicatorId: number; numeratorId: number; denominatorId: number; scale: number; importId: number | null; variantId: number }): Promise<number> {
  const r = await q.query(
    `INSERT INTO observations (area_id, indicator_id, period, value, numerator, denominator, missing, import_id, variant_id)
     SELECT n.area_id, $1, n.period, CASE WHEN d.value > 0 THEN n.value / d.value * $4 END, n.value, d.value, d.value IS NULL OR d.value <= 0, $5, $6
       FROM observations n
       JOIN observations d ON d.area_id = n.area_id AND d.period = n.period AND d.indicator_id = $3 AND d.variant_id = $6
      WHERE n.indicator_id = $2 AND n.variant_id = $6 AND n.value IS NOT NULL
     ON CONFLICT (indicator_id, period, area_id, variant_id) DO UPDATE SET value = EXCLUDED.value, numerator = EXCLUDED.numerator,
       denominator = EXCLUDED.denominator, missing = EXCLUDED.missing, import_id = EXCLUDED.import_id`,
    [o.indicatorId, o.numeratorId, o.denominatorId, o.scale, o.importId, o.variantId],
  );
  return r.rowCount ?? 0;
}

export interface VariantRow {
  id: number;
  kind: string;
  model: string | null;
  scenario: string | null;
  vintage: number | null;
  basis: string | null;
  label: string | null;
  is_default: boolean;
}

const VARIANT_COLUMNS = 'id, kind, model, scenario, vintage, basis, label, is_default';

/** The variant with this identity (kind, model, scenario, vintage, basis), created if new. */
export async function upsertVariant(q: Queryable, v: { kind: string; model: string; scenario: string; vintage: number; basis: string; label: string | null; isDefault: boolean | null }): Promise<VariantRow> {
  const r = await q.query<VariantRow>(
    `INSERT INTO series_variants (kind, model, scenario, vintage, basis, label, is_default) VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, false))
     ON CONFLICT ON CONSTRAINT series_variants_identity DO UPDATE
       SET label = coalesce(EXCLUDED.label, series_variants.label), is_default = coalesce($7, series_variants.is_default)
     RETURNING ${VARIANT_COLUMNS}`,
    [v.kind, v.model, v.scenario, v.vintage, v.basis, v.label, v.isDefault],
  );
  return r.rows[0];
}

/** One default among the variants of the same model and vintage. */
export async function clearOtherDefaults(q: Queryable, keep: VariantRow): Promise<void> {
  await q.query(
    'UPDATE series_variants SET is_default = false WHERE id <> $1 AND model IS NOT DISTINCT FROM $2 AND vintage IS NOT DISTINCT FROM $3 AND is_default',
    [keep.id, keep.model, keep.vintage],
  );
}

export async function findVariant(q: Queryable, id: number): Promise<VariantRow | undefined> {
  return (await q.query<VariantRow>(`SELECT ${VARIANT_COLUMNS} FROM series_variants WHERE id = $1`, [id])).rows[0];
}

export async function listVariants(q: Queryable): Promise<VariantRow[]> {
  return (await q.query<VariantRow>(`SELECT ${VARIANT_COLUMNS} FROM series_variants ORDER BY id`)).rows;
}

/**
 * The forecast variants (not observed) that hold a value of the indicator for the period on any area
 * of the layer or of a layer below it, best first: the asked scenario, then the default of its
 * model, the newest vintage, the newest variant.
 */
export async function variantsWithValues(q: Queryable, indicatorId: number, period: string): Promise<VariantRow[]> {
  const r = await q.query<VariantRow>(
    `SELECT ${VARIANT_COLUMNS} FROM series_variants v
      WHERE v.id <> $3 AND EXISTS (SELECT 1 FROM observations o WHERE o.variant_id = v.id AND o.indicator_id = $1 AND o.period = $2)
      ORDER BY v.vintage DESC NULLS LAST, v.is_default DESC, v.id DESC`,
    [indicatorId, period, OBSERVED_VARIANT_ID],
  );
  return r.rows;
}

/** Does the indicator have any actual (observed) value for the period, on any layer? */
export async function hasActuals(q: Queryable, indicatorId: number, period: string): Promise<boolean> {
  const r = await q.query<{ e: boolean }>('SELECT EXISTS (SELECT 1 FROM observations WHERE indicator_id = $1 AND period = $2 AND variant_id = $3) AS e', [indicatorId, period, OBSERVED_VARIANT_ID]);
  return r.rows[0].e;
}

/** The ids of stored observations by (area, indicator, period) of one variant. */
export async function observationIds(q: Queryable, variantId: number, keys: { areaId: number; indicatorId: number; period: string }[]): Promise<Map<string, number>> {
  const r = await q.query<{ id: number; area_id: number; indicator_id: number; period: string }>(
    `SELECT o.id, o.area_id, o.indicator_id, o.period FROM observations o
       JOIN unnest($1::int[], $2::int[], $3::text[]) AS k(area_id, indicator_id, period)
         ON o.area_id = k.area_id AND o.indicator_id = k.indicator_id AND o.period = k.period
      WHERE o.variant_id = $4`,
    [keys.map((k) => k.areaId), keys.map((k) => k.indicatorId), keys.map((k) => k.period), variantId],
  );
  return new Map(r.rows.map((x) => [`${x.area_id}|${x.indicator_id}|${x.period}`, Number(x.id)]));
}

export interface BreakdownRow {
  observationId: number;
  ageFrom: number | null;
  ageTo: number | null;
  sex: string | null;
  nationality: string | null;
  value: number | null;
  provisional: boolean;
  estimated: boolean;
  breakInSeries: boolean;
  suppressed: boolean;
  missing: boolean;
}

/** Replaces the breakdowns of the given observations with these rows. */
export async function replaceBreakdowns(q: Queryable, observationIds: number[], rows: BreakdownRow[]): Promise<number> {
  await q.query('DELETE FROM observation_breakdowns WHERE observation_id = ANY($1::bigint[])', [observationIds]);
  if (rows.length === 0) return 0;
  const r = await q.query(
    `INSERT INTO observation_breakdowns (observation_id, age_from, age_to, sex, nationality, value, provisional, estimated, break_in_series, suppressed, missing)
     SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::bool[], $8::bool[], $9::bool[], $10::bool[], $11::bool[])`,
    [
      rows.map((r) => r.observationId), rows.map((r) => r.ageFrom), rows.map((r) => r.ageTo), rows.map((r) => r.sex), rows.map((r) => r.nationality),
      rows.map((r) => r.value), rows.map((r) => r.provisional), rows.map((r) => r.estimated), rows.map((r) => r.breakInSeries), rows.map((r) => r.suppressed), rows.map((r) => r.missing),
    ],
  );
  return r.rowCount ?? rows.length;
}

export interface StoredBreakdown {
  area_id: number;
  period: string;
  age_from: number | null;
  age_to: number | null;
  sex: string | null;
  nationality: string | null;
  value: number | null;
  total: number | null;
}

/** The breakdowns of an indicator for areas of one variant (all periods or one). */
export async function breakdownsOf(q: Queryable, indicatorId: number, variantId: number, areaIds: number[] | null, period: string | null): Promise<StoredBreakdown[]> {
  const r = await q.query<StoredBreakdown>(
    `SELECT o.area_id, o.period, b.age_from, b.age_to, b.sex, b.nationality, b.value, o.value AS total
       FROM observation_breakdowns b JOIN observations o ON o.id = b.observation_id
      WHERE o.indicator_id = $1 AND o.variant_id = $2 AND ($3::int[] IS NULL OR o.area_id = ANY($3::int[])) AND ($4::text IS NULL OR o.period = $4)
      ORDER BY o.area_id, o.period, b.nationality NULLS FIRST, b.sex NULLS FIRST, b.age_from NULLS FIRST`,
    [indicatorId, variantId, areaIds, period],
  );
  return r.rows;
}

// ---- for undoing an import (issue 17 §3), in the caller's transaction --------------------------

export async function deleteObservationsOfImport(q: Queryable, importId: number): Promise<number> {
  return (await q.query('DELETE FROM observations WHERE import_id = $1', [importId])).rowCount ?? 0;
}

/** How many values (any variant) the given areas have. */
export async function countObservationsOfAreas(q: Queryable, areaIds: number[]): Promise<number> {
  return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM observations WHERE area_id = ANY($1::int[])', [areaIds])).rows[0].n;
}

/** The given areas that have at least one value (any variant). */
export async function areasWithObservations(q: Queryable, areaIds: number[]): Promise<number[]> {
  if (areaIds.length === 0) return [];
  return (await q.query<{ area_id: number }>('SELECT DISTINCT area_id FROM observations WHERE area_id = ANY($1::int[])', [areaIds])).rows.map((r) => r.area_id);
}

/**
 * Stored yearly values (period YYYY) of one indicator for the given areas in one variant, without
 * gaps: missing or null values are left out. Ordered by area and period.
 */
export async function storedYearValues(q: Queryable, indicatorId: number, areaIds: number[], variantId: number): Promise<Array<{ area_id: number; period: string; value: number; import_id: number | null }>> {
  const r = await q.query<{ area_id: number; period: string; value: number; import_id: number | null }>(
    `SELECT area_id, period, value, import_id FROM observations
      WHERE indicator_id = $1 AND area_id = ANY($2::int[]) AND variant_id = $3
        AND period ~ '^[0-9]{4}$' AND value IS NOT NULL AND NOT missing
      ORDER BY area_id, period`,
    [indicatorId, areaIds, variantId],
  );
  return r.rows;
}

/** Which of the given indicators have at least one stored yearly value for one of the areas in the variant. */
export async function indicatorsWithYearValues(q: Queryable, indicatorIds: number[], areaIds: number[], variantId: number): Promise<number[]> {
  const r = await q.query<{ indicator_id: number }>(
    `SELECT DISTINCT indicator_id FROM observations
      WHERE indicator_id = ANY($1::int[]) AND area_id = ANY($2::int[]) AND variant_id = $3
        AND period ~ '^[0-9]{4}$' AND value IS NOT NULL`,
    [indicatorIds, areaIds, variantId],
  );
  return r.rows.map((x) => x.indicator_id);
}
