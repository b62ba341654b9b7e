import type { Queryable } from '../../db/connection.ts';

/** A publication as stored: the indicator and layer by id (their keys come from their modules). */
export interface StoredPublicationRow {
  id: number;
  indicator_id: number;
  layer_id: number;
  period: string;
  rule_version: string;
  published_by: string;
  published_at: Date;
}

export async function listStoredPublications(q: Queryable): Promise<StoredPublicationRow[]> {
  return (await q.query<StoredPublicationRow>('SELECT id, indicator_id, layer_id, period, rule_version, published_by, published_at FROM publications')).rows;
}

export async function upsertPublication(q: Queryable, p: { indicatorId: number; layerId: number; period: string; ruleVersion: string; publishedBy: string }): Promise<number> {
  const r = await q.query<{ id: number }>(
    `INSERT INTO publications (indicator_id, layer_id, period, rule_version, published_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (indicator_id, layer_id, period) DO UPDATE SET rule_version = EXCLUDED.rule_version, published_by = EXCLUDED.published_by, published_at = now()
     RETURNING id`,
    [p.indicatorId, p.layerId, p.period, p.ruleVersion, p.publishedBy],
  );
  return r.rows[0].id;
}

/** Deletes one publication; returns the stored row it was (undefined when there was none). */
export async function deletePublication(q: Queryable, id: number): Promise<StoredPublicationRow | undefined> {
  return (await q.query<StoredPublicationRow>('DELETE FROM publications WHERE id = $1 RETURNING id, indicator_id, layer_id, period, rule_version, published_by, published_at', [id])).rows[0];
}
