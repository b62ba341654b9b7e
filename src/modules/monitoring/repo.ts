import type { Queryable } from '../../db/connection.ts';
import { OBSERVED_VARIANT_ID } from '../../core/flags.ts';

export interface StoredValueRow {
  area_id: number;
  code: string;
  name: string;
  period: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  provisional: boolean | null;
  estimated: boolean | null;
  break_in_series: boolean | null;
  suppressed: boolean | null;
  missing: boolean | null;
}

/**
 * Every current area of the layer, with its stored observations of one series variant (none → one
 * row with period null). The observed variant unless another is named: actuals never see projections.
 */
export async function storedValues(q: Queryable, layerId: number, indicatorId: number, period: string | null, variantId = OBSERVED_VARIANT_ID): Promise<StoredValueRow[]> {
  const r = await q.query<StoredValueRow>(
    `SELECT a.id AS area_id, a.code, a.name, o.period, o.value, o.numerator, o.denominator,
            o.provisional, o.estimated, o.break_in_series, o.suppressed, o.missing
       FROM areas a
       LEFT JOIN observations o ON o.area_id = a.id AND o.indicator_id = $2 AND ($3::text IS NULL OR o.period = $3) AND o.variant_id = $4
      WHERE a.layer_id = $1 AND a.valid_to IS NULL
      ORDER BY a.code, o.period`,
    [layerId, indicatorId, period, variantId],
  );
  return r.rows;
}

/** Members of the layer's areas: explicit group members, else child areas. */
export async function memberships(q: Queryable, layerId: number): Promise<{ group_id: number; member_id: number; weight: number }[]> {
  const r = await q.query(
    `SELECT m.group_id, m.member_id, m.weight FROM area_members m JOIN areas g ON g.id = m.group_id
      WHERE g.layer_id = $1 AND g.valid_to IS NULL
     UNION ALL
     SELECT c.parent_id, c.id, 1 FROM areas c JOIN areas g ON g.id = c.parent_id
      WHERE g.layer_id = $1 AND g.valid_to IS NULL AND c.valid_to IS NULL
        AND NOT EXISTS (SELECT 1 FROM area_members m2 WHERE m2.group_id = g.id)`,
    [layerId],
  );
  return r.rows;
}

export interface LayerInfo {
  id: number;
  key: string;
  kind: string;
  member_layer_id: number | null;
  child_layer_id: number | null;
}

export async function layerInfo(q: Queryable, key: string): Promise<LayerInfo | undefined> {
  const r = await q.query<LayerInfo>(
    `SELECT l.id, l.key, l.kind, l.member_layer_id,
            (SELECT c.id FROM layers c WHERE c.parent_layer_id = l.id ORDER BY c.sort LIMIT 1) AS child_layer_id
       FROM layers l WHERE l.key = $1`,
    [key],
  );
  return r.rows[0];
}

export async function layerInfoById(q: Queryable, id: number): Promise<LayerInfo | undefined> {
  const r = await q.query<{ key: string }>('SELECT key FROM layers WHERE id = $1', [id]);
  return r.rows[0] ? layerInfo(q, r.rows[0].key) : undefined;
}

export interface ParentRelationRow {
  parent_layer: string;
  child_layer: string;
  relation: 'hierarchy' | 'grouping';
  parent_code: string;
  parent_name: string;
  period: string;
  published: number;
  /** Σ weight × value over the children that have a value (null when none has). */
  sum_known: number | null;
  children: number;
  children_with_value: number;
  /** Does any known child or the parent carry a negative value? Then no bound can be derived. */
  any_negative: boolean;
}

/**
 * Every declared parent relation of the areas that have a stored (observed) value: children by
 * parent_id (hierarchy) and members of groupings (area_members, weighted by their crosswalk share).
 */
export async function parentRelations(q: Queryable, indicatorId: number, period: string | null): Promise<ParentRelationRow[]> {
  const r = await q.query<ParentRelationRow>(
    `WITH rel AS (
       SELECT c.parent_id AS parent_id, c.id AS child_id, 1::float8 AS weight, 'hierarchy' AS relation
         FROM areas c WHERE c.parent_id IS NOT NULL AND c.valid_to IS NULL
       UNION ALL
       SELECT m.group_id, m.member_id, m.weight, 'grouping'
         FROM area_members m JOIN areas c ON c.id = m.member_id WHERE c.valid_to IS NULL
     )
     SELECT pl.key AS parent_layer, cl.key AS child_layer, rel.relation, p.code AS parent_code, p.name AS parent_name, po.period,
            po.value AS published, sum(co.value * rel.weight) AS sum_known, count(*)::int AS children,
            count(co.value)::int AS children_with_value,
            (bool_or(co.value < 0) IS TRUE OR po.value < 0) AS any_negative
       FROM areas p
       JOIN layers pl ON pl.id = p.layer_id
       JOIN observations po ON po.area_id = p.id AND po.indicator_id = $1 AND ($2::text IS NULL OR po.period = $2) AND po.value IS NOT NULL
                           AND po.variant_id = $3
       JOIN rel ON rel.parent_id = p.id
       JOIN areas c ON c.id = rel.child_id
       JOIN layers cl ON cl.id = c.layer_id
       LEFT JOIN observations co ON co.area_id = c.id AND co.indicator_id = $1 AND co.period = po.period AND co.variant_id = $3
      WHERE p.valid_to IS NULL
      GROUP BY pl.key, cl.key, rel.relation, p.code, p.name, po.period, po.value
      ORDER BY po.period, pl.key, p.code, rel.relation, cl.key`,
    [indicatorId, period, OBSERVED_VARIANT_ID],
  );
  return r.rows;
}
