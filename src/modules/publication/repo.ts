import type { Queryable } from '../../db/connection.ts';

export interface PublicationRow {
  id: number;
  indicator_key: string;
  layer_key: string;
  period: string;
  rule_version: string;
  published_by: string;
  published_at: Date;
}

export async function listPublications(q: Queryable): Promise<PublicationRow[]> {
  const r = await q.query<PublicationRow>(
    `SELECT p.id, i.key AS indicator_key, l.key AS layer_key, p.period, p.rule_version, p.published_by, p.published_at
       FROM publications p JOIN indicators i ON i.id = p.indicator_id JOIN layers l ON l.id = p.layer_id
      ORDER BY i.key, l.sort, p.period`,
  );
  return r.rows;
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

export async function deletePublication(q: Queryable, id: number): Promise<PublicationRow | undefined> {
  const before = (await listPublications(q)).find((p) => p.id === id);
  await q.query('DELETE FROM publications WHERE id = $1', [id]);
  return before;
}

