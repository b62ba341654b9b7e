// SQL of the registry (facilities, services, taxonomy, norms; organisations are their own module) and of the assignment
// of facilities to areas. Parameterised only; geometry in EPSG:4326.
import type { Queryable } from '../../db/connection.ts';

// ---- taxonomy ----------------------------------------------------------------------------------

export interface TaxonRow { key: string; name_de: string; name_en: string; sort: number; parent_key?: string | null }

export async function insertTypesIfMissing(q: Queryable, rows: { key: string; de: string; en: string; sort: number }[]): Promise<void> {
  await q.query(
    `INSERT INTO facility_types (key, name_de, name_en, sort)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) ON CONFLICT (key) DO NOTHING`,
    [rows.map((r) => r.key), rows.map((r) => r.de), rows.map((r) => r.en), rows.map((r) => r.sort)],
  );
}

export async function insertDomainsIfMissing(q: Queryable, rows: { key: string; de: string; en: string; sort: number }[]): Promise<void> {
  await q.query(
    `INSERT INTO service_domains (key, name_de, name_en, sort)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) ON CONFLICT (key) DO NOTHING`,
    [rows.map((r) => r.key), rows.map((r) => r.de), rows.map((r) => r.en), rows.map((r) => r.sort)],
  );
}

export const listTypes = async (q: Queryable) => (await q.query<TaxonRow>('SELECT key, name_de, name_en, sort FROM facility_types ORDER BY sort, key')).rows;
export const listDomains = async (q: Queryable) => (await q.query<TaxonRow>('SELECT key, name_de, name_en, sort, parent_key FROM service_domains ORDER BY sort, key')).rows;

export async function upsertType(q: Queryable, t: { key: string; name: string; nameEn: string; sort: number }): Promise<void> {
  await q.query(
    `INSERT INTO facility_types (key, name_de, name_en, sort) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en, sort = EXCLUDED.sort`,
    [t.key, t.name, t.nameEn, t.sort],
  );
}

export async function upsertDomain(q: Queryable, d: { key: string; name: string; nameEn: string; sort: number; parent: string | null }): Promise<void> {
  await q.query(
    `INSERT INTO service_domains (key, name_de, name_en, sort, parent_key) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en, sort = EXCLUDED.sort, parent_key = EXCLUDED.parent_key`,
    [d.key, d.name, d.nameEn, d.sort, d.parent],
  );
}

// ---- facilities --------------------------------------------------------------------------------

export interface FacilityRow {
  id: number; name: string; type_key: string; organisation_id: number | null;
  address: Record<string, string>; lon: number | null; lat: number | null; location_status: string; accessibility: string | null;
  status: string; external_id: string | null; import_id: number | null;
  /** Sum of the capacities of the active services at this location; null when none has one. */
  capacity: number | null;
  /** layer key → area code */
  areas: Record<string, string> | null;
  domains: string[] | null;
}

export interface FacilityFilter { type?: string; status?: string; organisationId?: number; domain?: string; ids?: number[]; areaLayer?: string; areaCode?: string }

/** A facility as stored: its areas by id (the service names them through the areas service). */
export type FacilityDbRow = Omit<FacilityRow, 'areas'> & { area_ids: number[] | null };

const FACILITY_SELECT = `
  SELECT f.id, f.name, f.type_key, f.organisation_id, f.address,
         ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, f.location_status, f.accessibility, f.status, f.external_id, f.import_id,
         (SELECT sum(s.capacity) FROM service_locations sl JOIN services s ON s.id = sl.service_id
           WHERE sl.facility_id = f.id AND s.status = 'active') AS capacity,
         (SELECT array_agg(fa.area_id ORDER BY fa.layer_id) FROM facility_areas fa WHERE fa.facility_id = f.id) AS area_ids,
         (SELECT array_agg(DISTINCT s.domain_key) FROM service_locations sl JOIN services s ON s.id = sl.service_id
           WHERE sl.facility_id = f.id) AS domains
    FROM facilities f`;

/** `areaIds`: only facilities assigned to one of these areas (null: no area filter). */
export async function listFacilities(q: Queryable, f: Omit<FacilityFilter, 'areaLayer' | 'areaCode'> = {}, areaIds: number[] | null = null): Promise<FacilityDbRow[]> {
  const r = await q.query<FacilityDbRow>(
    `${FACILITY_SELECT}
      WHERE ($1::text IS NULL OR f.type_key = $1) AND ($2::text IS NULL OR f.status = $2) AND ($3::int IS NULL OR f.organisation_id = $3)
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM service_locations sl JOIN services s ON s.id = sl.service_id WHERE sl.facility_id = f.id AND s.domain_key = $4))
        AND ($5::int[] IS NULL OR f.id = ANY($5))
        AND ($6::int[] IS NULL OR EXISTS (SELECT 1 FROM facility_areas fa WHERE fa.facility_id = f.id AND fa.area_id = ANY($6::int[])))
      ORDER BY f.id`,
    [f.type ?? null, f.status ?? null, f.organisationId ?? null, f.domain ?? null, f.ids ?? null, areaIds],
  );
  return r.rows;
}

export interface FacilityWrite {
  name: string; typeKey: string; organisationId: number | null; address: Record<string, string>; lon: number | null; lat: number | null;
  accessibility: string | null; status: string; externalId: string | null; importId: number | null;
}

function facilityParams(f: FacilityWrite): unknown[] {
  return [f.name, f.typeKey, f.organisationId, JSON.stringify(f.address), f.lon, f.lat, f.accessibility, f.status, f.externalId, f.importId];
}

const GEOM = `CASE WHEN $5::float8 IS NULL OR $6::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326) END`;

export async function insertFacility(q: Queryable, f: FacilityWrite): Promise<number> {
  const r = await q.query<{ id: number }>(
    `INSERT INTO facilities (name, type_key, organisation_id, address, geom, location_status, accessibility, status, external_id, import_id)
     VALUES ($1, $2, $3, $4::jsonb, ${GEOM}, CASE WHEN $5::float8 IS NULL OR $6::float8 IS NULL THEN 'missing' ELSE 'ok' END, $7, $8, $9, $10) RETURNING id`,
    facilityParams(f),
  );
  return r.rows[0].id;
}

export async function updateFacility(q: Queryable, id: number, f: FacilityWrite): Promise<boolean> {
  const r = await q.query(
    `UPDATE facilities SET name = $1, type_key = $2, organisation_id = $3, address = $4::jsonb, geom = ${GEOM},
            location_status = CASE WHEN $5::float8 IS NULL OR $6::float8 IS NULL THEN 'missing' ELSE 'ok' END,
            accessibility = $7, status = $8, external_id = $9, import_id = coalesce($10, import_id), updated_at = now()
      WHERE id = $11`,
    [...facilityParams(f), id],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Insert, or update the facility with the same type and external id (re-imports are idempotent). */
export async function upsertFacilities(q: Queryable, rows: FacilityWrite[]): Promise<{ id: number; inserted: boolean }[]> {
  if (rows.length === 0) return [];
  const r = await q.query<{ id: number; inserted: boolean }>(
    `INSERT INTO facilities (name, type_key, organisation_id, address, geom, location_status, accessibility, status, external_id, import_id)
     SELECT name, type_key, org, addr::jsonb,
            CASE WHEN lon IS NULL OR lat IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END,
            CASE WHEN lon IS NULL OR lat IS NULL THEN 'missing' ELSE 'ok' END, acc, status, ext, imp
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::int[])
            AS t(name, type_key, org, addr, lon, lat, acc, status, ext, imp)
     ON CONFLICT (type_key, external_id) DO UPDATE SET name = EXCLUDED.name, organisation_id = coalesce(EXCLUDED.organisation_id, facilities.organisation_id),
       address = EXCLUDED.address, geom = EXCLUDED.geom, location_status = EXCLUDED.location_status,
       accessibility = coalesce(EXCLUDED.accessibility, facilities.accessibility), status = EXCLUDED.status, import_id = EXCLUDED.import_id, updated_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    [rows.map((f) => f.name), rows.map((f) => f.typeKey), rows.map((f) => f.organisationId), rows.map((f) => JSON.stringify(f.address)),
      rows.map((f) => f.lon), rows.map((f) => f.lat), rows.map((f) => f.accessibility), rows.map((f) => f.status), rows.map((f) => f.externalId), rows.map((f) => f.importId)],
  );
  return r.rows;
}

export const deleteFacility = async (q: Queryable, id: number) => ((await q.query('DELETE FROM facilities WHERE id = $1', [id])).rowCount ?? 0) > 0;

// ---- services ----------------------------------------------------------------------------------

export interface ServiceRow {
  id: number; organisation_id: number | null; name: string; description: string | null; domain_key: string;
  age_min: number | null; age_max: number | null; capacity: number | null; capacity_unit: string | null; capacity_as_of: string | null;
  schedule: unknown; funding_source: string | null; status: string;
  facility_ids: number[] | null;
  service_areas: { layer: string; code: string; name: string }[] | null;
}

export interface ServiceFilter { domain?: string; facilityId?: number; status?: string; ids?: number[]; areaLayer?: string; areaCode?: string }

/** An offer as stored: its service areas by id (the service names them through the areas service). */
export type ServiceDbRow = Omit<ServiceRow, 'service_areas'> & { service_area_ids: number[] | null };

/**
 * `areaIds`: only offers served in (Versorgungsgebiet) or located in one of these areas (null: no
 * area filter; the caller passes the area and its grouping's members).
 */
export async function listServices(q: Queryable, f: Omit<ServiceFilter, 'areaLayer' | 'areaCode'> = {}, areaIds: number[] | null = null): Promise<ServiceDbRow[]> {
  const r = await q.query<ServiceDbRow>(
    `SELECT s.id, s.organisation_id, s.name, s.description, s.domain_key, s.age_min, s.age_max, s.capacity, s.capacity_unit,
            to_char(s.capacity_as_of, 'YYYY-MM-DD') AS capacity_as_of, s.schedule, s.funding_source, s.status,
            (SELECT array_agg(sl.facility_id ORDER BY sl.facility_id) FROM service_locations sl WHERE sl.service_id = s.id) AS facility_ids,
            (SELECT array_agg(sa.area_id ORDER BY sa.area_id) FROM service_areas sa WHERE sa.service_id = s.id) AS service_area_ids
       FROM services s
      WHERE ($1::text IS NULL OR s.domain_key = $1)
        AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM service_locations sl WHERE sl.service_id = s.id AND sl.facility_id = $2))
        AND ($3::text IS NULL OR s.status = $3) AND ($4::int[] IS NULL OR s.id = ANY($4))
        AND ($5::int[] IS NULL OR
              -- offered in the area: served there (Versorgungsgebiet, also via a grouping's members) or located there
              EXISTS (SELECT 1 FROM service_areas sa WHERE sa.service_id = s.id AND sa.area_id = ANY($5::int[]))
              OR EXISTS (SELECT 1 FROM service_locations sl JOIN facility_areas fa ON fa.facility_id = sl.facility_id
                          WHERE sl.service_id = s.id AND fa.area_id = ANY($5::int[])))
      ORDER BY s.id`,
    [f.domain ?? null, f.facilityId ?? null, f.status ?? null, f.ids ?? null, areaIds],
  );
  return r.rows;
}

export interface ServiceWrite {
  organisationId: number | null; name: string; description: string | null; domainKey: string; ageMin: number | null; ageMax: number | null;
  capacity: number | null; capacityUnit: string | null; capacityAsOf: string | null; schedule: unknown; fundingSource: string | null; status: string;
}

export async function saveService(q: Queryable, id: number | null, s: ServiceWrite): Promise<number | undefined> {
  const params = [s.organisationId, s.name, s.description, s.domainKey, s.ageMin, s.ageMax, s.capacity, s.capacityUnit, s.capacityAsOf, JSON.stringify(s.schedule ?? []), s.fundingSource, s.status];
  if (id === null) {
    return (await q.query<{ id: number }>(
      `INSERT INTO services (organisation_id, name, description, domain_key, age_min, age_max, capacity, capacity_unit, capacity_as_of, schedule, funding_source, status)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::date,$10::jsonb,$11,$12) RETURNING id`, params)).rows[0].id;
  }
  const r = await q.query<{ id: number }>(
    `UPDATE services SET organisation_id=$1, name=$2, description=$3, domain_key=$4, age_min=$5, age_max=$6, capacity=$7, capacity_unit=$8,
            capacity_as_of=$9::date, schedule=$10::jsonb, funding_source=$11, status=$12, updated_at=now() WHERE id=$13 RETURNING id`, [...params, id]);
  return r.rows[0]?.id;
}

export async function setServiceLocations(q: Queryable, serviceId: number, facilityIds: number[]): Promise<void> {
  await q.query('DELETE FROM service_locations WHERE service_id = $1', [serviceId]);
  await q.query('INSERT INTO service_locations (service_id, facility_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [serviceId, facilityIds]);
}

export async function setServiceAreas(q: Queryable, serviceId: number, areaIds: number[]): Promise<void> {
  await q.query('DELETE FROM service_areas WHERE service_id = $1', [serviceId]);
  await q.query('INSERT INTO service_areas (service_id, area_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [serviceId, areaIds]);
}

export const deleteService = async (q: Queryable, id: number) => ((await q.query('DELETE FROM services WHERE id = $1', [id])).rowCount ?? 0) > 0;

/** The services of a facility in one domain (for imports that carry a capacity per facility). */
export async function servicesAt(q: Queryable, facilityIds: number[], domainKey: string): Promise<{ facility_id: number; service_id: number }[]> {
  return (await q.query(
    `SELECT sl.facility_id, min(sl.service_id) AS service_id FROM service_locations sl JOIN services s ON s.id = sl.service_id
      WHERE sl.facility_id = ANY($1::int[]) AND s.domain_key = $2 GROUP BY sl.facility_id`, [facilityIds, domainKey])).rows;
}

// ---- planning norms ----------------------------------------------------------------------------

export interface NormRow {
  id: number; key: string; name: string; name_en: string; domain_key: string | null; facility_type_key: string | null;
  target_indicator: string; ratio: number; unit: string; description: string | null; source: string | null;
}

export const listNorms = async (q: Queryable) => (await q.query<NormRow>('SELECT * FROM planning_norms ORDER BY key')).rows;

export async function upsertNorm(q: Queryable, n: { key: string; name: string; nameEn: string; domain: string | null; facilityType: string | null; targetIndicator: string; ratio: number; unit: string; description: string | null; source: string | null }): Promise<void> {
  await q.query(
    `INSERT INTO planning_norms (key, name, name_en, domain_key, facility_type_key, target_indicator, ratio, unit, description, source)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
     ON CONFLICT (key) DO UPDATE SET name=EXCLUDED.name, name_en=EXCLUDED.name_en, domain_key=EXCLUDED.domain_key, facility_type_key=EXCLUDED.facility_type_key,
       target_indicator=EXCLUDED.target_indicator, ratio=EXCLUDED.ratio, unit=EXCLUDED.unit, description=EXCLUDED.description, source=EXCLUDED.source`,
    [n.key, n.name, n.nameEn, n.domain, n.facilityType, n.targetIndicator, n.ratio, n.unit, n.description, n.source],
  );
}

export const deleteNorm = async (q: Queryable, key: string) => ((await q.query('DELETE FROM planning_norms WHERE key = $1', [key])).rowCount ?? 0) > 0;

// ---- assignment --------------------------------------------------------------------------------

/** Replaces the assignments of the facilities (all when ids is null) with the given rows (TS index or PostGIS). */
export async function replaceAssignments(q: Queryable, ids: number[] | null, rows: { facilityId: number; layerId: number; areaId: number }[]): Promise<void> {
  await q.query('DELETE FROM facility_areas WHERE ($1::int[] IS NULL OR facility_id = ANY($1))', [ids]);
  await q.query(
    'INSERT INTO facility_areas (facility_id, layer_id, area_id) SELECT * FROM unnest($1::int[], $2::int[], $3::int[])',
    [rows.map((r) => r.facilityId), rows.map((r) => r.layerId), rows.map((r) => r.areaId)],
  );
}

export async function facilityPoints(q: Queryable, ids: number[] | null): Promise<{ id: number; lon: number; lat: number }[]> {
  return (await q.query('SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facilities WHERE geom IS NOT NULL AND ($1::int[] IS NULL OR id = ANY($1)) ORDER BY id', [ids])).rows;
}

export async function readAssignments(q: Queryable): Promise<{ facility_id: number; layer_id: number; area_id: number }[]> {
  return (await q.query('SELECT facility_id, layer_id, area_id FROM facility_areas ORDER BY facility_id, layer_id')).rows;
}

/** 'missing' without coordinates, 'outside' when in no area of the base layer, else 'ok'. */
export async function updateLocationStatus(q: Queryable, ids: number[] | null, baseLayerId: number | null): Promise<void> {
  await q.query(
    `UPDATE facilities f SET location_status = CASE
        WHEN f.geom IS NULL THEN 'missing'
        WHEN $2::int IS NULL OR EXISTS (SELECT 1 FROM facility_areas fa WHERE fa.facility_id = f.id AND fa.layer_id = $2) THEN 'ok'
        ELSE 'outside' END
      WHERE ($1::int[] IS NULL OR f.id = ANY($1))`,
    [ids, baseLayerId],
  );
}

export async function locationSummary(q: Queryable): Promise<{ location_status: string; n: number }[]> {
  return (await q.query('SELECT location_status, count(*)::int AS n FROM facilities GROUP BY 1')).rows;
}

// ---- supply and accessibility inputs -----------------------------------------------------------

/** Per given area (of a layer): facilities (active, of the type) and their places, from the assignment. */
export async function supplyByArea(q: Queryable, areaIds: number[], typeKey: string | null, domainKey: string | null): Promise<{ area_id: number; facilities: number; places: number | null; services: number }[]> {
  return (await q.query(
    `WITH fac AS (
       SELECT f.id FROM facilities f
        WHERE f.status = 'active' AND ($2::text IS NULL OR f.type_key = $2)
          AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM service_locations sl JOIN services s ON s.id = sl.service_id WHERE sl.facility_id = f.id AND s.domain_key = $3))
     ), svc AS (
       SELECT sl.facility_id, s.id, s.capacity FROM service_locations sl JOIN services s ON s.id = sl.service_id
        WHERE s.status = 'active' AND ($3::text IS NULL OR s.domain_key = $3)
     )
     SELECT t.area_id,
            count(DISTINCT fac.id)::int AS facilities,
            sum(svc.capacity) AS places,
            count(DISTINCT svc.id)::int AS services
       FROM unnest($1::int[]) AS t(area_id)
       LEFT JOIN facility_areas fa ON fa.area_id = t.area_id
       LEFT JOIN fac ON fac.id = fa.facility_id
       LEFT JOIN svc ON svc.facility_id = fac.id
      GROUP BY t.area_id`,
    [areaIds, typeKey, domainKey],
  )).rows;
}

/** Supply points in the projected CRS with their places (sum of active services; null when unknown). */
export async function facilityPointsProjected(q: Queryable, srid: number, typeKey: string | null, domainKey: string | null): Promise<{ id: number; x: number; y: number; capacity: number | null }[]> {
  return (await q.query(
    `SELECT f.id, ST_X(ST_Transform(f.geom, $1::int)) AS x, ST_Y(ST_Transform(f.geom, $1::int)) AS y,
            (SELECT sum(s.capacity) FROM service_locations sl JOIN services s ON s.id = sl.service_id
              WHERE sl.facility_id = f.id AND s.status = 'active' AND ($3::text IS NULL OR s.domain_key = $3)) AS capacity
       FROM facilities f
      WHERE f.geom IS NOT NULL AND f.status = 'active' AND ($2::text IS NULL OR f.type_key = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM service_locations sl JOIN services s ON s.id = sl.service_id WHERE sl.facility_id = f.id AND s.domain_key = $3))
      ORDER BY f.id`,
    [srid, typeKey, domainKey],
  )).rows;
}

/** The organisation of each of the given facilities (those that exist). */
export async function organisationsOfFacilities(q: Queryable, ids: number[]): Promise<{ id: number; organisation_id: number | null }[]> {
  return (await q.query<{ id: number; organisation_id: number | null }>('SELECT id, organisation_id FROM facilities WHERE id = ANY($1::int[]) ORDER BY id', [ids])).rows;
}

/** Attaches facilities to the organisation and detaches others (only its own) from it; counts what changed. */
export async function setFacilitiesOrganisation(q: Queryable, organisationId: number, attach: number[], detach: number[]): Promise<{ attached: number; detached: number }> {
  const attached = (await q.query('UPDATE facilities SET organisation_id = $1 WHERE id = ANY($2::int[]) AND organisation_id IS DISTINCT FROM $1', [organisationId, attach])).rowCount ?? 0;
  const detached = (await q.query('UPDATE facilities SET organisation_id = NULL WHERE id = ANY($2::int[]) AND organisation_id = $1', [organisationId, detach])).rowCount ?? 0;
  return { attached, detached };
}

export const facilityIdsOf = async (q: Queryable, organisationId: number) =>
  (await q.query<{ id: number }>('SELECT id FROM facilities WHERE organisation_id = $1 ORDER BY id', [organisationId])).rows.map((r) => r.id);

/** The organisation a facility or service belongs to (undefined when the record does not exist). */
export async function organisationOf(q: Queryable, kind: 'facility' | 'service', id: number): Promise<number | null | undefined> {
  const sql = kind === 'facility' ? 'SELECT organisation_id FROM facilities WHERE id = $1' : 'SELECT organisation_id FROM services WHERE id = $1';
  return (await q.query<{ organisation_id: number | null }>(sql, [id])).rows[0]?.organisation_id;
}

/** Name and organisation of facilities by id (for other modules). */
export async function facilityNamesByIds(q: Queryable, ids: number[]): Promise<{ id: number; name: string; organisation_id: number | null }[]> {
  if (ids.length === 0) return [];
  return (await q.query<{ id: number; name: string; organisation_id: number | null }>('SELECT id, name, organisation_id FROM facilities WHERE id = ANY($1::int[])', [ids])).rows;
}

/** Service areas (offers' catchments) on the given areas (undo of an area import). */
export async function serviceAreasOn(q: Queryable, areaIds: number[]): Promise<number> {
  return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM service_areas WHERE area_id = ANY($1::int[])', [areaIds])).rows[0].n;
}

/** Removes the facilities' assignments to a layer (derived; re-made on every area import). */
export async function deleteAssignmentsOfLayer(q: Queryable, layerId: number): Promise<void> {
  await q.query('DELETE FROM facility_areas WHERE layer_id = $1', [layerId]);
}
