import type { Queryable } from '../../db/connection.ts';
import { OBSERVED_VARIANT_ID } from '../../core/flags.ts';
import type { IndicatorMeta } from './schema.ts';

export interface IndicatorRow {
  id: number;
  key: string;
  name_de: string;
  name_en: string;
  description_de: string | null;
  description_en: string | null;
  unit: string;
  unit_en: string;
  topic: string;
  polarity: string;
  kind: string;
  numerator_key: string | null;
  denominator_key: string | null;
  scale: number;
  weight_key: string | null;
  decimals: number;
  source: string | null;
  source_url: string | null;
  licence: string | null;
  suppression_k: number;
  published: boolean;
  updated_at: Date;
  periods: string[] | null;
}

// Periods with actual values only: a projection's years are not periods of the indicator's data.
const SELECT = `SELECT i.*, p.periods FROM indicators i
  LEFT JOIN (SELECT indicator_id, array_agg(DISTINCT period ORDER BY period) AS periods FROM observations WHERE variant_id = ${OBSERVED_VARIANT_ID}
              GROUP BY indicator_id) p ON p.indicator_id = i.id`;

export async function listIndicators(q: Queryable): Promise<IndicatorRow[]> {
  return (await q.query<IndicatorRow>(`${SELECT} ORDER BY i.topic, i.key`)).rows;
}

export async function findIndicator(q: Queryable, key: string): Promise<IndicatorRow | undefined> {
  return (await q.query<IndicatorRow>(`${SELECT} WHERE i.key = $1`, [key])).rows[0];
}

/** The indicator without its list of periods (cheap: used on every data request). */
export async function findIndicatorMeta(q: Queryable, key: string): Promise<IndicatorRow | undefined> {
  return (await q.query<IndicatorRow>('SELECT i.*, NULL::text[] AS periods FROM indicators i WHERE i.key = $1', [key])).rows[0];
}

export async function upsertIndicator(q: Queryable, m: IndicatorMeta): Promise<number> {
  const r = await q.query<{ id: number }>(
    `INSERT INTO indicators (key, name_de, name_en, description_de, description_en, unit, unit_en, topic, polarity, kind,
                             numerator_key, denominator_key, scale, weight_key, decimals, source, source_url, licence, suppression_k, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19, now())
     ON CONFLICT (key) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en,
       description_de = EXCLUDED.description_de, description_en = EXCLUDED.description_en, unit = EXCLUDED.unit,
       unit_en = EXCLUDED.unit_en, topic = EXCLUDED.topic, polarity = EXCLUDED.polarity, kind = EXCLUDED.kind,
       numerator_key = EXCLUDED.numerator_key, denominator_key = EXCLUDED.denominator_key, scale = EXCLUDED.scale,
       weight_key = EXCLUDED.weight_key, decimals = EXCLUDED.decimals, source = EXCLUDED.source,
       source_url = EXCLUDED.source_url, licence = EXCLUDED.licence, suppression_k = EXCLUDED.suppression_k, updated_at = now()
     RETURNING id`,
    [m.key, m.name, m.nameEn, m.description ?? null, m.descriptionEn ?? null, m.unit, m.unitEn, m.topic, m.polarity, m.kind,
      m.numerator ?? null, m.denominator ?? null, m.scale, m.weight ?? null, m.decimals, m.source ?? null, m.sourceUrl ?? null,
      m.licence ?? null, m.suppressionK],
  );
  return r.rows[0].id;
}

export async function listIndicatorIds(q: Queryable): Promise<{ key: string; id: number }[]> {
  return (await q.query<{ key: string; id: number }>('SELECT key, id FROM indicators')).rows;
}

/** Marks indicators as changed (new values): their "last updated" and the key of cached answers. */
export async function touchIndicators(q: Queryable, ids: number[]): Promise<void> {
  if (ids.length > 0) await q.query('UPDATE indicators SET updated_at = clock_timestamp() WHERE id = ANY($1::int[])', [ids]);
}
