// Facilities, providers and services (issue 5): the registry, its import, the assignment of every
// facility to the areas it lies in, supply indicators and accessibility (METHODS.md §6), stored as
// observations like any other indicator so that they appear in the atlas and can enter an index.
import { organisationScope } from '../users/permissions.ts';
import type { RowScope } from '../access/service.ts';
import type { SessionUser } from '../users/service.ts';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type pg from 'pg';
import type { Database, Queryable } from '../../db/connection.ts';
import { withTransaction } from '../../db/connection.ts';
import { LernortError, notFound, type Problem } from '../../core/errors.ts';
import { balancedFca, enhancedTwoStepFca, gravity, twoStepFca, E2SFCA_STEPS, type AccessResult, type Decay } from '../../core/access/index.ts';
import { readFacilityFile, type FacilityRecord } from '../../io/facilities.ts';
import { writeCsv } from '../../io/csv-write.ts';
import type { ObservationRecord } from '../../io/types.ts';
import * as areas from '../areas/service.ts';
import * as indicators from '../indicators/service.ts';
import * as imports from '../imports/service.ts';
import * as monitoring from '../monitoring/service.ts';
import { buildPolygonIndex } from './assign.ts';
import * as organisations from '../organisations/service.ts';
import * as repo from './repo.ts';
import type { AccessibilityInput, FacilityImportOptions, FacilityInput, NormInput, ServiceInput, SupplyInput } from './schema.ts';
import { record as auditRecord, type AuditActor } from '../audit/service.ts';

/** A facility as the registry lists it: with the name of its Träger (from the organisations module). */
export type FacilityRow = repo.FacilityRow & { organisation: string | null };
/** An offer as the registry lists it: with the name of its Träger. */
export type ServiceRow = repo.ServiceRow & { organisation: string | null };

async function withOrganisationNames<T extends { organisation_id: number | null }>(q: Queryable, rows: T[]): Promise<(T & { organisation: string | null })[]> {
  const names = await organisations.namesOf(q, rows.map((r) => r.organisation_id));
  return rows.map((r) => ({ ...r, organisation: r.organisation_id === null ? null : names.get(r.organisation_id) ?? null }));
}
const facilityRows = async (q: Queryable, filter: repo.FacilityFilter = {}): Promise<FacilityRow[]> => withOrganisationNames(q, await listFacilityRows(q, filter));
const serviceRows = async (q: Queryable, filter: repo.ServiceFilter = {}): Promise<ServiceRow[]> => withOrganisationNames(q, await listServiceRows(q, filter));

/** jsonb's key order (shorter keys first, then bytewise), so `areas` reads as it did from jsonb_object_agg. */
const jsonbKeyOrder = (a: string, b: string) => a.length - b.length || (Buffer.compare(Buffer.from(a), Buffer.from(b)));

/** Facilities with their areas (layer key → code); the area filter and the names through the areas service. */
async function listFacilityRows(q: Queryable, filter: repo.FacilityFilter = {}): Promise<repo.FacilityRow[]> {
  const { areaLayer, areaCode, ...rest } = filter;
  const areaIds = areaLayer === undefined ? null : areaCode === undefined ? [] : await areas.idsOfCode(q, areaLayer, areaCode);
  const rows = await repo.listFacilities(q, rest, areaIds);
  const labels = await areas.labelsOf(q, rows.flatMap((r) => r.area_ids ?? []));
  return rows.map(({ area_ids, ...r }) => {
    const pairs = (area_ids ?? []).flatMap((id) => { const a = labels.get(id); return a ? [[a.layer, a.code] as const] : []; });
    return { ...r, areas: pairs.length === 0 ? null : Object.fromEntries(pairs.sort((x, y) => jsonbKeyOrder(x[0], y[0]))) };
  });
}

/** Offers with their service areas (layer, code, name by layer key and code); the area filter through the areas service. */
async function listServiceRows(q: Queryable, filter: repo.ServiceFilter = {}): Promise<repo.ServiceRow[]> {
  const { areaLayer, areaCode, ...rest } = filter;
  // In the area: the current area of that code and, for a grouping, its members.
  const areaIds = areaLayer === undefined ? null : areaCode === undefined ? [] : await areas.currentAreaWithMembers(q, areaLayer, areaCode);
  const rows = await repo.listServices(q, rest, areaIds);
  const labels = await areas.labelsOf(q, rows.flatMap((r) => r.service_area_ids ?? []));
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.map(({ service_area_ids, ...r }) => {
    const list = (service_area_ids ?? []).flatMap((id) => { const a = labels.get(id); return a ? [{ layer: a.layer, code: a.code, name: a.name }] : []; });
    return { ...r, service_areas: list.length === 0 ? null : list.sort((x, y) => byKey(x.layer, y.layer) || byKey(x.code, y.code)) };
  });
}
/** Point-in-polygon over area geometries, for modules that place points without a database round trip (uptake). */
export { buildPolygonIndex } from './assign.ts';

// ---- taxonomy ----------------------------------------------------------------------------------

/** The seven Leipzig Vertiefungsgebiete plus Kindertagesbetreuung and Schule. */
export const SEED_DOMAINS = [
  { key: 'familienbildung', de: 'Familienbildung', en: 'Family education' },
  { key: 'kulturelle_bildung', de: 'Kulturelle Bildung', en: 'Cultural education' },
  { key: 'medienpaedagogik', de: 'Medienpädagogik', en: 'Media education' },
  { key: 'schulsozialarbeit', de: 'Schulsozialarbeit', en: 'School social work' },
  { key: 'jugendsozialarbeit', de: 'Arbeitsweltbezogene Jugendsozialarbeit', en: 'Work-related youth social work' },
  { key: 'offene_jugendarbeit', de: 'Offene Kinder- und Jugendarbeit', en: 'Open youth work' },
  { key: 'jugendverbandsarbeit', de: 'Jugendverbandsarbeit / Ehrenamt', en: 'Youth associations / volunteering' },
  { key: 'kindertagesbetreuung', de: 'Kindertagesbetreuung', en: 'Childcare' },
  { key: 'schule', de: 'Schule', en: 'School' },
].map((d, i) => ({ ...d, sort: i }));

export const SEED_TYPES = [
  { key: 'kita', de: 'Kindertageseinrichtung (Kita)', en: 'Day-care centre (Kita)', domain: 'kindertagesbetreuung' },
  { key: 'grundschule', de: 'Grundschule', en: 'Primary school', domain: 'schule' },
  { key: 'oberschule', de: 'Oberschule', en: 'Secondary school (Oberschule)', domain: 'schule' },
  { key: 'gymnasium', de: 'Gymnasium', en: 'Grammar school (Gymnasium)', domain: 'schule' },
  { key: 'gemeinschaftsschule', de: 'Gemeinschaftsschule', en: 'Comprehensive school', domain: 'schule' },
  { key: 'foerderschule', de: 'Förderschule', en: 'Special-needs school', domain: 'schule' },
  { key: 'berufsbildende_schule', de: 'Berufsbildende Schule', en: 'Vocational school', domain: 'schule' },
  { key: 'schule', de: 'Schule (sonstige)', en: 'School (other)', domain: 'schule' },
  { key: 'jugendclub', de: 'Jugendclub / Offener Treff', en: 'Youth club / open meeting place', domain: 'offene_jugendarbeit' },
  { key: 'familienzentrum', de: 'Familienzentrum', en: 'Family centre', domain: 'familienbildung' },
  { key: 'bibliothek', de: 'Bibliothek', en: 'Library', domain: 'kulturelle_bildung' },
  { key: 'musikschule', de: 'Musikschule', en: 'Music school', domain: 'kulturelle_bildung' },
  { key: 'beratungsstelle', de: 'Beratungsstelle', en: 'Counselling centre', domain: 'familienbildung' },
  { key: 'spielplatz', de: 'Spielplatz', en: 'Playground', domain: null },
  { key: 'sonstige', de: 'Sonstige Einrichtung', en: 'Other facility', domain: null },
].map((t, i) => ({ ...t, sort: i }));

const defaultDomainOf = new Map(SEED_TYPES.map((t) => [t.key, t.domain]));

/** Seeds domains and facility types where missing; names a user changed are kept. Idempotent. */
export async function ensureTaxonomy(q: Queryable): Promise<void> {
  await repo.insertDomainsIfMissing(q, SEED_DOMAINS);
  await repo.insertTypesIfMissing(q, SEED_TYPES);
}

const taxonToApi = (t: repo.TaxonRow) => ({ key: t.key, name: t.name_de, nameEn: t.name_en, sort: t.sort, ...(t.parent_key !== undefined ? { parent: t.parent_key } : {}) });

export async function listFacilityTypes(q: Queryable) {
  await ensureTaxonomy(q);
  return (await repo.listTypes(q)).map(taxonToApi);
}

export async function listDomains(q: Queryable) {
  await ensureTaxonomy(q);
  return (await repo.listDomains(q)).map(taxonToApi);
}

export const saveFacilityType = (q: Queryable, key: string, t: { name: string; nameEn: string; sort: number }) => repo.upsertType(q, { key, ...t });
export const saveDomain = (q: Queryable, key: string, d: { name: string; nameEn: string; sort: number; parent?: string | null }) =>
  repo.upsertDomain(q, { key, name: d.name, nameEn: d.nameEn, sort: d.sort, parent: d.parent ?? null });

async function requireType(q: Queryable, key: string, field = 'type'): Promise<void> {
  await ensureTaxonomy(q);
  const types = await repo.listTypes(q);
  if (!types.some((t) => t.key === key)) {
    throw new LernortError('FACILITY_TYPE_UNKNOWN', `Unbekannter Einrichtungstyp „${key}“ (bekannt: ${types.map((t) => t.key).join(', ')}).`, `Unknown facility type "${key}" (known: ${types.map((t) => t.key).join(', ')}).`, { location: { field } });
  }
}

async function requireDomain(q: Queryable, key: string, field = 'domain'): Promise<void> {
  await ensureTaxonomy(q);
  const domains = await repo.listDomains(q);
  if (!domains.some((t) => t.key === key)) {
    throw new LernortError('SERVICE_DOMAIN_UNKNOWN', `Unbekannter Angebotsbereich „${key}“ (bekannt: ${domains.map((t) => t.key).join(', ')}).`, `Unknown service domain "${key}" (known: ${domains.map((t) => t.key).join(', ')}).`, { location: { field } });
  }
}

// ---- facilities --------------------------------------------------------------------------------

export function facilityToApi(f: FacilityRow) {
  return {
    id: f.id, name: f.name, type: f.type_key, organisationId: f.organisation_id, organisation: f.organisation, address: f.address,
    lon: f.lon, lat: f.lat, locationStatus: f.location_status, accessibility: f.accessibility, status: f.status, externalId: f.external_id,
    capacity: f.capacity, areas: f.areas ?? {}, domains: f.domains ?? [],
  };
}
export type Facility = ReturnType<typeof facilityToApi>;

export const listFacilities = async (q: Queryable, filter: repo.FacilityFilter = {}) => (await facilityRows(q, filter)).map(facilityToApi);

/**
 * Contract: a GeoJSON FeatureCollection of points; properties id, name, type, capacity (or null) and
 * areas (layer key → area code), plus the rest of the record. Facilities without coordinates are
 * features with geometry null (RFC 7946 §3.2 allows it), so nothing disappears silently.
 */
export async function facilitiesGeoJson(q: Queryable, filter: repo.FacilityFilter = {}): Promise<FeatureCollection<Point | null>> {
  const rows = await listFacilities(q, filter);
  return {
    type: 'FeatureCollection',
    features: rows.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.lon === null || f.lat === null ? null : { type: 'Point', coordinates: [f.lon, f.lat] },
      properties: f,
    })),
  };
}

export async function getFacility(q: Queryable, id: number) {
  const [f] = await facilityRows(q, { ids: [id] });
  if (!f) throw notFound('Einrichtung / facility', String(id));
  return { ...facilityToApi(f), services: (await serviceRows(q, { facilityId: id })).map(serviceToApi) };
}

export async function saveFacility(db: Database, id: number | null, input: FacilityInput) {
  return withTransaction(db, async (client) => {
    await requireType(client, input.type);
    if ((input.lon == null) !== (input.lat == null)) {
      throw new LernortError('FACILITY_COORDINATES_INCOMPLETE', 'Bitte Länge und Breite angeben (oder beide leer lassen).', 'Give both lon and lat (or neither).', { location: { field: input.lon == null ? 'lon' : 'lat' } });
    }
    const write: repo.FacilityWrite = {
      name: input.name, typeKey: input.type, organisationId: input.organisationId ?? null, address: input.address, lon: input.lon ?? null, lat: input.lat ?? null,
      accessibility: input.accessibility ?? null, status: input.status, externalId: input.externalId ?? null, importId: null,
    };
    let fid: number;
    if (id === null) fid = await repo.insertFacility(client, write);
    else {
      if (!(await repo.updateFacility(client, id, write))) throw notFound('Einrichtung / facility', String(id));
      fid = id;
    }
    await assign(client, [fid], 'postgis');
    return getFacility(client, fid);
  }).catch(mapUniqueViolation);
}

function mapUniqueViolation(err: unknown): never {
  if ((err as { code?: string }).code === '23505') {
    throw new LernortError('FACILITY_DUPLICATE', 'Eine Einrichtung dieses Typs mit dieser externen Kennung gibt es schon.', 'A facility of this type with this external id exists already.', { status: 409, location: { field: 'externalId' } });
  }
  if ((err as { code?: string }).code === '23503') {
    throw new LernortError('REFERENCE_UNKNOWN', 'Verweis auf einen unbekannten Datensatz (Träger oder Einrichtung).', 'Reference to an unknown record (organisation or facility).', { location: { field: 'organisationId' } });
  }
  throw err;
}

export async function deleteFacility(q: Queryable, id: number): Promise<void> {
  if (!(await repo.deleteFacility(q, id))) throw notFound('Einrichtung / facility', String(id));
}

// ---- services (Angebote) -----------------------------------------------------------------------

export function serviceToApi(s: ServiceRow) {
  return {
    id: s.id, name: s.name, description: s.description, domain: s.domain_key, organisationId: s.organisation_id, organisation: s.organisation,
    ageMin: s.age_min, ageMax: s.age_max, capacity: s.capacity, capacityUnit: s.capacity_unit, capacityAsOf: s.capacity_as_of,
    schedule: s.schedule, fundingSource: s.funding_source, status: s.status, facilityIds: s.facility_ids ?? [], serviceAreas: s.service_areas ?? [],
  };
}

export const listServices = async (q: Queryable, filter: repo.ServiceFilter = {}) => (await serviceRows(q, filter)).map(serviceToApi);

export async function getService(q: Queryable, id: number) {
  const [s] = await serviceRows(q, { ids: [id] });
  if (!s) throw notFound('Angebot / service', String(id));
  return serviceToApi(s);
}

export async function saveService(db: Database, id: number | null, input: ServiceInput) {
  return withTransaction(db, async (client) => {
    await requireDomain(client, input.domain);
    const areaIds: number[] = [];
    for (const [i, a] of input.serviceAreas.entries()) {
      const area = await areas.requireArea(client, a.layer, a.code).catch(() => {
        throw new LernortError('SERVICE_AREA_UNKNOWN', `Versorgungsgebiet ${a.layer}/${a.code} gibt es nicht.`, `Service area ${a.layer}/${a.code} does not exist.`, { location: { field: `serviceAreas.${i}` } });
      });
      areaIds.push(area.id);
    }
    const sid = await repo.saveService(client, id, {
      organisationId: input.organisationId ?? null, name: input.name, description: input.description ?? null, domainKey: input.domain,
      ageMin: input.ageMin ?? null, ageMax: input.ageMax ?? null, capacity: input.capacity ?? null, capacityUnit: input.capacityUnit ?? null,
      capacityAsOf: input.capacityAsOf ?? null, schedule: input.schedule, fundingSource: input.fundingSource ?? null, status: input.status,
    });
    if (sid === undefined) throw notFound('Angebot / service', String(id));
    await repo.setServiceLocations(client, sid, input.facilityIds);
    await repo.setServiceAreas(client, sid, areaIds);
    return getService(client, sid);
  }).catch(mapUniqueViolation);
}

export async function deleteService(q: Queryable, id: number): Promise<void> {
  if (!(await repo.deleteService(q, id))) throw notFound('Angebot / service', String(id));
}

// ---- planning norms ----------------------------------------------------------------------------

const normToApi = (n: repo.NormRow) => ({
  key: n.key, name: n.name, nameEn: n.name_en, domain: n.domain_key, facilityType: n.facility_type_key, targetIndicator: n.target_indicator,
  ratio: n.ratio, unit: n.unit, description: n.description, source: n.source,
});
export const listNorms = async (q: Queryable) => (await repo.listNorms(q)).map(normToApi);

export async function saveNorm(q: Queryable, key: string, n: NormInput) {
  if (n.domain) await requireDomain(q, n.domain);
  if (n.facilityType) await requireType(q, n.facilityType, 'facilityType');
  await repo.upsertNorm(q, { key, name: n.name, nameEn: n.nameEn, domain: n.domain ?? null, facilityType: n.facilityType ?? null, targetIndicator: n.targetIndicator, ratio: n.ratio, unit: n.unit, description: n.description ?? null, source: n.source ?? null });
  return (await listNorms(q)).find((x) => x.key === key)!;
}

export async function deleteNorm(q: Queryable, key: string): Promise<void> {
  if (!(await repo.deleteNorm(q, key))) throw notFound('Richtwert / planning norm', key);
}

// ---- assignment --------------------------------------------------------------------------------

export interface AssignmentSummary {
  engine: 'ts' | 'postgis';
  facilities: number;
  located: number;
  missing: number;
  baseLayer: string | null;
  insideBaseLayer: number;
  outside: { id: number; name: string; type: string }[];
  perLayer: Record<string, number>;
}

/** Facility → (layer → area) computed in TypeScript: flatbush + ray casting, one index per layer. */
export async function assignInMemory(q: Queryable, ids: number[] | null = null): Promise<{ facilityId: number; layerId: number; areaId: number }[]> {
  const points = await repo.facilityPoints(q, ids);
  const polys = await areas.currentPolygons(q);
  const byLayer = new Map<number, typeof polys>();
  for (const p of polys) {
    if (!byLayer.has(p.layer_id)) byLayer.set(p.layer_id, []);
    byLayer.get(p.layer_id)!.push(p);
  }
  const xs = Float64Array.from(points, (p) => p.lon);
  const ys = Float64Array.from(points, (p) => p.lat);
  const out: { facilityId: number; layerId: number; areaId: number }[] = [];
  for (const [layerId, list] of byLayer) {
    const index = buildPolygonIndex(list.map((p) => JSON.parse(p.geojson) as Polygon | MultiPolygon));
    const hit = index.assign(xs, ys);
    for (let i = 0; i < points.length; i++) if (hit[i] !== -1) out.push({ facilityId: points[i].id, layerId, areaId: list[hit[i]].id });
  }
  return out.sort((a, b) => a.facilityId - b.facilityId || a.layerId - b.layerId);
}

/** PostGIS ST_Contains (the reference): every located facility into the area of every layer whose polygon contains it. */
export async function assignWithPostgis(q: Queryable, ids: number[] | null = null): Promise<void> {
  const hits = await areas.containingAreas(q, await repo.facilityPoints(q, ids));
  await repo.replaceAssignments(q, ids, hits.map((h) => ({ facilityId: h.point_id, layerId: h.layer_id, areaId: h.area_id })));
}

async function assign(q: Queryable, ids: number[] | null, engine: 'ts' | 'postgis'): Promise<void> {
  if (engine === 'postgis') await assignWithPostgis(q, ids);
  else await repo.replaceAssignments(q, ids, await assignInMemory(q, ids));
  const base = await areas.finestGeometryLayer(q);
  await repo.updateLocationStatus(q, ids, base?.id ?? null);
}

/**
 * Re-assigns every facility to the areas it lies in and updates its location status. Call it after
 * areas change (area imports, recipes). The TS index is the default (B2: ≥ 10× faster than PostGIS);
 * PostGIS ST_Contains is the reference and gives the same rows (integration test).
 */
export async function reassignFacilities(q: Queryable, opts: { engine?: 'ts' | 'postgis' } = {}): Promise<AssignmentSummary> {
  const engine = opts.engine ?? 'ts';
  await assign(q, null, engine);
  return assignmentSummary(q, engine);
}

export async function assignmentSummary(q: Queryable, engine: 'ts' | 'postgis'): Promise<AssignmentSummary> {
  const base = await areas.finestGeometryLayer(q);
  const all = await listFacilityRows(q);
  const perLayer: Record<string, number> = {};
  let inside = 0;
  for (const f of all) {
    for (const layer of Object.keys(f.areas ?? {})) perLayer[layer] = (perLayer[layer] ?? 0) + 1;
    if (base && f.areas?.[base.key] !== undefined) inside++;
  }
  return {
    engine,
    facilities: all.length,
    located: all.filter((f) => f.lon !== null).length,
    missing: all.filter((f) => f.lon === null).length,
    baseLayer: base?.key ?? null,
    insideBaseLayer: inside,
    outside: all.filter((f) => f.location_status === 'outside').map((f) => ({ id: f.id, name: f.name, type: f.type_key })),
    perLayer,
  };
}

export const readAssignments = repo.readAssignments;

// ---- import ------------------------------------------------------------------------------------

export interface FacilityImportInput {
  file: string;
  bytes: Uint8Array;
  options: FacilityImportOptions;
  actor: imports.Actor;
  dryRun: boolean;
  recipe?: string;
}

function emptyReport(file: string, fileHash: string, format: string): imports.ImportReport {
  return { id: null, status: 'dry_run', file, fileHash, format, rowsRead: 0, rowsWritten: 0, rowsRejected: 0, errors: [], warnings: [], unmatched: [], mapped: [], indicators: [], periods: [], areas: 0 };
}

/** Types of the records: a constant, or the type column through typeMap; problems for unknown ones. */
function resolveTypes(records: FacilityRecord[], opts: FacilityImportOptions, known: Set<string>, file: string, errors: Problem[], warnings: Problem[]): (string | null)[] {
  const created = new Set<string>();
  return records.map((r) => {
    let key: string | undefined;
    const map = opts.mapping.typeMap;
    if (map) {
      for (const [from, to] of Object.entries(map)) if (r.typeValues.includes(from)) { key = to; break; }
    } else if (r.typeValues.length > 0) key = r.typeValues[0];
    key ??= opts.facilityType;
    if (!key) {
      errors.push({ code: 'FACILITY_TYPE_MISSING', de: `Kein Einrichtungstyp für „${r.name}“ (Spalte oder „facilityType“ angeben).`, en: `No facility type for "${r.name}" (map a column or give "facilityType").`, file, line: r.line, field: opts.mapping.type ?? 'facilityType', value: r.typeValues.join(', ') });
      return null;
    }
    if (!known.has(key)) {
      if (opts.createTypes && /^[a-z0-9_]+$/.test(key)) {
        if (!created.has(key)) warnings.push({ code: 'FACILITY_TYPE_CREATED', de: `Neuer Einrichtungstyp „${key}“ angelegt.`, en: `New facility type "${key}" created.`, file, line: r.line, field: 'type', value: key });
        created.add(key);
      } else {
        errors.push({ code: 'FACILITY_TYPE_UNKNOWN', de: `Unbekannter Einrichtungstyp „${key}“; bitte über „typeMap“ zuordnen.`, en: `Unknown facility type "${key}"; map it with "typeMap".`, file, line: r.line, field: opts.mapping.type ?? 'facilityType', value: key });
        return null;
      }
    }
    return key;
  });
}

/**
 * Imports a facility file with a column mapping into the registry: all or nothing, one import
 * record, the report shape of every import. Records without coordinates are kept (status 'missing');
 * a capacity becomes an Angebot at the location (domain from the options or the type). Facilities
 * are then assigned to the areas they lie in.
 */
export async function importFacilities(db: Database, input: FacilityImportInput): Promise<imports.ImportReport> {
  const fileHash = imports.sha256(input.bytes);
  const read = await readFacilityFile(input.bytes, input.file, { format: input.options.format, mapping: input.options.mapping });
  const report = emptyReport(input.file, fileHash, read.format);
  report.rowsRead = read.rowsRead;
  report.errors.push(...read.errors);
  report.warnings.push(...read.warnings);
  const run = async (client: pg.PoolClient) => {
    await writeFacilities(client, input, read.records, report, null);
    if (report.errors.length > 0) {
      report.status = 'rejected';
      throw new imports.ImportRejected(report);
    }
    if (input.dryRun) throw new DryRun();
    return report;
  };
  try {
    return await withTransaction(db, run);
  } catch (err) {
    if (err instanceof imports.ImportRejected || err instanceof DryRun) {
      report.rowsWritten = err instanceof DryRun ? 0 : report.rowsWritten;
      report.id = await imports.recordOutcome(db, { file: input.file, actor: input.actor, recipe: input.recipe }, fileHash, report, 'facilities');
      return report;
    }
    throw err;
  }
}

class DryRun extends Error {}

async function writeFacilities(client: pg.PoolClient, input: FacilityImportInput, records: FacilityRecord[], report: imports.ImportReport, importIdIn: number | null): Promise<void> {
  const o = input.options;
  await ensureTaxonomy(client);
  const known = new Set((await repo.listTypes(client)).map((t) => t.key));
  const domains = new Set((await repo.listDomains(client)).map((d) => d.key));
  const typeKeys = resolveTypes(records, o, known, input.file, report.errors, report.warnings);
  if (o.domain && !domains.has(o.domain)) report.errors.push({ code: 'SERVICE_DOMAIN_UNKNOWN', de: `Unbekannter Angebotsbereich „${o.domain}“.`, en: `Unknown service domain "${o.domain}".`, file: input.file, field: 'domain', value: o.domain });
  for (const r of records) {
    if (r.domain && !domains.has(r.domain)) report.errors.push({ code: 'SERVICE_DOMAIN_UNKNOWN', de: `Unbekannter Angebotsbereich „${r.domain}“.`, en: `Unknown service domain "${r.domain}".`, file: input.file, line: r.line, field: o.mapping.domain, value: r.domain });
    if (r.status && !['active', 'inactive', 'closed'].includes(r.status)) report.errors.push({ code: 'FACILITY_STATUS_INVALID', de: `Status „${r.status}“: erlaubt sind active, inactive, closed.`, en: `Status "${r.status}": allowed are active, inactive, closed.`, file: input.file, line: r.line, field: o.mapping.status, value: r.status });
  }
  if (report.errors.length > 0) return;
  for (const key of new Set(typeKeys)) if (key && !known.has(key)) await repo.upsertType(client, { key, name: key, nameEn: key, sort: 100 });

  const importId = importIdIn ?? await imports.createImportRecord(client, { userId: input.actor.userId, actor: input.actor.name, kind: 'facilities', fileName: input.file, fileHash: report.fileHash, recipe: input.recipe ?? null, dryRun: input.dryRun });
  report.id = importId;
  // Träger by name: found or created.
  const orgIds = new Map<string, number>();
  for (const r of records) {
    if (!r.organisation || orgIds.has(r.organisation)) continue;
    const id = await organisations.findOrCreateByName(client, r.organisation);
    orgIds.set(r.organisation, id);
  }
  const saved = await repo.upsertFacilities(client, records.map((r, i) => ({
    name: r.name, typeKey: typeKeys[i]!, organisationId: r.organisation ? orgIds.get(r.organisation)! : null, address: r.address, lon: r.lon, lat: r.lat,
    accessibility: r.accessibility, status: r.status ?? 'active', externalId: r.externalId, importId,
  })));
  // A capacity, age range or domain in the file becomes an Angebot at the location.
  let servicesWritten = 0;
  for (const [i, r] of records.entries()) {
    const domain = r.domain ?? o.domain ?? defaultDomainOf.get(typeKeys[i]!) ?? null;
    if (!domain || (r.capacity === null && r.ageMin === null && r.ageMax === null && !r.domain)) continue;
    const fid = saved[i].id;
    const existing = (await repo.servicesAt(client, [fid], domain))[0]?.service_id ?? null;
    const sid = await repo.saveService(client, existing, {
      organisationId: r.organisation ? orgIds.get(r.organisation)! : null, name: r.name, description: null, domainKey: domain, ageMin: r.ageMin, ageMax: r.ageMax,
      capacity: r.capacity, capacityUnit: r.capacity !== null ? (o.capacityUnit ?? 'Plätze') : null, capacityAsOf: o.capacityAsOf ?? null, schedule: [], fundingSource: null, status: r.status ?? 'active',
    });
    if (existing === null) await repo.setServiceLocations(client, sid!, [fid]);
    servicesWritten++;
  }
  await assign(client, saved.map((s) => s.id), 'ts');
  const located = await listFacilityRows(client, { ids: saved.map((s) => s.id) });
  const base = await areas.finestGeometryLayer(client);
  const outside = located.filter((f) => f.location_status === 'outside');
  for (const f of outside) {
    report.warnings.push({ code: 'FACILITY_OUTSIDE', de: `„${f.name}“ liegt in keinem Gebiet der Ebene ${base?.key ?? '-'}.`, en: `"${f.name}" lies in no area of layer ${base?.key ?? '-'}.`, file: input.file, field: 'coordinates', value: `${f.lon}, ${f.lat}` });
  }
  report.rowsWritten = saved.length;
  report.areas = new Set(located.flatMap((f) => Object.values(f.areas ?? {}))).size;
  report.extra = {
    facilities: saved.length,
    inserted: saved.filter((s) => s.inserted).length,
    updated: saved.filter((s) => !s.inserted).length,
    services: servicesWritten,
    missingCoordinates: located.filter((f) => f.location_status === 'missing').length,
    outside: outside.length,
    baseLayer: base?.key ?? null,
    insideBaseLayer: located.filter((f) => base && f.areas?.[base.key] !== undefined).length,
    types: countBy(typeKeys.map((k) => k ?? '')),
  };
  report.status = input.dryRun ? 'dry_run' : 'committed';
  if (importIdIn === null) {
    await imports.finishImportRecord(client, importId, {
      status: report.status, rowsRead: report.rowsRead, rowsWritten: report.rowsWritten, rowsRejected: report.rowsRejected, warnings: report.warnings, errors: [],
      report: { format: report.format, ...report.extra },
    });
  }
}

function countBy(keys: string[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const k of keys) m[k] = (m[k] ?? 0) + 1;
  return m;
}

/** The recipe step that loads a facility list (see the report to the lead for its zod schema). */
export interface FacilitiesStep {
  type: 'facilities';
  file: string;
  format?: FacilityImportOptions['format'];
  facilityType?: string;
  domain?: string;
  mapping: FacilityImportOptions['mapping'];
  createTypes?: boolean;
  capacityUnit?: string;
  capacityAsOf?: string;
}

/**
 * Runs a `facilities` recipe step inside the recipe's transaction: reads `base/step.file`, writes the
 * facilities under the recipe's import record and assigns them. Returns the recipe report's step
 * entry; status 'rejected' carries the report with the errors (the runner then rolls back).
 */
export async function importFacilitiesStep(
  client: pg.PoolClient,
  step: FacilitiesStep,
  ctx: { base: string; importId: number; actor: imports.Actor; recipe?: string; bytes?: Uint8Array },
): Promise<{ type: string; file: string; status: string; rows: number; report: imports.ImportReport }> {
  const { default: fs } = await import('node:fs');
  const { default: path } = await import('node:path');
  const bytes = ctx.bytes ?? fs.readFileSync(path.join(ctx.base, step.file));
  const options: FacilityImportOptions = {
    format: step.format, mapping: step.mapping, facilityType: step.facilityType, domain: step.domain, createTypes: step.createTypes ?? false,
    capacityUnit: step.capacityUnit, capacityAsOf: step.capacityAsOf,
  };
  const input: FacilityImportInput = { file: step.file, bytes, options, actor: ctx.actor, dryRun: false, recipe: ctx.recipe };
  const read = await readFacilityFile(bytes, step.file, { format: step.format, mapping: step.mapping });
  const report = emptyReport(step.file, imports.sha256(bytes), read.format);
  report.rowsRead = read.rowsRead;
  report.errors.push(...read.errors);
  report.warnings.push(...read.warnings);
  if (report.errors.length === 0) await writeFacilities(client, input, read.records, report, ctx.importId);
  if (report.errors.length > 0) report.status = 'rejected';
  else report.status = 'committed';
  return { type: 'facilities', file: step.file, status: report.status, rows: report.rowsWritten, report };
}

// ---- supply indicators -------------------------------------------------------------------------

async function latestPeriod(q: Queryable, indicatorKey: string): Promise<string> {
  const ind = await indicators.requireIndicatorWithPeriods(q, indicatorKey);
  const p = ind.periods?.at(-1);
  if (!p) throw new LernortError('INDICATOR_NO_VALUES', `Indikator „${indicatorKey}“ hat keine Werte.`, `Indicator "${indicatorKey}" has no values.`, { location: { field: 'populationIndicator' } });
  return p;
}

async function valuesByArea(q: Queryable, layer: string, indicatorKey: string, period: string): Promise<Map<number, number | null>> {
  const vals = await monitoring.layerValues(q, layer, indicatorKey, period);
  return new Map(vals.map((v) => [v.areaId, v.value]));
}

export interface SupplyReport {
  layer: string;
  period: string;
  subject: string;
  indicators: { key: string; values: number }[];
  importId: number | null;
  rows: { code: string; name: string; facilities: number; places: number | null; services: number; perThousand: number | null; placesPer100: number | null; norms: Record<string, { required: number | null; gap: number | null }> }[];
}

/**
 * Supply per area of a layer, stored as observations through the import service: facilities and
 * places (counts), facilities per 1,000 residents and places per 100 of the target population
 * (rates with numerator and denominator, so planning areas aggregate them correctly), offers per
 * domain, and for each planning norm of the domain/type: required places (norm × target population)
 * and the gap = required − places (positive = under-supplied).
 */
export async function computeSupply(db: Database, input: SupplyInput, actor: imports.Actor): Promise<SupplyReport> {
  return withTransaction(db, async (client) => {
    await ensureTaxonomy(client);
    if (input.type) await requireType(client, input.type);
    if (input.domain) await requireDomain(client, input.domain);
    await areas.requireLayer(client, input.layer);
    const period = input.period ?? (await latestPeriod(client, input.populationIndicator));
    const subject = input.type ?? input.domain!;
    const layerAreas = await areas.listAreas(client, input.layer);
    const counts = new Map((await repo.supplyByArea(client, layerAreas.map((a) => a.id), input.type ?? null, input.domain ?? null)).map((c) => [c.area_id, c]));
    const rows = layerAreas.map((a) => ({ area_id: a.id, code: a.code, name: a.name, facilities: counts.get(a.id)?.facilities ?? 0, places: counts.get(a.id)?.places ?? null, services: counts.get(a.id)?.services ?? 0 }));
    const pop = await valuesByArea(client, input.layer, input.populationIndicator, period);
    const target = input.targetIndicator ? await valuesByArea(client, input.layer, input.targetIndicator, period) : null;
    const norms = (await repo.listNorms(client)).filter((n) => (input.domain && n.domain_key === input.domain) || (input.type && n.facility_type_key === input.type));
    const normTargets = new Map<string, Map<number, number | null>>();
    for (const n of norms) normTargets.set(n.key, await valuesByArea(client, input.layer, n.target_indicator, period));
    const label = input.type ? (await repo.listTypes(client)).find((t) => t.key === input.type)! : (await repo.listDomains(client)).find((d) => d.key === input.domain)!;
    const k = (s: string) => `${s}_${subject}`;
    const metas: Parameters<typeof indicators.saveIndicator>[1][] = [
      { key: k('einrichtungen'), name: `Einrichtungen: ${label.name_de}`, nameEn: `Facilities: ${label.name_en}`, unit: 'Anzahl', unitEn: 'count', topic: 'versorgung', polarity: 'higher_is_better', kind: 'count', scale: 1, decimals: 0, suppressionK: 0, source: 'Lernort-Register / registry' },
      { key: k('einrichtungen_je_1000'), name: `Einrichtungen je 1.000 Einwohner: ${label.name_de}`, nameEn: `Facilities per 1,000 residents: ${label.name_en}`, unit: 'je 1.000 EW', unitEn: 'per 1,000 residents', topic: 'versorgung', polarity: 'higher_is_better', kind: 'rate', numerator: k('einrichtungen'), denominator: input.populationIndicator, scale: 1000, decimals: 2, suppressionK: 0, source: 'Lernort-Register / registry' },
      { key: k('plaetze'), name: `Plätze: ${label.name_de}`, nameEn: `Places: ${label.name_en}`, unit: 'Plätze', unitEn: 'places', topic: 'versorgung', polarity: 'higher_is_better', kind: 'count', scale: 1, decimals: 0, suppressionK: 0, source: 'Lernort-Register / registry' },
      { key: k('angebote'), name: `Angebote: ${label.name_de}`, nameEn: `Offers: ${label.name_en}`, unit: 'Anzahl', unitEn: 'count', topic: 'versorgung', polarity: 'higher_is_better', kind: 'count', scale: 1, decimals: 0, suppressionK: 0, source: 'Lernort-Register / registry' },
    ];
    if (input.targetIndicator) {
      metas.push({ key: k('plaetze_je_100'), name: `Plätze je 100 der Zielgruppe: ${label.name_de}`, nameEn: `Places per 100 of the target population: ${label.name_en}`, unit: 'je 100', unitEn: 'per 100', topic: 'versorgung', polarity: 'higher_is_better', kind: 'rate', numerator: k('plaetze'), denominator: input.targetIndicator, scale: 100, decimals: 1, suppressionK: 0, source: 'Lernort-Register / registry' });
    }
    for (const n of norms) {
      metas.push({ key: `bedarf_${n.key}`, name: `Bedarf nach Richtwert: ${n.name}`, nameEn: `Need by planning norm: ${n.name_en}`, description: `${n.ratio} ${n.unit} je Person aus ${n.target_indicator}${n.source ? ` (${n.source})` : ''}`, descriptionEn: `${n.ratio} ${n.unit} per person of ${n.target_indicator}`, unit: n.unit, unitEn: 'places', topic: 'versorgung', polarity: 'neutral', kind: 'count', scale: 1, decimals: 1, suppressionK: 0 });
      metas.push({ key: `versorgungsluecke_${n.key}`, name: `Versorgungslücke: ${n.name}`, nameEn: `Supply gap: ${n.name_en}`, description: 'Bedarf nach Richtwert minus vorhandene Plätze (positiv = unterversorgt).', descriptionEn: 'Need by planning norm minus existing places (positive = under-supplied).', unit: n.unit, unitEn: 'places', topic: 'versorgung', polarity: 'higher_is_worse', kind: 'count', scale: 1, decimals: 1, suppressionK: 0 });
    }
    for (const m of metas) await indicators.saveIndicator(client, m);

    const records: ObservationRecord[] = [];
    const out: SupplyReport['rows'] = [];
    let line = 0;
    const rec = (r: { code: string; name: string }, indicator: string, value: number | null, numerator?: number | null, denominator?: number | null) =>
      records.push({ area: { code: r.code, name: r.name }, layer: input.layer, indicator, period, value, numerator: numerator ?? null, denominator: denominator ?? null, flags: value === null ? { missing: true } : {}, line: ++line });
    const hasPlaces = rows.some((r) => r.places !== null);
    for (const r of rows) {
      const p = pop.get(r.area_id) ?? null;
      const perThousand = p !== null && p > 0 ? (r.facilities / p) * 1000 : null;
      rec(r, k('einrichtungen'), r.facilities);
      rec(r, k('einrichtungen_je_1000'), perThousand, r.facilities, p);
      rec(r, k('angebote'), r.services);
      const places = hasPlaces ? (r.places ?? 0) : null;
      if (hasPlaces) rec(r, k('plaetze'), places);
      let placesPer100: number | null = null;
      if (target) {
        const t = target.get(r.area_id) ?? null;
        placesPer100 = places !== null && t !== null && t > 0 ? (places / t) * 100 : null;
        rec(r, k('plaetze_je_100'), placesPer100, places, t);
      }
      const normOut: Record<string, { required: number | null; gap: number | null }> = {};
      for (const n of norms) {
        const t = normTargets.get(n.key)!.get(r.area_id) ?? null;
        const required = t === null ? null : t * n.ratio;
        // without place numbers, each facility counts as one unit of supply
        const supply = places ?? r.facilities;
        const gap = required === null ? null : required - supply;
        rec(r, `bedarf_${n.key}`, required);
        rec(r, `versorgungsluecke_${n.key}`, gap);
        normOut[n.key] = { required, gap };
      }
      out.push({ code: r.code, name: r.name, facilities: r.facilities, places, services: r.services, perThousand, placesPer100, norms: normOut });
    }
    const report = await imports.importObservations(db, {
      file: `supply:${subject}:${input.layer}:${period}`, bytes: JSON.stringify({ input, period }), format: 'facilities-supply',
      read: { records, errors: [], warnings: [], rowsRead: records.length }, actor, dryRun: false, client, resolve: { layer: input.layer },
    });
    if (report.status !== 'committed') throw LernortError.fromProblem(report.errors[0] ?? { code: 'SUPPLY_REJECTED', de: 'Versorgungswerte abgelehnt.', en: 'Supply values rejected.' });
    return { layer: input.layer, period, subject, indicators: report.indicators, importId: report.id, rows: out };
  });
}

// ---- accessibility -----------------------------------------------------------------------------

export interface AccessibilityReport {
  indicator: string;
  layer: string;
  period: string;
  method: string;
  parameters: Record<string, unknown>;
  importId: number | null;
  supplyIsCount: boolean;
  unreachedFacilities: number;
  /** Σ P·A and Σ S over reached facilities: equal for 2SFCA/E2SFCA/gravity (METHODS §6). */
  invariant: { sumPA: number; sumS: number };
  rows: { code: string; name: string; population: number | null; access: number | null }[];
}

export function decayFor(input: Pick<AccessibilityInput, 'method' | 'cutoff' | 'decay' | 'steps' | 'beta'>): Decay {
  switch (input.method) {
    case '2sfca': return { kind: 'binary', cutoff: input.cutoff ?? 30 };
    case 'bfca': return input.steps ? { kind: 'steps', steps: input.steps } : { kind: 'binary', cutoff: input.cutoff ?? 30 };
    case 'e2sfca':
      return input.decay === 'gaussian' ? { kind: 'gaussian', cutoff: input.cutoff ?? 30 } : { kind: 'steps', steps: input.steps ?? E2SFCA_STEPS };
    case 'gravity': {
      const d: Decay = { kind: 'power', beta: input.beta ?? 1.5 };
      if (input.cutoff !== undefined) d.cutoff = input.cutoff;
      return d;
    }
  }
}

export function runAccess(method: AccessibilityInput['method'], decay: Decay, demand: { id: string; x: number; y: number; population: number }[], supply: { id: string; x: number; y: number; capacity: number }[], travel: { speedKmh: number; detour: number }): AccessResult {
  const input = { demand, supply, travel };
  if (method === '2sfca') return twoStepFca(input, { cutoff: (decay as { cutoff: number }).cutoff });
  if (method === 'bfca') return balancedFca(input, { decay });
  if (method === 'gravity') return gravity(input, { beta: (decay as { beta: number }).beta, cutoff: (decay as { cutoff?: number }).cutoff });
  return enhancedTwoStepFca(input, { decay });
}

/**
 * Accessibility of one facility type or domain per area: demand at area centroids (or a point on the
 * surface) with the residents of the period, supply at the facilities with their places (or 1 each
 * when no place numbers exist — then A is facilities per resident). Straight-line distances in the
 * projected CRS turned into minutes by speed and detour factor (no street network offline).
 * Stored as an indicator (×1,000: places per 1,000 residents) whose description lists the parameters;
 * it aggregates as a population-weighted mean.
 */
export async function computeAccessibility(db: Database, input: AccessibilityInput, actor: imports.Actor, projectedCrs: string): Promise<AccessibilityReport> {
  return withTransaction(db, async (client) => {
    await ensureTaxonomy(client);
    if (input.type) await requireType(client, input.type);
    if (input.domain) await requireDomain(client, input.domain);
    await areas.requireLayer(client, input.layer);
    const srid = areas.sridOf(projectedCrs);
    const period = input.period ?? (await latestPeriod(client, input.populationIndicator));
    const pts = await areas.areaPointsProjected(client, input.layer, srid, input.demandPoints);
    const pop = await valuesByArea(client, input.layer, input.populationIndicator, period);
    const fac = await repo.facilityPointsProjected(client, srid, input.type ?? null, input.domain ?? null);
    const supplyIsCount = fac.every((f) => f.capacity === null);
    const demand = pts.map((p) => ({ id: p.code, x: p.x, y: p.y, population: pop.get(p.id) ?? 0 }));
    const supply = fac.map((f) => ({ id: String(f.id), x: f.x, y: f.y, capacity: supplyIsCount ? 1 : (f.capacity ?? 0) }));
    const decay = decayFor(input);
    const result = runAccess(input.method, decay, demand, supply, { speedKmh: input.speedKmh, detour: input.detour });
    const subject = input.type ?? input.domain!;
    const key = `erreichbarkeit_${input.method}_${subject}`;
    const parameters = { method: input.method, decay, speedKmh: input.speedKmh, detour: input.detour, demandPoints: input.demandPoints, populationIndicator: input.populationIndicator, period, projectedCrs, supply: supplyIsCount ? 'facilities (1 each)' : 'places' };
    const label = input.type ? (await repo.listTypes(client)).find((t) => t.key === input.type)! : (await repo.listDomains(client)).find((d) => d.key === input.domain)!;
    const unitDe = supplyIsCount ? 'Einrichtungen je 1.000 EW' : 'Plätze je 1.000 EW';
    const unitEn = supplyIsCount ? 'facilities per 1,000 residents' : 'places per 1,000 residents';
    await indicators.saveIndicator(client, {
      key, name: `Erreichbarkeit (${input.method.toUpperCase()}): ${label.name_de}`, nameEn: `Accessibility (${input.method.toUpperCase()}): ${label.name_en}`,
      description: `Luftlinie × Umwegfaktor ${input.detour} bei ${input.speedKmh} km/h (kein Straßennetz); Parameter: ${JSON.stringify(parameters)}`,
      descriptionEn: `Straight line × detour factor ${input.detour} at ${input.speedKmh} km/h (no street network); parameters: ${JSON.stringify(parameters)}`,
      unit: unitDe, unitEn, topic: 'versorgung', polarity: 'higher_is_better', kind: 'mean', weight: input.populationIndicator, scale: 1, decimals: 3, suppressionK: 0,
      source: 'Lernort, METHODS.md §6',
    });
    const records: ObservationRecord[] = pts.map((p, i) => {
      const population = pop.get(p.id) ?? null;
      const value = population === null ? null : result.accessibility[i] * 1000;
      return { area: { code: p.code, name: p.name }, layer: input.layer, indicator: key, period, value, flags: value === null ? { missing: true } : {}, line: i + 1 };
    });
    const report = await imports.importObservations(db, {
      file: `access:${key}:${input.layer}:${period}`, bytes: JSON.stringify(parameters), format: 'facilities-access',
      read: { records, errors: [], warnings: [], rowsRead: records.length }, actor, dryRun: false, client, resolve: { layer: input.layer },
    });
    if (report.status !== 'committed') throw LernortError.fromProblem(report.errors[0] ?? { code: 'ACCESS_REJECTED', de: 'Erreichbarkeitswerte abgelehnt.', en: 'Accessibility values rejected.' });
    let sumPA = 0;
    demand.forEach((d, i) => (sumPA += d.population * result.accessibility[i]));
    const unreached = new Set(result.unreachedSupply);
    const sumS = supply.filter((s) => !unreached.has(s.id)).reduce((s, x) => s + x.capacity, 0);
    return {
      indicator: key, layer: input.layer, period, method: input.method, parameters, importId: report.id, supplyIsCount, unreachedFacilities: unreached.size,
      invariant: { sumPA, sumS },
      rows: pts.map((p, i) => ({ code: p.code, name: p.name, population: pop.get(p.id) ?? null, access: records[i].value })),
    };
  });
}

// ---- export ------------------------------------------------------------------------------------

/**
 * The registry as Open Referral HSDS-compatible JSON (3.0 field names): organizations, services,
 * locations and service_at_locations, plus service_areas. Ids are prefixed to stay unique.
 */
export async function exportHsds(q: Queryable) {
  const orgs = await organisations.listRows(q);
  const facs = await facilityRows(q);
  const svcs = await serviceRows(q);
  const typeNames = new Map((await repo.listTypes(q)).map((t) => [t.key, t.name_de]));
  return {
    organizations: orgs.map((o) => ({ id: `org-${o.id}`, name: o.name, description: o.kind === 'public' ? 'öffentlicher Träger' : 'freier Träger', legal_status: o.legal_form, website: o.url, email: (o.contact as Record<string, string>).email ?? null, phones: (o.contact as Record<string, string>).phone ? [{ number: (o.contact as Record<string, string>).phone }] : [] })),
    locations: facs.map((f) => ({
      id: `loc-${f.id}`, organization_id: f.organisation_id === null ? null : `org-${f.organisation_id}`, name: f.name, location_type: 'physical',
      description: typeNames.get(f.type_key) ?? f.type_key, latitude: f.lat, longitude: f.lon,
      addresses: [{ address_1: f.address.full ?? [f.address.street, f.address.houseNumber].filter(Boolean).join(' '), city: f.address.city ?? null, postal_code: f.address.postcode ?? null, country: 'DE', address_type: 'physical' }],
      accessibility: f.accessibility ? [{ description: f.accessibility }] : [],
      x_type: f.type_key, x_areas: f.areas ?? {}, x_status: f.status, x_location_status: f.location_status,
    })),
    services: svcs.map((s) => ({
      id: `svc-${s.id}`, organization_id: s.organisation_id === null ? null : `org-${s.organisation_id}`, name: s.name, description: s.description, status: s.status,
      minimum_age: s.age_min, maximum_age: s.age_max, capacities: s.capacity === null ? [] : [{ maximum: s.capacity, unit: { name: s.capacity_unit ?? 'Plätze' }, updated: s.capacity_as_of }],
      funding: s.funding_source ? [{ source: s.funding_source }] : [], x_domain: s.domain_key,
      service_areas: (s.service_areas ?? []).map((a) => ({ name: a.name, extent_type: 'area', x_layer: a.layer, x_code: a.code })),
    })),
    service_at_locations: svcs.flatMap((s) => (s.facility_ids ?? []).map((fid) => ({ id: `sal-${s.id}-${fid}`, service_id: `svc-${s.id}`, location_id: `loc-${fid}` }))),
    schedules: svcs.flatMap((s) => (Array.isArray(s.schedule) ? s.schedule : []).map((e: { weekday: number; opens: string; closes: string }, i: number) => ({ id: `sch-${s.id}-${i}`, service_id: `svc-${s.id}`, byday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][e.weekday - 1], opens_at: e.opens, closes_at: e.closes, freq: 'WEEKLY' }))),
  };
}

/** One row per facility, German or international CSV. */
export async function exportFacilitiesCsv(q: Queryable, dialect: 'de' | 'intl', filter: repo.FacilityFilter = {}): Promise<string> {
  const rows = await listFacilities(q, filter);
  const layers = [...new Set(rows.flatMap((f) => Object.keys(f.areas)))].sort();
  const header = ['id', 'name', 'type', 'organisation', 'address', 'postcode', 'lon', 'lat', 'location_status', 'status', 'capacity', 'domains', ...layers.map((l) => `area_${l}`), 'external_id'];
  return writeCsv(header, rows.map((f) => [
    f.id, f.name, f.type, f.organisation, f.address.full ?? [f.address.street, f.address.houseNumber].filter(Boolean).join(' '), f.address.postcode ?? '',
    f.lon, f.lat, f.locationStatus, f.status, f.capacity, f.domains.join('|'), ...layers.map((l) => f.areas[l] ?? ''), f.externalId,
  ]), dialect);
}

// ---- Träger of facilities ----------------------------------------------------------------------

/**
 * Attaches facilities to an organisation and detaches others from it, in one transaction; the
 * facilities' organisation before and after goes to the audit log. The caller has checked that the
 * organisation exists (organisations module).
 */
export async function attachToOrganisation(db: Database, organisationId: number, change: { attach: number[]; detach: number[] }, actor: AuditActor) {
  return withTransaction(db, async (client) => {
    const wanted = [...new Set([...change.attach, ...change.detach])];
    const before = await repo.organisationsOfFacilities(client, wanted);
    const missing = wanted.filter((id) => !before.some((b) => b.id === id));
    if (missing.length > 0) {
      throw new LernortError('FACILITY_NOT_FOUND', `Einrichtung(en) nicht gefunden: ${missing.join(', ')}.`, `Facility/facilities not found: ${missing.join(', ')}.`, { status: 404, location: { field: 'attach' } });
    }
    // Only this organisation's facilities are detached; another Träger's stay untouched.
    const { attached, detached } = await repo.setFacilitiesOrganisation(client, organisationId, change.attach, change.detach.filter((id) => !change.attach.includes(id)));
    const facilityIds = await repo.facilityIdsOf(client, organisationId);
    await auditRecord(client, {
      actor, action: 'attach-facilities', entity: 'organisation', entityId: String(organisationId),
      before: before.map((b) => ({ facilityId: b.id, organisationId: b.organisation_id })),
      after: { attach: change.attach, detach: change.detach, attached, detached },
    });
    return { organisationId, attached, detached, facilityIds };
  });
}

// ---- organisation scope (providers) -------------------------------------------------------------

/** Where a facility or offer belongs, for the access module's row rules (undefined: no such row). */
export async function rowScope(q: Queryable, kind: 'facility' | 'service', id: number): Promise<RowScope | undefined> {
  const org = await repo.organisationOf(q, kind, id);
  if (org === undefined) return undefined;
  return { organisationIds: org === null ? [] : [org], planningAreas: [] };
}

/** A provider creates and edits records of its own organisation only. */
export function assertOwnInput(user: SessionUser, organisationId: number | null | undefined): void {
  const scope = organisationScope(user.role, user.scope);
  if (scope === null) return;
  if (scope === 'none' || organisationId !== scope) {
    throw new LernortError('SCOPE_ORGANISATION', 'Sie können nur Einträge Ihres eigenen Trägers bearbeiten.', 'You can only edit records of your own organisation.', { status: 403, location: { field: 'organisationId' } });
  }
}

// ---- for other modules (issue 17 §3: their SQL no longer names facilities) ---------------------

/** id → name and organisation of the given facilities; unknown ids are left out. */
export async function facilityNamesOf(q: Queryable, ids: (number | null)[]): Promise<Map<number, { name: string; organisationId: number | null }>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  return new Map((await repo.facilityNamesByIds(q, wanted)).map((f) => [f.id, { name: f.name, organisationId: f.organisation_id }]));
}

/** Whether a facility with this id exists. */
export const facilityExists = async (q: Queryable, id: number) => (await repo.facilityNamesByIds(q, [id])).length > 0;

// ---- for undoing an area import (issue 17 §3): run in the caller's transaction (pass its client)

/** How many service areas (offers' catchments) lie on the given areas. */
export const serviceAreasOn = (q: Queryable, areaIds: number[]) => repo.serviceAreasOn(q, areaIds);
/** Removes the facilities' assignments to a layer (derived; re-made on every area import). */
export const deleteAssignmentsOfLayer = (q: Queryable, layerId: number) => repo.deleteAssignmentsOfLayer(q, layerId);
