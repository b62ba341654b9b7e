// SQL of organisations (Träger). Parameterised only. The only code that reads or writes the table.
import type { Queryable } from '../../db/connection.ts';

export interface OrganisationRow {
  id: number; name: string; kind: string; legal_form: string | null; contact: Record<string, unknown>; url: string | null; external_id: string | null;
}

export interface OrganisationWrite { name: string; kind: string; legalForm: string | null; contact: Record<string, unknown>; url: string | null; externalId: string | null }

export const listOrganisations = async (q: Queryable) =>
  (await q.query<OrganisationRow>('SELECT id, name, kind, legal_form, contact, url, external_id FROM organisations ORDER BY name, id')).rows;

export const findOrganisation = async (q: Queryable, id: number) =>
  (await q.query<OrganisationRow>('SELECT id, name, kind, legal_form, contact, url, external_id FROM organisations WHERE id = $1', [id])).rows[0];

export async function saveOrganisation(q: Queryable, id: number | null, o: OrganisationWrite): Promise<number | undefined> {
  const params = [o.name, o.kind, o.legalForm, JSON.stringify(o.contact), o.url, o.externalId];
  if (id === null) {
    return (await q.query<{ id: number }>('INSERT INTO organisations (name, kind, legal_form, contact, url, external_id) VALUES ($1,$2,$3,$4::jsonb,$5,$6) RETURNING id', params)).rows[0].id;
  }
  const r = await q.query<{ id: number }>('UPDATE organisations SET name=$1, kind=$2, legal_form=$3, contact=$4::jsonb, url=$5, external_id=$6 WHERE id=$7 RETURNING id', [...params, id]);
  return r.rows[0]?.id;
}

export async function findOrganisationByName(q: Queryable, name: string): Promise<number | undefined> {
  return (await q.query<{ id: number }>('SELECT id FROM organisations WHERE lower(name) = lower($1) ORDER BY id LIMIT 1', [name])).rows[0]?.id;
}

export const deleteOrganisation = async (q: Queryable, id: number) => ((await q.query('DELETE FROM organisations WHERE id = $1', [id])).rowCount ?? 0) > 0;

/** id → name of the given organisations (unknown ids are left out). */
export async function namesOf(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const r = await q.query<{ id: number; name: string }>('SELECT id, name FROM organisations WHERE id = ANY($1::int[])', [ids]);
  return new Map(r.rows.map((x) => [x.id, x.name]));
}

/** Which of the given ids exist. */
export async function existing(q: Queryable, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  return (await q.query<{ id: number }>('SELECT id FROM organisations WHERE id = ANY($1::int[]) ORDER BY id', [ids])).rows.map((x) => x.id);
}
