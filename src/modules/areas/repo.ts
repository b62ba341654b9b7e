import type { Queryable } from '../../db/connection.ts';

export interface LayerRow {
  id: number;
  key: string;
  name_de: string;
  name_en: string;
  kind: string;
  parent_key: string | null;
  member_key: string | null;
  sort: number;
  area_count: number;
}

export async function listLayers(q: Queryable): Promise<LayerRow[]> {
  const r = await q.query<LayerRow>(
    `SELECT l.id, l.key, l.name_de, l.name_en, l.kind, p.key AS parent_key, m.key AS member_key, l.sort,
            (SELECT count(*)::int FROM areas a WHERE a.layer_id = l.id AND a.valid_to IS NULL) AS area_count
       FROM layers l LEFT JOIN layers p ON p.id = l.parent_layer_id LEFT JOIN layers m ON m.id = l.member_layer_id
      ORDER BY l.sort, l.key`,
  );
  return r.rows;
}

export async function upsertLayer(
  q: Queryable,
  l: { key: string; nameDe: string; nameEn: string; kind: string; parentKey?: string; memberKey?: string; sort: number },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `INSERT INTO layers (key, name_de, name_en, kind, parent_layer_id, member_layer_id, sort)
     VALUES ($1, $2, $3, $4, (SELECT id FROM layers WHERE key = $5), (SELECT id FROM layers WHERE key = $6), $7)
     ON CONFLICT (key) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en, kind = EXCLUDED.kind,
       parent_layer_id = EXCLUDED.parent_layer_id, member_layer_id = EXCLUDED.member_layer_id, sort = EXCLUDED.sort
     RETURNING id`,
    [l.key, l.nameDe, l.nameEn, l.kind, l.parentKey ?? null, l.memberKey ?? null, l.sort],
  );
  return r.rows[0].id;
}

export interface AreaRow {
  id: number;
  layer_key: string;
  code: string;
  name: string;
  parent_id: number | null;
  parent_code: string | null;
}

/** Current areas (valid_to IS NULL) of a layer, or of all layers. */
export async function listAreas(q: Queryable, layerKey?: string): Promise<AreaRow[]> {
  const r = await q.query<AreaRow>(
    `SELECT a.id, l.key AS layer_key, a.code, a.name, a.parent_id, p.code AS parent_code
       FROM areas a JOIN layers l ON l.id = a.layer_id LEFT JOIN areas p ON p.id = a.parent_id
      WHERE a.valid_to IS NULL AND ($1::text IS NULL OR l.key = $1)
      ORDER BY l.sort, a.code`,
    [layerKey ?? null],
  );
  return r.rows;
}

/**
 * Upserts areas of one layer; geometry arrives as GeoJSON in EPSG:4326. Invalid rings are repaired
 * with ST_MakeValid (polygon parts only). The area in m² is computed in the projected CRS.
 */
export async function upsertAreas(
  q: Queryable,
  layerId: number,
  srid: number,
  rows: { code: string; name: string; geometry: string | null; importId: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS t(code, name, gj)
     ), shaped AS (
       SELECT code, name,
              CASE WHEN gj IS NULL THEN NULL
                   ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326)), 3)) END AS geom
         FROM input
     )
     INSERT INTO areas (layer_id, code, name, geom, area_m2, import_id)
     SELECT $1, code, name, geom, ST_Area(ST_Transform(geom, $5::int)), $6 FROM shaped
     ON CONFLICT (layer_id, code, valid_from) DO UPDATE SET
       name = EXCLUDED.name, geom = EXCLUDED.geom, area_m2 = EXCLUDED.area_m2, import_id = EXCLUDED.import_id`,
    [layerId, rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => r.geometry), srid, rows[0].importId],
  );
}

/** Sets parent_id from parent codes in the parent layer. Returns codes whose parent was not found. */
export async function setParents(q: Queryable, layerId: number, parentLayerId: number, pairs: { code: string; parentCode: string }[]): Promise<string[]> {
  const r = await q.query<{ code: string }>(
    `WITH input AS (SELECT * FROM unnest($3::text[], $4::text[]) AS t(code, parent_code)),
     upd AS (
       UPDATE areas a SET parent_id = p.id
         FROM input i JOIN areas p ON p.layer_id = $2 AND p.code = i.parent_code AND p.valid_to IS NULL
        WHERE a.layer_id = $1 AND a.code = i.code AND a.valid_to IS NULL
       RETURNING a.code)
     SELECT i.code FROM input i WHERE i.code NOT IN (SELECT code FROM upd)`,
    [layerId, parentLayerId, pairs.map((p) => p.code), pairs.map((p) => p.parentCode)],
  );
  return r.rows.map((x) => x.code);
}

/** All current areas of one layer get the same parent (e.g. every Stadtbezirk lies in the city). */
export async function setParentForLayer(q: Queryable, layerId: number, parentId: number): Promise<void> {
  await q.query('UPDATE areas SET parent_id = $2 WHERE layer_id = $1 AND valid_to IS NULL', [layerId, parentId]);
}

export async function replaceMembers(q: Queryable, groupId: number, memberIds: number[]): Promise<void> {
  await q.query('DELETE FROM area_members WHERE group_id = $1', [groupId]);
  await q.query('INSERT INTO area_members (group_id, member_id) SELECT $1, unnest($2::int[])', [groupId, memberIds]);
}

/** A grouping's or dissolved area's geometry is the union of its members' geometries. */
export async function setGeometryFromMembers(q: Queryable, groupIds: number[], srid: number): Promise<void> {
  await q.query(
    `UPDATE areas g SET geom = u.geom, area_m2 = ST_Area(ST_Transform(u.geom, $2::int))
       FROM (SELECT m.group_id, ST_Multi(ST_CollectionExtract(ST_Union(a.geom), 3)) AS geom
               FROM area_members m JOIN areas a ON a.id = m.member_id WHERE m.group_id = ANY($1::int[]) GROUP BY m.group_id) u
      WHERE g.id = u.group_id`,
    [groupIds, srid],
  );
}

export async function setGeometryFromLayer(q: Queryable, areaId: number, fromLayerId: number, srid: number): Promise<void> {
  await q.query(
    `UPDATE areas g SET geom = u.geom, area_m2 = ST_Area(ST_Transform(u.geom, $3::int))
       FROM (SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom FROM areas WHERE layer_id = $2 AND valid_to IS NULL) u
      WHERE g.id = $1`,
    [areaId, fromLayerId, srid],
  );
}

let coverageSimplify: Promise<boolean> | undefined;
/** PostGIS ≥ 3.4 with GEOS ≥ 3.12 simplifies a whole coverage at once (shared edges stay shared). */
function hasCoverageSimplify(q: Queryable): Promise<boolean> {
  coverageSimplify ??= q.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'st_coveragesimplify'`)
    .then((r) => r.rows[0].n > 0, () => false);
  return coverageSimplify;
}

/**
 * Decimal places of longitude/latitude that a tolerance in metres needs: the grid step stays at or
 * below half the tolerance (1e-5° ≈ 1.1 m), never coarser than 4 (≈ 11 m) nor finer than 6 (≈ 0.1 m).
 */
export function digitsFor(toleranceMeters: number): number {
  if (toleranceMeters <= 0) return 6;
  return Math.min(6, Math.max(4, Math.ceil(Math.log10(111_320 / (toleranceMeters / 2)))));
}

/**
 * GeoJSON features of a layer for a map at `simplifyMeters` per pixel: the layer is simplified as a
 * coverage (ST_CoverageSimplify: neighbours keep one common edge, no gaps or overlaps; older PostGIS
 * falls back to ST_SimplifyPreserveTopology per area) in the projected CRS, then every vertex is
 * snapped to a lon/lat grid of `digitsFor(tolerance)` decimals. Snapping is a pure function of the
 * coordinate, so a vertex shared by two neighbours lands on the same grid point in both. An area
 * that would collapse below the grid keeps its unsnapped shape (a few bytes, never a hole).
 */
export interface FeatureRow { code: string; name: string; parent_code: string | null; area_m2: number | null; geometry: string | null; lx: number | null; ly: number | null }

export async function areaFeatures(q: Queryable, layerKey: string, simplifyMeters: number, srid: number): Promise<FeatureRow[]> {
  const digits = digitsFor(simplifyMeters);
  const coverage = simplifyMeters > 0 && (await hasCoverageSimplify(q));
  const simplified = simplifyMeters <= 0
    ? 'a.geom'
    : coverage
      ? 'ST_Transform(ST_SetSRID(ST_CoverageSimplify(ST_Transform(a.geom, $3::int), $2::float8) OVER (), $3::int), 4326)'
      : 'ST_Transform(ST_SimplifyPreserveTopology(ST_Transform(a.geom, $3::int), $2::float8), 4326)';
  const r = await q.query(
    `WITH s AS (
       SELECT a.id, a.code, a.name, a.parent_id, a.area_m2, a.geom, ${simplified} AS g
         FROM areas a JOIN layers l ON l.id = a.layer_id
        WHERE l.key = $1 AND a.valid_to IS NULL AND ($2::float8 >= 0) AND ($3::int > 0)
     ), snapped AS (
       SELECT s.*, ST_CollectionExtract(ST_RemoveRepeatedPoints(ST_SnapToGrid(s.g, power(10, -$4::int)::float8)), 3) AS gs FROM s
     )
     SELECT x.code, x.name, p.code AS parent_code, x.area_m2,
            ST_AsGeoJSON(ST_Multi(CASE WHEN x.g IS NULL THEN NULL
                                       WHEN x.gs IS NULL OR ST_IsEmpty(x.gs) THEN x.g ELSE x.gs END),
                         CASE WHEN x.gs IS NULL OR ST_IsEmpty(x.gs) THEN 6 ELSE $4::int END) AS geometry,
            round(ST_X(ST_PointOnSurface(x.geom))::numeric, 5)::float8 AS lx, round(ST_Y(ST_PointOnSurface(x.geom))::numeric, 5)::float8 AS ly
       FROM snapped x LEFT JOIN areas p ON p.id = x.parent_id
      ORDER BY x.code`,
    [layerKey, simplifyMeters, srid, digits],
  );
  return r.rows as FeatureRow[];
}

/** Width and height of a layer's extent in metres (projected CRS), for picking a tolerance. */
export async function layerExtentMeters(q: Queryable, layerKey: string, srid: number): Promise<{ width: number; height: number } | null> {
  const r = await q.query<{ w: number | null; h: number | null }>(
    `SELECT ST_XMax(e) - ST_XMin(e) AS w, ST_YMax(e) - ST_YMin(e) AS h FROM (
       SELECT ST_Extent(ST_Transform(a.geom, $2::int))::geometry AS e
         FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = $1 AND a.valid_to IS NULL AND a.geom IS NOT NULL) x`,
    [layerKey, srid],
  );
  const row = r.rows[0];
  return row && row.w !== null && row.h !== null ? { width: row.w, height: row.h } : null;
}

export async function findArea(q: Queryable, layerKey: string, code: string): Promise<AreaRow | undefined> {
  const r = await q.query<AreaRow>(
    `SELECT a.id, l.key AS layer_key, a.code, a.name, a.parent_id, p.code AS parent_code
       FROM areas a JOIN layers l ON l.id = a.layer_id LEFT JOIN areas p ON p.id = a.parent_id
      WHERE l.key = $1 AND a.code = $2 AND a.valid_to IS NULL`,
    [layerKey, code],
  );
  return r.rows[0];
}

export interface MembershipRow {
  group_layer: string;
  group_code: string;
  member_layer: string;
  member_code: string;
}

/** Every current group → member link, and every parent → child link, as codes per layer. */
export async function listLinks(q: Queryable): Promise<MembershipRow[]> {
  const r = await q.query<MembershipRow>(
    `SELECT gl.key AS group_layer, g.code AS group_code, ml.key AS member_layer, m.code AS member_code
       FROM area_members am JOIN areas g ON g.id = am.group_id JOIN layers gl ON gl.id = g.layer_id
       JOIN areas m ON m.id = am.member_id JOIN layers ml ON ml.id = m.layer_id
      WHERE g.valid_to IS NULL AND m.valid_to IS NULL AND am.weight = 1
     UNION ALL
     SELECT pl.key, p.code, cl.key, c.code
       FROM areas c JOIN areas p ON p.id = c.parent_id JOIN layers pl ON pl.id = p.layer_id JOIN layers cl ON cl.id = c.layer_id
      WHERE c.valid_to IS NULL AND p.valid_to IS NULL`,
  );
  return r.rows;
}

/**
 * Parents by location: each area of the layer gets the area of the parent layer that contains a
 * point on its surface (robust where borders were digitised twice). Returns the areas left without.
 */
export async function setParentsByLocation(q: Queryable, layerId: number, parentLayerId: number): Promise<{ code: string; name: string }[]> {
  const r = await q.query<{ code: string; name: string; parent_id: number | null }>(
    `UPDATE areas c SET parent_id = (
        SELECT p.id FROM areas p
         WHERE p.layer_id = $2 AND p.valid_to IS NULL AND p.geom IS NOT NULL AND ST_Contains(p.geom, ST_PointOnSurface(c.geom))
         ORDER BY p.id LIMIT 1)
      WHERE c.layer_id = $1 AND c.valid_to IS NULL
      RETURNING c.code, c.name, c.parent_id`,
    [layerId, parentLayerId],
  );
  return r.rows.filter((x) => x.parent_id === null).map(({ code, name }) => ({ code, name }));
}

/** Members by location: a grouping's members are the member-layer areas with a surface point inside it. */
export async function setMembersByLocation(q: Queryable, groupLayerId: number, memberLayerId: number): Promise<number> {
  await q.query('DELETE FROM area_members WHERE group_id IN (SELECT id FROM areas WHERE layer_id = $1)', [groupLayerId]);
  const r = await q.query(
    `INSERT INTO area_members (group_id, member_id)
     SELECT DISTINCT ON (m.id) g.id, m.id FROM areas m
       JOIN areas g ON g.layer_id = $1 AND g.valid_to IS NULL AND g.geom IS NOT NULL AND ST_Contains(g.geom, ST_PointOnSurface(m.geom))
      WHERE m.layer_id = $2 AND m.valid_to IS NULL AND m.geom IS NOT NULL
      ORDER BY m.id, g.id`,
    [groupLayerId, memberLayerId],
  );
  return r.rowCount ?? 0;
}

/** An existing layer gets a (new) parent layer. */
export async function setLayerParent(q: Queryable, layerId: number, parentLayerId: number): Promise<void> {
  await q.query('UPDATE layers SET parent_layer_id = $2 WHERE id = $1', [layerId, parentLayerId]);
}

/** Every layer's id, key and place in the order (cheap: no counts), for modules that store layer ids. */
export async function layerKeys(q: Queryable): Promise<{ id: number; key: string; sort: number }[]> {
  return (await q.query<{ id: number; key: string; sort: number }>('SELECT id, key, sort FROM layers ORDER BY sort, key')).rows;
}

/** Code and name of areas by id, current or not (for modules that keep area ids of earlier years). */
export async function areasByIds(q: Queryable, ids: number[]): Promise<{ id: number; code: string; name: string }[]> {
  if (ids.length === 0) return [];
  return (await q.query<{ id: number; code: string; name: string }>('SELECT id, code, name FROM areas WHERE id = ANY($1::int[])', [ids])).rows;
}

/** Every area a layer ever had (current or not), by id. */
export async function everyAreaOfLayer(q: Queryable, layerId: number): Promise<{ id: number; code: string; name: string }[]> {
  return (await q.query<{ id: number; code: string; name: string }>('SELECT id, code, name FROM areas WHERE layer_id = $1 ORDER BY id', [layerId])).rows;
}

/** The current areas of a layer with their polygons as GeoJSON (EPSG:4326). */
export async function layerPolygons(q: Queryable, layerId: number): Promise<{ id: number; code: string; name: string; geojson: string | null }[]> {
  return (await q.query<{ id: number; code: string; name: string; geojson: string | null }>(
    'SELECT id, code, name, ST_AsGeoJSON(geom, 15) AS geojson FROM areas WHERE layer_id = $1 AND valid_to IS NULL ORDER BY id', [layerId])).rows;
}

// ---- for other modules (issue 17 §3: their SQL no longer names areas or layers) ----------------

/** Layer key, code and name of areas by id, current or not. */
export async function areaLabelsByIds(q: Queryable, ids: number[]): Promise<{ id: number; layer_key: string; code: string; name: string }[]> {
  if (ids.length === 0) return [];
  return (await q.query<{ id: number; layer_key: string; code: string; name: string }>(
    'SELECT a.id, l.key AS layer_key, a.code, a.name FROM areas a JOIN layers l ON l.id = a.layer_id WHERE a.id = ANY($1::int[])', [ids])).rows;
}

/** Ids of every area (current or not) with that layer key and code. */
export async function areaIdsByCode(q: Queryable, layerKey: string, code: string): Promise<number[]> {
  return (await q.query<{ id: number }>('SELECT a.id FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = $1 AND a.code = $2 ORDER BY a.id', [layerKey, code])).rows.map((r) => r.id);
}

// ---- for undoing an import (issue 17 §3), in the caller's transaction --------------------------

export async function layerIdByKey(q: Queryable, key: string): Promise<number | undefined> {
  return (await q.query<{ id: number }>('SELECT id FROM layers WHERE key = $1', [key])).rows[0]?.id;
}

export async function areaIdsOfImport(q: Queryable, importId: number): Promise<number[]> {
  return (await q.query<{ id: number }>('SELECT id FROM areas WHERE import_id = $1 ORDER BY id', [importId])).rows.map((r) => r.id);
}

export async function deleteAreasByIds(q: Queryable, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return (await q.query('DELETE FROM areas WHERE id = ANY($1::int[])', [ids])).rowCount ?? 0;
}

/** What outside the layer depends on its areas or on it: child areas, groupings, layers. */
export async function layerDependents(q: Queryable, layerId: number): Promise<{ childAreas: number; groupings: number; layers: number }> {
  const r = await q.query<{ child_areas: number; groupings: number; layers: number }>(
    `WITH mine AS (SELECT id FROM areas WHERE layer_id = $1)
     SELECT (SELECT count(*)::int FROM areas WHERE parent_id IN (SELECT id FROM mine) AND layer_id <> $1) AS child_areas,
            (SELECT count(*)::int FROM area_members m JOIN areas g ON g.id = m.group_id
              WHERE m.member_id IN (SELECT id FROM mine) AND g.layer_id <> $1) AS groupings,
            (SELECT count(*)::int FROM layers WHERE (parent_layer_id = $1 OR member_layer_id = $1) AND id <> $1) AS layers`,
    [layerId],
  );
  const x = r.rows[0];
  return { childAreas: x.child_areas, groupings: x.groupings, layers: x.layers };
}

/** Removes the layer with all its areas; answers how many areas went. */
export async function deleteLayerWithAreas(q: Queryable, layerId: number): Promise<number> {
  const removed = (await q.query('DELETE FROM areas WHERE layer_id = $1', [layerId])).rowCount ?? 0;
  await q.query('DELETE FROM layers WHERE id = $1', [layerId]);
  return removed;
}

// ---- for facilities (issue 17 §3): placing points in areas ----------------------------------------

/** Current areas with a geometry, as full-precision GeoJSON (15 decimals round-trip a double). */
export async function currentPolygons(q: Queryable): Promise<{ id: number; layer_id: number; layer_key: string; code: string; geojson: string }[]> {
  return (await q.query(
    `SELECT a.id, a.layer_id, l.key AS layer_key, a.code, ST_AsGeoJSON(a.geom, 15) AS geojson
       FROM areas a JOIN layers l ON l.id = a.layer_id WHERE a.valid_to IS NULL AND a.geom IS NOT NULL ORDER BY a.layer_id, a.id`,
  )).rows;
}

/** The finest geometry layer: the one with the most current areas that have a polygon. */
export async function finestGeometryLayer(q: Queryable): Promise<{ id: number; key: string } | undefined> {
  return (await q.query(
    `SELECT l.id, l.key FROM layers l JOIN areas a ON a.layer_id = l.id AND a.valid_to IS NULL AND a.geom IS NOT NULL
      WHERE l.kind = 'geometry' GROUP BY l.id, l.key ORDER BY count(*) DESC, l.sort LIMIT 1`,
  )).rows[0];
}

/** PostGIS: per point and layer the current area (lowest id) whose polygon contains the point (EPSG:4326). */
export async function containingAreas(q: Queryable, points: { id: number; lon: number; lat: number }[]): Promise<{ point_id: number; layer_id: number; area_id: number }[]> {
  return (await q.query<{ point_id: number; layer_id: number; area_id: number }>(
    `SELECT DISTINCT ON (p.id, a.layer_id) p.id AS point_id, a.layer_id, a.id AS area_id
       FROM unnest($1::int[], $2::float8[], $3::float8[]) AS p(id, lon, lat)
       JOIN areas a ON a.valid_to IS NULL AND a.geom IS NOT NULL AND ST_Contains(a.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
      ORDER BY p.id, a.layer_id, a.id`,
    [points.map((p) => p.id), points.map((p) => p.lon), points.map((p) => p.lat)],
  )).rows;
}

/** Demand points: area centroids (or a point on the surface when the centroid falls outside) in the projected CRS. */
export async function areaPointsProjected(q: Queryable, layerKey: string, srid: number, how: 'centroid' | 'surface'): Promise<{ id: number; code: string; name: string; x: number; y: number }[]> {
  return (await q.query(
    `SELECT a.id, a.code, a.name, ST_X(p) AS x, ST_Y(p) AS y FROM (
       SELECT a.*, ST_Transform(CASE WHEN $3 = 'surface' OR NOT ST_Contains(a.geom, ST_Centroid(a.geom)) THEN ST_PointOnSurface(a.geom) ELSE ST_Centroid(a.geom) END, $2::int) AS p
         FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = $1 AND a.valid_to IS NULL AND a.geom IS NOT NULL) a
     ORDER BY a.code`,
    [layerKey, srid, how],
  )).rows;
}

/** Ids of the current areas with that layer key and code and of their members (a grouping's areas). */
export async function currentAreaWithMembers(q: Queryable, layerKey: string, code: string): Promise<number[]> {
  return (await q.query<{ id: number }>(
    `WITH t AS (SELECT a.id FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = $1 AND a.code = $2 AND a.valid_to IS NULL)
     SELECT id FROM t UNION SELECT m.member_id FROM area_members m WHERE m.group_id IN (SELECT id FROM t) ORDER BY 1`,
    [layerKey, code],
  )).rows.map((r) => r.id);
}
