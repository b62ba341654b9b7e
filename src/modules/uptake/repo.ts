// SQL of the uptake module. Parameterised only. Counts are aggregates; nothing about a person.
import type { Queryable } from '../../db/connection.ts';
import type { AgeBandInput } from './schema.ts';

export interface UptakeServiceRow {
  id: number;
  key: string;
  name_de: string;
  name_en: string;
  domain_key: string | null;
  registry_service_id: number | null;
  target_indicator: string | null;
  age_bands: AgeBandInput[];
  eligibility_indicator: string | null;
  description: string | null;
}

const SERVICE_COLUMNS = 'id, key, name_de, name_en, domain_key, registry_service_id, target_indicator, age_bands, eligibility_indicator, description';

export const listServices = async (q: Queryable) => (await q.query<UptakeServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM uptake_services ORDER BY key`)).rows;

export const findService = async (q: Queryable, key: string) =>
  (await q.query<UptakeServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM uptake_services WHERE key = $1`, [key])).rows[0];

export async function upsertService(q: Queryable, s: Omit<UptakeServiceRow, 'id'>): Promise<number> {
  const r = await q.query<{ id: number }>(
    `INSERT INTO uptake_services (key, name_de, name_en, domain_key, registry_service_id, target_indicator, age_bands, eligibility_indicator, description)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
     ON CONFLICT (key) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en, domain_key = EXCLUDED.domain_key,
       registry_service_id = EXCLUDED.registry_service_id, target_indicator = EXCLUDED.target_indicator, age_bands = EXCLUDED.age_bands,
       eligibility_indicator = EXCLUDED.eligibility_indicator, description = EXCLUDED.description, updated_at = now()
     RETURNING id`,
    [s.key, s.name_de, s.name_en, s.domain_key, s.registry_service_id, s.target_indicator, JSON.stringify(s.age_bands), s.eligibility_indicator, s.description],
  );
  return r.rows[0].id;
}

export interface UptakeImportRow {
  id: number;
  source: string;
  assignment: string;
  layer_key: string;
  period: string;
  records_read: number;
  participants: number;
  unassigned: Record<string, number>;
  observation_import_id: number | null;
  created_by: string;
  created_at: Date;
}

export async function insertImport(q: Queryable, r: { serviceId: number; source: string; assignment: string; layerKey: string; period: string; fileHash: string; recordsRead: number; participants: number; unassigned: Record<string, number>; createdBy: string }): Promise<number> {
  const res = await q.query<{ id: number }>(
    `INSERT INTO uptake_imports (service_id, source, assignment, layer_key, period, file_hash, records_read, participants, unassigned, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) RETURNING id`,
    [r.serviceId, r.source, r.assignment, r.layerKey, r.period, r.fileHash, r.recordsRead, r.participants, JSON.stringify(r.unassigned), r.createdBy],
  );
  return res.rows[0].id;
}

export async function linkObservationImport(q: Queryable, id: number, observationImportId: number | null): Promise<void> {
  await q.query('UPDATE uptake_imports SET observation_import_id = $2 WHERE id = $1', [id, observationImportId]);
}

export const importsOf = async (q: Queryable, serviceId: number) =>
  (await q.query<UptakeImportRow>(
    `SELECT id, source, assignment, layer_key, period, records_read, participants, unassigned, observation_import_id, created_by, created_at
       FROM uptake_imports WHERE service_id = $1 ORDER BY id DESC`, [serviceId])).rows;

export interface CountInsert { areaId: number; period: string; ageBand: string; sex: string; participants: number }

/** Replaces the counts of these periods for the areas of one layer (a re-import supersedes the earlier one). */
export async function replaceCounts(q: Queryable, serviceId: number, layerId: number, periods: string[], rows: CountInsert[], importId: number): Promise<void> {
  await q.query(
    `DELETE FROM uptake_counts c USING areas a WHERE c.area_id = a.id AND a.layer_id = $2 AND c.service_id = $1 AND c.period = ANY($3::text[])`,
    [serviceId, layerId, periods],
  );
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO uptake_counts (service_id, area_id, period, age_band, sex, participants, uptake_import_id)
     SELECT $1, * , $7 FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[])`,
    [serviceId, rows.map((r) => r.areaId), rows.map((r) => r.period), rows.map((r) => r.ageBand), rows.map((r) => r.sex), rows.map((r) => r.participants), importId],
  );
}

export interface CountRow { area_id: number; age_band: string; participants: number }

/** Participants per area and age band (summed over sex) of the given areas (one layer) and one period. */
export const countsByBand = async (q: Queryable, serviceId: number, areaIds: number[], period: string) =>
  (await q.query<CountRow>(
    `SELECT c.area_id, c.age_band, sum(c.participants)::int AS participants
       FROM uptake_counts c
      WHERE c.service_id = $1 AND c.area_id = ANY($2::int[]) AND c.period = $3 GROUP BY c.area_id, c.age_band`,
    [serviceId, areaIds, period])).rows;
