// Spatial layers, areas, hierarchies and groupings.
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { Database, Queryable } from '../../db/connection.ts';
import { LernortError, notFound } from '../../core/errors.ts';
import * as repo from './repo.ts';
import { VersionedCache } from '../system/service.ts';

export type { AreaRow, LayerRow } from './repo.ts';

export function sridOf(crs: string): number {
  const m = /(\d{4,5})$/.exec(crs);
  if (!m) throw new LernortError('CRS_INVALID', `Ungültiges Koordinatensystem „${crs}“.`, `Invalid coordinate reference system "${crs}".`);
  return Number(m[1]);
}

export const listLayers = (db: Database | Queryable) => repo.listLayers('pool' in db ? db.pool : db);
export const listAreas = (q: Queryable, layerKey?: string) => repo.listAreas(q, layerKey);
/** Parent → child and group → member links (codes), for additive relations between areas. */
export const listLinks = repo.listLinks;
export const upsertLayer = repo.upsertLayer;
export const upsertAreas = repo.upsertAreas;
export const setParents = repo.setParents;
export const setParentForLayer = repo.setParentForLayer;
export const replaceMembers = repo.replaceMembers;
export const setGeometryFromMembers = repo.setGeometryFromMembers;
export const setGeometryFromLayer = repo.setGeometryFromLayer;
export const setParentsByLocation = repo.setParentsByLocation;
export const setMembersByLocation = repo.setMembersByLocation;
export const setLayerParent = repo.setLayerParent;
export const layerKeys = repo.layerKeys;
export const areasByIds = repo.areasByIds;
export const everyAreaOfLayer = repo.everyAreaOfLayer;
export const layerPolygons = repo.layerPolygons;

export async function requireLayer(q: Queryable, key: string): Promise<repo.LayerRow> {
  const layer = (await repo.listLayers(q)).find((l) => l.key === key);
  if (!layer) throw notFound('Ebene / layer', key);
  return layer;
}

export async function requireArea(q: Queryable, layerKey: string, code: string): Promise<repo.AreaRow> {
  await requireLayer(q, layerKey);
  const area = await repo.findArea(q, layerKey, code);
  if (!area) throw notFound('Gebiet / area', `${layerKey}/${code}`);
  return area;
}

/** The tolerances the server simplifies for (metres); the client asks for one of them or "auto". */
export const TOLERANCE_STEPS = [200, 100, 50, 20, 10, 5, 2, 1] as const;
/** The map's width in pixels that "auto" assumes when it fits the whole layer (a desktop atlas map). */
const AUTO_FIT_PIXELS = 1200;

/** The coarsest step at or below the metres per pixel of a map showing the whole extent. */
export function toleranceForExtent(extent: { width: number; height: number } | null): number {
  if (!extent) return 0;
  const mpp = Math.max(extent.width, extent.height) / AUTO_FIT_PIXELS;
  return TOLERANCE_STEPS.find((s) => s <= mpp) ?? 1;
}

export async function autoTolerance(db: Database, layerKey: string, srid: number): Promise<number> {
  await requireLayer(db.pool, layerKey);
  return toleranceForExtent(await repo.layerExtentMeters(db.pool, layerKey, srid));
}

// Geometry changes only with area imports (part of the data version); simplifying a large layer
// costs PostGIS a noticeable fraction of a second, so the JSON text is kept per version.
const geometries = new VersionedCache(50);

/** The layer's GeoJSON as text, as the internal and the public map routes serve it. */
export async function layerGeoJsonText(db: Database, layerKey: string, simplify: number | 'auto', srid: number): Promise<string> {
  const tolerance = simplify === 'auto' ? await autoTolerance(db, layerKey, srid) : simplify;
  return geometries.get(db.pool, `areas|${layerKey}|${tolerance}`, async () => JSON.stringify(await layerGeoJson(db, layerKey, tolerance, srid)), []);
}

export const digitsFor = repo.digitsFor;

/**
 * A layer as GeoJSON for a map at `simplifyMeters` per pixel (0 = full detail). The collection
 * names the tolerance it was simplified for (`tolerance`, a foreign member), so a client that asked
 * for "auto" knows when zooming in needs finer geometry.
 */
export async function layerGeoJson(db: Database, layerKey: string, simplifyMeters: number, srid: number): Promise<FeatureCollection<MultiPolygon | null> & { tolerance: number }> {
  await requireLayer(db.pool, layerKey);
  const rows = await repo.areaFeatures(db.pool, layerKey, simplifyMeters, srid);
  return {
    type: 'FeatureCollection',
    tolerance: simplifyMeters,
    features: rows.map((r) => ({
      type: 'Feature',
      properties: { code: r.code, name: r.name, layer: layerKey, parentCode: r.parent_code, areaKm2: r.area_m2 === null ? null : Math.round(r.area_m2 / 1e4) / 100, labelPoint: r.lx === null || r.ly === null ? null : [r.lx, r.ly] },
      geometry: r.geometry ? (JSON.parse(r.geometry) as MultiPolygon) : null,
    })),
  };
}

// ---- for other modules (issue 17 §3: their SQL no longer names areas or layers) ----------------

/** id → {layer, code, name} of the given areas (current or not); unknown ids are left out. */
export async function labelsOf(q: Queryable, ids: (number | null)[]): Promise<Map<number, { layer: string; code: string; name: string }>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  return new Map((await repo.areaLabelsByIds(q, wanted)).map((a) => [a.id, { layer: a.layer_key, code: a.code, name: a.name }]));
}

/** Ids of the areas (current or not) with that layer key and code; none when there is no such area. */
export const idsOfCode = (q: Queryable, layerKey: string, code: string) => repo.areaIdsByCode(q, layerKey, code);

// ---- for undoing an import (issue 17 §3): run in the caller's transaction (pass its client) ----

/** The id of the layer with that key, if any. */
export const layerIdOf = (q: Queryable, key: string) => repo.layerIdByKey(q, key);
/** Ids of the areas an import created (merged areas "A und B"). */
export const areaIdsOfImport = (q: Queryable, importId: number) => repo.areaIdsOfImport(q, importId);
/** Removes the given areas (their links go with them); answers how many. */
export const deleteAreas = (q: Queryable, ids: number[]) => repo.deleteAreasByIds(q, ids);
/** What outside the layer depends on its areas or on it: child areas, groupings, layers. */
export const layerDependents = (q: Queryable, layerId: number) => repo.layerDependents(q, layerId);
/** Removes the layer with all its areas; answers how many areas went. */
export const deleteLayerWithAreas = (q: Queryable, layerId: number) => repo.deleteLayerWithAreas(q, layerId);

// ---- for facilities (issue 17 §3): placing points in areas ----------------------------------------

/** Current areas with a geometry (full-precision GeoJSON), by layer and id. */
export const currentPolygons = (q: Queryable) => repo.currentPolygons(q);
/** The finest geometry layer: the one with the most current areas that have a polygon. */
export const finestGeometryLayer = (q: Queryable) => repo.finestGeometryLayer(q);
/** PostGIS: per point and layer the current area (lowest id) whose polygon contains the point (EPSG:4326). */
export const containingAreas = (q: Queryable, points: { id: number; lon: number; lat: number }[]) => repo.containingAreas(q, points);
/** Demand points of a layer's current areas in the projected CRS, by code. */
export const areaPointsProjected = (q: Queryable, layerKey: string, srid: number, how: 'centroid' | 'surface') => repo.areaPointsProjected(q, layerKey, srid, how);
/** Ids of the current areas with that layer key and code and of their members (a grouping's areas). */
export const currentAreaWithMembers = (q: Queryable, layerKey: string, code: string) => repo.currentAreaWithMembers(q, layerKey, code);
