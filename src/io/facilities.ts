// Facility lists in, one record per facility out: CSV (the one CSV reader), XLSX (exceljs), JSON arrays,
// GeoJSON points and Turtle registries, all through the same column mapping. Coordinates in any CRS
// proj4 knows end up as lon/lat (EPSG:4326); swapped axes and projected values declared as lon/lat
// are detected and reported, never guessed. A record without coordinates is kept and flagged
// (locationStatus 'missing'); a bad capacity or coordinate rejects the file (all-or-nothing).
import type { Problem } from '../core/errors.ts';
import { readCsv } from './csv.ts';
import { GERMANY_BOUNDS, resolveCrs } from './crs.ts';
import { decodeJsonBytes, parseJsonText, parseJsonWithLines } from './json-text.ts';
import { detectDecimalSeparator, parseGermanNumber, type DecimalSeparator } from './numbers.ts';
import { readTurtle, RDF_TYPE } from './turtle.ts';
import type { LonLatBounds, ReadResult } from './types.ts';

export type FacilityFormat = 'csv' | 'xlsx' | 'json' | 'geojson' | 'turtle';

/**
 * Which source field holds what. Values are column names (CSV/XLSX), dot paths (JSON, GeoJSON
 * properties: "address.full"), or predicate local names / IRIs (Turtle: "label", "hasSchulId").
 */
export interface FacilityMapping {
  name: string;
  /** Field with the facility type; mapped through typeMap. */
  type?: string;
  /**
   * Source value → facility type key. For multi-valued fields (Turtle rdf:type) the first entry of
   * typeMap (in its order) that the record has wins, so put the most specific class first.
   */
  typeMap?: Record<string, string>;
  externalId?: string;
  lon?: string;
  lat?: string;
  x?: string;
  y?: string;
  /** CRS of x/y or lon/lat ("EPSG:25833", proj4 string, WKT). Default EPSG:4326 (lon/lat). */
  crs?: string;
  /** The file has lat in the lon column and vice versa: swap before anything else. */
  swapAxes?: boolean;
  capacity?: string;
  address?: string;
  street?: string;
  houseNumber?: string;
  postcode?: string;
  city?: string;
  district?: string;
  organisation?: string;
  accessibility?: string;
  status?: string;
  ageMin?: string;
  ageMax?: string;
  domain?: string;
  /** Decimal separator of text cells; detected from the coordinate and capacity cells when unset. */
  decimal?: DecimalSeparator;
  /** Turtle: keep only subjects with one of these classes (local names); default the keys of typeMap. */
  rowTypes?: string[];
}

export interface FacilityRecord {
  line: number;
  externalId: string | null;
  name: string;
  /** Raw type value(s) from the file (mapped to a key by the service). */
  typeValues: string[];
  /** EPSG:4326; null when the file has no coordinates for this record. */
  lon: number | null;
  lat: number | null;
  capacity: number | null;
  address: Record<string, string>;
  organisation: string | null;
  accessibility: string | null;
  status: string | null;
  ageMin: number | null;
  ageMax: number | null;
  domain: string | null;
}

export interface FacilityReadOptions {
  format?: FacilityFormat;
  mapping: FacilityMapping;
  /** Where the deployment lies (lon/lat); default Germany. null switches the check off. */
  expectedBounds?: LonLatBounds | null;
}

export interface FacilityReadResult extends ReadResult<FacilityRecord> {
  format: FacilityFormat;
  detectedCrs: string;
  axesSwapped: boolean;
  missingCoordinates: number;
}

type Cell = string | number | null | undefined | string[];
interface SourceRow { line: number; get(field: string): Cell }

export function detectFacilityFormat(file: string, bytes: Uint8Array): FacilityFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.ttl')) return 'turtle';
  if (lower.endsWith('.geojson')) return 'geojson';
  if (lower.endsWith('.json')) {
    const head = new TextDecoder().decode(bytes.slice(0, 2000));
    return /"type"\s*:\s*"FeatureCollection"/.test(head) ? 'geojson' : 'json';
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  return 'csv';
}

/** Reads a facility file; async because XLSX is. */
export async function readFacilityFile(bytes: Uint8Array, file: string, opts: FacilityReadOptions): Promise<FacilityReadResult> {
  const format = opts.format ?? detectFacilityFormat(file, bytes);
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  let rows: SourceRow[] = [];
  let fileCrs: string | undefined;
  let decimal = opts.mapping.decimal;
  let geometryXY: Map<number, [number, number]> | undefined;
  if (format === 'csv') {
    const csv = readCsv(bytes, file);
    errors.push(...csv.errors);
    warnings.push(...csv.warnings);
    const index = new Map(csv.header.map((h, i) => [h, i]));
    rows = csv.rows.map((r) => ({ line: r.line, get: (f) => { const i = index.get(f); return i === undefined ? undefined : r.cells[i]; } }));
    checkColumns(opts.mapping, new Set(csv.header), file, csv.headerLine, errors);
    if (!decimal) decimal = csv.delimiter === ',' ? '.' : detectDecimalSeparator(numericCells(rows, opts.mapping));
  } else if (format === 'xlsx') {
    const sheet = await readXlsx(bytes, file, errors);
    const index = new Map(sheet.header.map((h, i) => [h, i]));
    rows = sheet.rows.map((r) => ({ line: r.line, get: (f) => { const i = index.get(f); return i === undefined ? undefined : r.cells[i]; } }));
    checkColumns(opts.mapping, new Set(sheet.header), file, 1, errors);
    if (!decimal) decimal = detectDecimalSeparator(numericCells(rows, opts.mapping));
  } else if (format === 'json' || format === 'geojson') {
    const text = decodeJsonBytes(bytes, file, warnings, 'FACILITY');
    const parsed = parseJsonText(text, file, 'FACILITY_JSON_INVALID');
    if (parsed.error) errors.push(parsed.error);
    else {
      const { value, lines } = parseJsonWithLines(text);
      let items: unknown[] = [];
      if (format === 'geojson') {
        const fc = value as { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } } };
        if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
          errors.push({ code: 'FACILITY_GEOJSON_INVALID', de: 'Keine GeoJSON-FeatureCollection.', en: 'Not a GeoJSON FeatureCollection.', file });
        } else {
          items = fc.features;
          fileCrs = fc.crs?.properties?.name;
          geometryXY = new Map();
        }
      } else if (Array.isArray(value)) items = value;
      else errors.push({ code: 'FACILITY_JSON_INVALID', de: 'Erwartet wird eine JSON-Liste von Einrichtungen.', en: 'Expected a JSON array of facilities.', file });
      rows = items.map((item, k) => {
        const obj = (item ?? {}) as Record<string, unknown>;
        const line = lines.get(obj) ?? k + 1;
        if (geometryXY) {
          const g = obj.geometry as { type?: string; coordinates?: unknown } | null;
          if (g && g.type === 'Point' && Array.isArray(g.coordinates) && typeof g.coordinates[0] === 'number' && typeof g.coordinates[1] === 'number') {
            geometryXY.set(line, [g.coordinates[0], g.coordinates[1]]);
          } else if (g && g.type !== 'Point') {
            errors.push({ code: 'FACILITY_GEOMETRY_NOT_POINT', de: `Einrichtungen brauchen Punkte, nicht ${g.type}.`, en: `Facilities need points, not ${g.type}.`, file, line, field: 'geometry' });
          }
        }
        const props = geometryXY ? ((obj.properties ?? {}) as Record<string, unknown>) : obj;
        return { line, get: (f) => jsonCell(props, f) };
      });
    }
  } else {
    const text = decodeJsonBytes(bytes, file, warnings, 'FACILITY');
    const ttl = readTurtle(text, file);
    errors.push(...ttl.errors);
    warnings.push(...ttl.warnings);
    const wanted = new Set(opts.mapping.rowTypes ?? Object.keys(opts.mapping.typeMap ?? {}));
    const local = (iri: string) => iri.replace(/^.*[/#]/, '');
    for (const s of ttl.subjects) {
      const types = (s.props.get(RDF_TYPE) ?? []).map(local);
      if (wanted.size > 0 && !types.some((t) => wanted.has(t))) continue;
      rows.push({
        line: s.line,
        get: (f) => {
          if (f === '@id') return s.iri;
          if (f === '@type' || f === 'a') return types;
          const direct = s.props.get(f);
          if (direct) return direct.length === 1 ? direct[0] : direct;
          for (const [p, v] of s.props) if (local(p) === f) return v.length === 1 ? v[0] : v;
          return undefined;
        },
      });
    }
  }

  // JSON and Turtle write numbers the machine way, also when they quote them ("12.38")
  if (!decimal) decimal = '.';
  const m = opts.mapping;
  const crsName = m.crs ?? (m.x ? undefined : fileCrs) ?? 'EPSG:4326';
  const crs = resolveCrs(crsName);
  if (!crs) errors.push({ code: 'CRS_UNKNOWN', de: `Koordinatensystem „${crsName}“ ist unbekannt.`, en: `Unknown coordinate reference system "${crsName}".`, file, field: 'crs', value: crsName });
  if (m.x && !m.crs) errors.push({ code: 'CRS_MISSING', de: 'Für x/y-Koordinaten muss das Koordinatensystem („crs“) angegeben werden.', en: 'x/y coordinates need their coordinate reference system ("crs").', file, field: 'crs' });
  const bounds = opts.expectedBounds === undefined ? GERMANY_BOUNDS : opts.expectedBounds;
  const inBounds = (lon: number, lat: number) => !bounds || (lon >= bounds[0] && lon <= bounds[2] && lat >= bounds[1] && lat <= bounds[3]);
  const xField = m.x ?? m.lon;
  const yField = m.y ?? m.lat;

  const records: FacilityRecord[] = [];
  const seenIds = new Map<string, number>();
  let missingCoordinates = 0;
  const pending: { rec: FacilityRecord; xy: [number, number] | null }[] = [];
  for (const row of rows) {
    const rowErrors: Problem[] = [];
    const num = (field: string | undefined, what: string): number | null => {
      if (!field) return null;
      const raw = row.get(field);
      if (raw === undefined || raw === null) return null;
      if (typeof raw === 'number') return raw;
      const text = Array.isArray(raw) ? raw[0] : raw;
      const p = parseGermanNumber(text, { decimal: decimal ?? ',' });
      if (p.kind === 'missing') return null;
      if (p.kind === 'invalid') {
        rowErrors.push({ code: `FACILITY_${what}_INVALID`, de: `„${text}“ ist keine Zahl (${field}).`, en: `"${text}" is not a number (${field}).`, file, line: row.line, field, value: text });
        return null;
      }
      return p.value;
    };
    const str = (field: string | undefined): string | null => {
      if (!field) return null;
      const v = row.get(field);
      if (v === undefined || v === null) return null;
      const s = (Array.isArray(v) ? v[0] : String(v)).trim();
      return s === '' ? null : s;
    };
    const name = str(m.name);
    if (!name) rowErrors.push({ code: 'FACILITY_NAME_MISSING', de: 'Name der Einrichtung fehlt.', en: 'Facility name missing.', file, line: row.line, field: m.name });
    const capacity = num(m.capacity, 'CAPACITY');
    if (capacity !== null && (capacity < 0 || !Number.isFinite(capacity))) {
      rowErrors.push({ code: 'FACILITY_CAPACITY_INVALID', de: `Kapazität ${capacity} ist negativ.`, en: `Capacity ${capacity} is negative.`, file, line: row.line, field: m.capacity, value: String(capacity) });
    }
    let xy: [number, number] | null = null;
    const gx = geometryXY?.get(row.line);
    if (xField && yField) {
      const x = num(xField, 'COORDINATE');
      const y = num(yField, 'COORDINATE');
      if (x !== null && y !== null) xy = [x, y];
    } else if (gx) xy = gx;
    const typeRaw = m.type ? row.get(m.type) : undefined;
    const typeValues = typeRaw === undefined || typeRaw === null ? [] : Array.isArray(typeRaw) ? typeRaw : [String(typeRaw).trim()];
    const address: Record<string, string> = {};
    for (const k of ['address', 'street', 'houseNumber', 'postcode', 'city', 'district'] as const) {
      const v = str(m[k]);
      if (v !== null) address[k === 'address' ? 'full' : k] = v;
    }
    let externalId = str(m.externalId);
    if (externalId === null && name) externalId = name;
    if (externalId !== null) {
      const first = seenIds.get(externalId);
      if (first !== undefined) rowErrors.push({ code: 'FACILITY_DUPLICATE_ROW', de: `Einrichtung „${externalId}“ doppelt (zuerst in Zeile ${first}).`, en: `Facility "${externalId}" appears twice (first on line ${first}).`, file, line: row.line, field: m.externalId ?? m.name, value: externalId });
      else seenIds.set(externalId, row.line);
    }
    const ageMin = num(m.ageMin, 'AGE');
    const ageMax = num(m.ageMax, 'AGE');
    if (ageMin !== null && ageMax !== null && ageMin > ageMax) {
      rowErrors.push({ code: 'FACILITY_AGE_INVALID', de: `Mindestalter ${ageMin} über Höchstalter ${ageMax}.`, en: `Minimum age ${ageMin} above maximum age ${ageMax}.`, file, line: row.line, field: m.ageMin });
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const rec: FacilityRecord = {
      line: row.line, externalId, name: name!, typeValues, lon: null, lat: null, capacity, address,
      organisation: str(m.organisation), accessibility: str(m.accessibility), status: str(m.status), ageMin, ageMax, domain: str(m.domain),
    };
    pending.push({ rec, xy });
    records.push(rec);
  }

  // Coordinates: swap on request, reproject, then check the axes over the whole file.
  let axesSwapped = false;
  if (crs) {
    let swappedLooksRight = 0;
    const converted: { rec: FacilityRecord; ll: [number, number]; xy: [number, number] }[] = [];
    for (const { rec, xy } of pending) {
      if (!xy) continue;
      const src: [number, number] = m.swapAxes ? [xy[1], xy[0]] : xy;
      let ll: [number, number];
      try {
        ll = crs.toWgs84 ? crs.toWgs84(src) : src;
      } catch {
        ll = [NaN, NaN];
      }
      converted.push({ rec, ll, xy: src });
      if (!inBounds(ll[0], ll[1]) && crs.geographic && inBounds(ll[1], ll[0])) swappedLooksRight++;
    }
    axesSwapped = !!m.swapAxes;
    if (swappedLooksRight > 0 && swappedLooksRight * 2 >= converted.length) {
      errors.push({
        code: 'FACILITY_AXES_SWAPPED',
        de: `Die Koordinaten stehen offenbar als [Breite, Länge] statt [Länge, Breite] (${swappedLooksRight} von ${converted.length} Punkten). Bitte „swapAxes: true“ setzen oder die Spalten lon/lat tauschen.`,
        en: `The coordinates appear to be [lat, lon] instead of [lon, lat] (${swappedLooksRight} of ${converted.length} points). Set "swapAxes: true" or swap the lon/lat columns.`,
        file, field: xField,
      });
    } else {
      for (const { rec, ll, xy } of converted) {
        if (inBounds(ll[0], ll[1]) && Number.isFinite(ll[0]) && Number.isFinite(ll[1])) {
          rec.lon = ll[0];
          rec.lat = ll[1];
          continue;
        }
        const projected = crs.geographic && (Math.abs(xy[0]) > 180 || Math.abs(xy[1]) > 90);
        errors.push({
          code: projected ? 'FACILITY_CRS_MISMATCH' : 'FACILITY_COORDINATES_OUT_OF_BOUNDS',
          de: projected
            ? `Koordinaten (${xy[0]}, ${xy[1]}) sind keine Längen/Breiten, sondern wohl projiziert (Meter): bitte x/y und „crs“ (z. B. EPSG:25833) angeben.`
            : `Koordinaten (${xy[0]}, ${xy[1]}) liegen außerhalb des erwarteten Gebiets (${crs.label}).`,
          en: projected
            ? `Coordinates (${xy[0]}, ${xy[1]}) are not lon/lat but apparently projected (metres): map x/y and give "crs" (e.g. EPSG:25833).`
            : `Coordinates (${xy[0]}, ${xy[1]}) lie outside the expected region (${crs.label}).`,
          file, line: rec.line, field: xField, value: `${xy[0]}, ${xy[1]}`,
        });
      }
    }
  }
  for (const rec of records) {
    if (rec.lon === null) {
      missingCoordinates++;
      warnings.push({ code: 'FACILITY_LOCATION_MISSING', de: `„${rec.name}“ hat keine Koordinaten: übernommen und als „ohne Lage“ markiert.`, en: `"${rec.name}" has no coordinates: kept and flagged as "location missing".`, file, line: rec.line, field: xField });
    }
  }
  return { records, errors, warnings, rowsRead: rows.length, format, detectedCrs: crs?.label ?? crsName, axesSwapped, missingCoordinates };
}

function checkColumns(m: FacilityMapping, header: Set<string>, file: string, line: number, errors: Problem[]): void {
  const fields: (keyof FacilityMapping)[] = ['name', 'type', 'externalId', 'lon', 'lat', 'x', 'y', 'capacity', 'address', 'street', 'houseNumber', 'postcode', 'city', 'district', 'organisation', 'accessibility', 'status', 'ageMin', 'ageMax', 'domain'];
  for (const f of fields) {
    const col = m[f];
    if (typeof col === 'string' && !header.has(col)) {
      errors.push({ code: 'FACILITY_COLUMN_MISSING', de: `Spalte „${col}“ (für ${f}) fehlt; vorhanden: ${[...header].join(', ')}.`, en: `Column "${col}" (for ${f}) is missing; found: ${[...header].join(', ')}.`, file, line, field: f, value: col });
    }
  }
}

function numericCells(rows: SourceRow[], m: FacilityMapping): string[] {
  const cells: string[] = [];
  for (const f of [m.lon, m.lat, m.x, m.y, m.capacity]) {
    if (!f) continue;
    for (const r of rows) {
      const v = r.get(f);
      if (typeof v === 'string') cells.push(v);
    }
  }
  return cells;
}

function jsonCell(obj: Record<string, unknown>, path: string): Cell {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return cur as null | undefined;
  if (typeof cur === 'number' || typeof cur === 'string') return cur;
  if (Array.isArray(cur)) return cur.map(String);
  return String(cur);
}

/** First worksheet: header row plus rows of typed cells (numbers stay numbers). */
async function readXlsx(bytes: Uint8Array, file: string, errors: Problem[]): Promise<{ header: string[]; rows: { line: number; cells: Cell[] }[] }> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    errors.push({ code: 'XLSX_INVALID', de: `Die Excel-Datei ist nicht lesbar: ${(e as Error).message}`, en: `The Excel file cannot be read: ${(e as Error).message}`, file });
    return { header: [], rows: [] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { header: [], rows: [] };
  const cellValue = (v: unknown): Cell => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number' || typeof v === 'string') return v;
    if (typeof v === 'boolean') return String(v);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string };
    if (o.result !== undefined) return cellValue(o.result);
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.text !== undefined) return String(o.text);
    return String(v);
  };
  let header: string[] = [];
  const rows: { line: number; cells: Cell[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = (row.values as unknown[]).slice(1).map(cellValue);
    if (header.length === 0) header = values.map((v) => String(v ?? '').trim());
    else rows.push({ line: rowNumber, cells: values });
  });
  return { header, rows };
}
