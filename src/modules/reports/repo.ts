// SQL of the reports module: named selections only (everything else is read through the
// monitoring, areas and indicators services).
import type { Queryable } from '../../db/connection.ts';

export interface SelectionRow {
  id: number;
  owner_id: number;
  name: string;
  layer_key: string;
  codes: string[];
  created_at: Date;
}

export async function listSelections(q: Queryable, ownerId: number): Promise<SelectionRow[]> {
  const r = await q.query<SelectionRow>('SELECT id, owner_id, name, layer_key, codes, created_at FROM selections WHERE owner_id = $1 ORDER BY name, id', [ownerId]);
  return r.rows;
}

export async function insertSelection(q: Queryable, ownerId: number, s: { name: string; layer: string; codes: string[] }): Promise<SelectionRow> {
  const r = await q.query<SelectionRow>(
    `INSERT INTO selections (owner_id, name, layer_key, codes) VALUES ($1, $2, $3, $4::jsonb)
     RETURNING id, owner_id, name, layer_key, codes, created_at`,
    [ownerId, s.name, s.layer, JSON.stringify(s.codes)],
  );
  return r.rows[0];
}

/** Deletes only the owner's own selection; returns false for "not there or not yours". */
export async function deleteSelection(q: Queryable, ownerId: number, id: number): Promise<boolean> {
  const r = await q.query('DELETE FROM selections WHERE id = $1 AND owner_id = $2', [id, ownerId]);
  return (r.rowCount ?? 0) > 0;
}
