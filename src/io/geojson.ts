// GeoJSON areas in, EPSG:4326 MultiPolygons out. The reader finds the CRS, reprojects with proj4,
// detects swapped axes and coordinates in the wrong CRS, and checks codes, names and rings. It never
// repairs silently: every change it makes (closing a ring) is a warning, every doubt an error.
import type { Position } from 'geojson';
import type { Problem } from '../core/errors.ts';
import type { AreaFeatureRecord, GeoReadOptions, GeoReadResult, LonLatBounds } from './types.ts';
import { GERMANY_BOUNDS, parseCrsName, resolveCrs, SUPPORTED_CRS, type CrsInfo } from './crs.ts';
import { decodeJsonBytes, parseJsonText, parseJsonWithLines } from './json-text.ts';
import { checkRings, ringSelfIntersects } from './rings.ts';

export { GERMANY_BOUNDS, SUPPORTED_CRS, parseCrsName, resolveCrs, type CrsInfo } from './crs.ts';
export { decodeJsonBytes, parseJsonText, parseJsonWithLines } from './json-text.ts';
export { ringSelfIntersects } from './rings.ts';

const CODE_KEYS = ['code', 'kennziffer', 'schluessel', 'schlüssel', 'ags', 'ars', 'key', 'ot', 'sbz', 'area_id', 'gebiet_id', 'nr', 'nummer', 'id'];
const NAME_KEYS = ['name', 'bezeichnung', 'title', 'titel', 'area_name', 'gebiet', 'label', 'ortsteil', 'stadtteil', 'stadtbezirk'];

function findKey(props: Record<string, unknown>, wanted: string[]): string | undefined {
  const keys = Object.keys(props);
  for (const w of wanted) {
    const k = keys.find((key) => key.toLowerCase() === w);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** Reads a GeoJSON FeatureCollection (or a single Feature) of areas. */
export function readGeoJson(input: Uint8Array | string, file: string, opts: GeoReadOptions = {}): GeoReadResult {
  const warnings: Problem[] = [];
  const text = decodeJsonBytes(input, file, warnings, 'GEO');
  const parsed = parseJsonText(text, file, 'GEO_JSON_INVALID');
  if (parsed.error) return emptyResult([parsed.error], warnings, 'CRS84');
  const doc = parsed.value as { type?: unknown; crs?: unknown; features?: unknown } | null;
  let features: unknown[];
  if (doc && doc.type === 'FeatureCollection' && Array.isArray(doc.features)) features = doc.features;
  else if (doc && doc.type === 'Feature') features = [doc];
  else {
    return emptyResult(
      [
        {
          code: 'GEO_NOT_FEATURE_COLLECTION',
          de: 'Die Datei ist keine GeoJSON-FeatureCollection (erwartet: {"type": "FeatureCollection", "features": [...]}).',
          en: 'The file is not a GeoJSON FeatureCollection (expected {"type": "FeatureCollection", "features": [...]}).',
          file,
        },
      ],
      warnings,
      'CRS84',
    );
  }
  const declared = declaredCrs(doc.crs);
  return readFeatures(features, file, opts, { declared, warnings });
}

/** The CRS a GeoJSON `crs` member names (2008 spec: {type:"name"|"EPSG", properties:{name|code}}). */
function declaredCrs(crs: unknown): string | undefined {
  if (!crs || typeof crs !== 'object') return undefined;
  const c = crs as { type?: unknown; properties?: { name?: unknown; code?: unknown } };
  if (typeof c.properties?.name === 'string') return c.properties.name;
  if (c.type === 'EPSG' && c.properties?.code !== undefined) return `EPSG:${String(c.properties.code)}`;
  return undefined;
}

function emptyResult(errors: Problem[], warnings: Problem[], detectedCrs: string): GeoReadResult {
  return { records: [], errors, warnings, rowsRead: 0, detectedCrs, axesSwapped: false };
}

interface RawFeature {
  index: number;
  properties: Record<string, unknown>;
  /** MultiPolygon coordinates, 2D, in the source CRS (axes already swapped on request). */
  coords: Position[][][];
}

/**
 * The shared part of the GeoJSON and shapefile readers: features (parsed GeoJSON objects) in their
 * source CRS → AreaFeatureRecords in EPSG:4326.
 */
export function readFeatures(
  features: unknown[],
  file: string,
  opts: GeoReadOptions,
  ctx: { declared?: string; declaredLabel?: string; warnings?: Problem[] },
): GeoReadResult {
  const errors: Problem[] = [];
  const warnings = ctx.warnings ?? [];
  const swap = opts.swapAxes === true;

  // 1. CRS: an explicit option beats the file; the default is CRS84 (RFC 7946).
  const crsName = opts.sourceCrs ?? ctx.declared ?? 'CRS84';
  if (opts.sourceCrs !== undefined && ctx.declared !== undefined && parseCrsName(opts.sourceCrs) !== parseCrsName(ctx.declared)) {
    const decl = ctx.declaredLabel ?? ctx.declared;
    warnings.push({
      code: 'GEO_CRS_OVERRIDDEN',
      de: `Die Datei gibt das Koordinatensystem „${decl}“ an; auf Wunsch wurde „${opts.sourceCrs}“ verwendet.`,
      en: `The file declares the CRS "${decl}"; "${opts.sourceCrs}" was used as requested.`,
      file,
      value: decl,
    });
  }
  const crs = resolveCrs(crsName);
  if (!crs) {
    return emptyResult(
      [
        {
          code: 'GEO_CRS_UNKNOWN',
          de: `Das Koordinatensystem „${crsName}“ ist unbekannt. Bekannt sind ${SUPPORTED_CRS.join(', ')}; andere als proj4-Zeichenkette oder WKT in der Option Quell-KBS angeben.`,
          en: `The coordinate reference system "${crsName}" is unknown. Known: ${SUPPORTED_CRS.join(', ')}; give others as a proj4 string or WKT in the option sourceCrs.`,
          file,
          value: crsName,
        },
      ],
      warnings,
      crsName,
    );
  }
  const detectedCrs = ctx.declaredLabel && opts.sourceCrs === undefined ? ctx.declaredLabel : crs.label;

  // 2. Structure and geometry type of every feature.
  const raw: RawFeature[] = [];
  features.forEach((f, index) => {
    const line = index + 1;
    const feature = f as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      errors.push({ code: 'GEO_NOT_A_FEATURE', de: `Element ${line} ist kein GeoJSON-Feature.`, en: `Element ${line} is not a GeoJSON Feature.`, file, line });
      return;
    }
    const properties = (feature.properties && typeof feature.properties === 'object' ? feature.properties : {}) as Record<string, unknown>;
    const geom = feature.geometry as { type?: unknown; coordinates?: unknown } | null;
    if (!geom) {
      errors.push({ code: 'GEO_GEOMETRY_MISSING', de: `Feature ${line} hat keine Geometrie.`, en: `Feature ${line} has no geometry.`, file, line, field: 'geometry' });
      return;
    }
    if (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon') {
      const t = String(geom.type);
      errors.push({
        code: 'GEO_GEOMETRY_TYPE',
        de: `Feature ${line} hat die Geometrie „${t}“; Gebiete müssen Polygon oder MultiPolygon sein.`,
        en: `Feature ${line} has geometry type "${t}"; areas must be Polygon or MultiPolygon.`,
        file,
        line,
        field: 'geometry.type',
        value: t,
      });
      return;
    }
    const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
    const coords = toCoords(polys, swap);
    if (!coords) {
      errors.push({
        code: 'GEO_COORDINATES_INVALID',
        de: `Feature ${line}: die Koordinaten sind keine gültige ${geom.type}-Struktur aus endlichen Zahlen.`,
        en: `Feature ${line}: the coordinates are not a valid ${geom.type} structure of finite numbers.`,
        file,
        line,
        field: 'geometry.coordinates',
      });
      return;
    }
    raw.push({ index, properties, coords });
  });

  // 3. Where do the coordinates lie? Catches swapped axes and projected numbers read as degrees.
  const fatal = checkPlacement(raw, crs, opts, file, detectedCrs);
  if (fatal.error) return { ...emptyResult([...errors, fatal.error], warnings, detectedCrs), rowsRead: features.length };
  if (fatal.warning) warnings.push(fatal.warning);

  // 4. Code, name, parent, rings.
  // Properties are looked for in the first feature that has any, even if its geometry was rejected.
  const first =
    (features.map((f) => (f as { properties?: unknown } | null)?.properties).find((p) => p && typeof p === 'object' && Object.keys(p).length > 0) as
      | Record<string, unknown>
      | undefined) ?? {};
  const codeFromName = opts.codeFromName !== undefined ? new RegExp(opts.codeFromName, 'u') : undefined;
  const nameProperty = opts.nameProperty ?? findKey(first, NAME_KEYS);
  const codeProperty = opts.codeProperty ?? (codeFromName ? undefined : findKey(first, CODE_KEYS.filter((k) => k !== nameProperty?.toLowerCase())));
  const available = Object.keys(first).join(', ') || '–';
  // No name anywhere (a national layer with ARS only): the code is the name, and the report says so.
  const nameFromCode = nameProperty === undefined && codeProperty !== undefined;
  if (nameFromCode) {
    warnings.push({
      code: 'GEO_NAME_FROM_CODE',
      de: `Keine Eigenschaft für den Gebietsnamen gefunden (vorhanden: ${available}); der Gebietsschlüssel („${codeProperty}“) wird als Name verwendet. Mit der Option nameProperty lässt sich ein Name wählen.`,
      en: `No property for the area name found (available: ${available}); the area code ("${codeProperty}") is used as the name. Set the option nameProperty to choose a name.`,
      file, field: 'nameProperty',
    });
  }
  if ((nameProperty === undefined && !nameFromCode) || (codeProperty === undefined && !codeFromName)) {
    const which = codeProperty === undefined && !codeFromName ? 'code' : 'name';
    errors.push({
      code: which === 'name' ? 'GEO_NAME_PROPERTY_UNKNOWN' : 'GEO_CODE_PROPERTY_UNKNOWN',
      de: `Keine Eigenschaft für den Gebiets${which === 'name' ? 'namen' : 'schlüssel'} gefunden. Vorhandene Eigenschaften: ${available}. Bitte die Option ${which}Property angeben.`,
      en: `No property for the area ${which} found. Available properties: ${available}. Please set the option ${which}Property.`,
      file,
    });
    return { ...emptyResult(errors, warnings, detectedCrs), rowsRead: features.length };
  }

  const records: AreaFeatureRecord[] = [];
  const firstLineOfCode = new Map<string, number>();
  for (const rf of raw) {
    const line = rf.index + 1;
    const nameRaw = rf.properties[nameProperty ?? codeProperty!];
    let name = typeof nameRaw === 'string' || typeof nameRaw === 'number' ? String(nameRaw).trim() : '';
    let code: string | undefined;
    if (codeFromName) {
      const m = codeFromName.exec(name);
      code = (m?.groups?.code ?? m?.[1])?.trim();
      if (m && code) name = (m.groups?.name ?? name.slice(0, m.index) + name.slice(m.index + m[0].length)).trim();
    } else {
      const codeRaw = rf.properties[codeProperty!];
      code = typeof codeRaw === 'string' || typeof codeRaw === 'number' ? String(codeRaw).trim() : undefined;
    }
    let bad = false;
    if (!code) {
      const where = codeFromName ? `im Namen (Muster ${opts.codeFromName})` : `in der Eigenschaft „${codeProperty}“`;
      const whereEn = codeFromName ? `in the name (pattern ${opts.codeFromName})` : `in property "${codeProperty}"`;
      errors.push({
        code: 'GEO_CODE_MISSING',
        de: `Feature ${line} hat keinen Gebietsschlüssel ${where}.`,
        en: `Feature ${line} has no area code ${whereEn}.`,
        file,
        line,
        field: codeProperty ?? nameProperty,
        ...(codeFromName ? { value: name } : {}),
      });
      bad = true;
    }
    // Where the name is the code, a missing code was reported already.
    if (!name && !nameFromCode) {
      errors.push({
        code: 'GEO_NAME_MISSING',
        de: `Feature ${line} hat keinen Namen in der Eigenschaft „${nameProperty}“.`,
        en: `Feature ${line} has no name in property "${nameProperty}".`,
        file,
        line,
        field: nameProperty,
      });
      bad = true;
    }
    if (code) {
      const prev = firstLineOfCode.get(code);
      if (prev !== undefined) {
        errors.push({
          code: 'GEO_CODE_DUPLICATE',
          de: `Feature ${line}: der Gebietsschlüssel „${code}“ kommt schon in Feature ${prev} vor.`,
          en: `Feature ${line}: the area code "${code}" already occurs in feature ${prev}.`,
          file,
          line,
          field: codeProperty ?? nameProperty,
          value: code,
        });
        bad = true;
      } else firstLineOfCode.set(code, line);
    }
    const geometryOk = checkRings(rf.coords, file, line, errors, warnings);
    if (bad || !geometryOk) continue;

    const coordinates = crs.toWgs84 ? rf.coords.map((p) => p.map((r) => r.map((c) => crs.toWgs84!([c[0], c[1]])))) : rf.coords;
    if (coordinates.some((p) => p.some((r) => r.some((c) => !Number.isFinite(c[0]) || !Number.isFinite(c[1]))))) {
      errors.push({
        code: 'GEO_REPROJECTION_FAILED',
        de: `Feature ${line}: die Umrechnung aus ${detectedCrs} ergab ungültige Koordinaten. Stimmt das Koordinatensystem?`,
        en: `Feature ${line}: reprojecting from ${detectedCrs} produced invalid coordinates. Is the CRS right?`,
        file,
        line,
      });
      continue;
    }
    for (const poly of coordinates) {
      poly.forEach((ring, r) => {
        if (ringSelfIntersects(ring)) {
          warnings.push({
            code: 'GEO_RING_SELF_INTERSECTION',
            de: `Feature ${line} („${name}“): Ring ${r + 1} schneidet sich selbst. Die Geometrie wird beim Speichern mit ST_MakeValid repariert; bitte das Ergebnis prüfen.`,
            en: `Feature ${line} ("${name}"): ring ${r + 1} intersects itself. The geometry is repaired with ST_MakeValid when stored; please check the result.`,
            file,
            line,
            field: 'geometry',
          });
        }
      });
    }
    let parentCode: string | undefined;
    if (opts.parentProperty !== undefined) {
      const p = rf.properties[opts.parentProperty];
      parentCode = typeof p === 'string' || typeof p === 'number' ? String(p).trim() || undefined : undefined;
      if (parentCode === undefined) {
        warnings.push({
          code: 'GEO_PARENT_MISSING',
          de: `Feature ${line} („${name}“) hat kein übergeordnetes Gebiet in „${opts.parentProperty}“.`,
          en: `Feature ${line} ("${name}") has no parent area in "${opts.parentProperty}".`,
          file,
          line,
          field: opts.parentProperty,
        });
      }
    }
    records.push({
      code: code!,
      name,
      ...(parentCode !== undefined ? { parentCode } : {}),
      geometry: { type: 'MultiPolygon', coordinates },
      properties: rf.properties,
      line,
    });
  }

  return {
    records,
    errors,
    warnings,
    rowsRead: features.length,
    detectedCrs,
    axesSwapped: swap,
    ...(codeProperty !== undefined ? { codeProperty } : {}),
    nameProperty,
    ...(opts.parentProperty !== undefined ? { parentProperty: opts.parentProperty } : {}),
  };
}

/** Validates the nesting and numbers; returns 2D MultiPolygon coordinates (copies), or undefined. */
function toCoords(polys: unknown, swap: boolean): Position[][][] | undefined {
  if (!Array.isArray(polys) || polys.length === 0) return undefined;
  const out: Position[][][] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly) || poly.length === 0) return undefined;
    const rings: Position[][] = [];
    for (const ring of poly) {
      if (!Array.isArray(ring)) return undefined;
      const pts: Position[] = [];
      for (const c of ring) {
        if (!Array.isArray(c) || c.length < 2) return undefined;
        const x = c[0] as unknown;
        const y = c[1] as unknown;
        if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
        pts.push(swap ? [y, x] : [x, y]);
      }
      rings.push(pts);
    }
    out.push(rings);
  }
  return out;
}

/** Up to `max` positions spread evenly over all features, for placement tests. */
function samplePositions(raw: RawFeature[], max: number): Position[] {
  let total = 0;
  for (const f of raw) for (const p of f.coords) for (const r of p) total += r.length;
  const step = Math.max(1, Math.floor(total / max));
  const out: Position[] = [];
  let k = 0;
  for (const f of raw) for (const p of f.coords) for (const r of p) for (const c of r) if (k++ % step === 0) out.push(c);
  return out;
}

function fits(points: Position[], crs: CrsInfo, b: LonLatBounds): boolean {
  for (const [x, y] of points) {
    let lon = x;
    let lat = y;
    if (crs.geographic && (Math.abs(x) > 180 || Math.abs(y) > 90)) return false;
    if (crs.toWgs84) {
      try {
        [lon, lat] = crs.toWgs84([x, y]);
      } catch {
        return false;
      }
    }
    if (!(lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3])) return false;
  }
  return true;
}

function fmtBbox(points: Position[]): string {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const f = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(4));
  return `x ${f(minX)}…${f(maxX)}, y ${f(minY)}…${f(maxY)}`;
}

function checkPlacement(raw: RawFeature[], crs: CrsInfo, opts: GeoReadOptions, file: string, crsLabel: string): { error?: Problem; warning?: Problem } {
  if (raw.length === 0) return {};
  const pts = samplePositions(raw, 2000);
  const swapped = pts.map(([x, y]) => [y, x] as Position);
  const range = fmtBbox(pts);
  const swapHint = opts.swapAxes
    ? { de: 'Die Option „Achsen tauschen“ entfernen.', en: 'Remove the option swapAxes.' }
    : { de: 'Mit der Option „Achsen tauschen“ (swapAxes) erneut importieren.', en: 'Import again with the option swapAxes.' };

  if (crs.geographic) {
    // Every position, not the sample: one stray projected vertex must not slip through as degrees.
    const outOfRange = raw.some((f) => f.coords.some((p) => p.some((r) => r.some(([x, y]) => Math.abs(x) > 180 || Math.abs(y) > 90))));
    if (outOfRange) {
      // Longitudes in the latitude slot: certain, whatever the expected region.
      if (raw.every((f) => f.coords.every((p) => p.every((r) => r.every(([x, y]) => Math.abs(y) <= 180 && Math.abs(x) <= 90))))) {
        return { error: axesSwapped(file, crsLabel, range, swapHint, opts.swapAxes === true) };
      } else {
        const utm = pts.every(([x, y]) => x > 100_000 && x < 900_000 && y > 5_000_000 && y < 6_200_000);
        return {
          error: {
            code: 'GEO_COORDINATES_NOT_GEOGRAPHIC',
            de: `Die Koordinaten (${range}) sind keine Längen/Breiten-Grade, obwohl die Datei ${crsLabel} angibt. Vermutlich sind sie projiziert${utm ? ' (UTM, z. B. EPSG:25832 oder EPSG:25833)' : ''}: das Koordinatensystem mit der Option „Quell-KBS“ (sourceCrs) angeben.`,
            en: `The coordinates (${range}) are not longitude/latitude degrees although the file declares ${crsLabel}. They are probably projected${utm ? ' (UTM, e.g. EPSG:25832 or EPSG:25833)' : ''}: give the CRS with the option sourceCrs.`,
            file,
            value: range,
          },
        };
      }
    }
  }
  const bounds = opts.expectedBounds === undefined ? GERMANY_BOUNDS : opts.expectedBounds;
  if (bounds === null) return {};
  if (fits(pts, crs, bounds)) return {};
  if (fits(swapped, crs, bounds)) return { error: axesSwapped(file, crsLabel, range, swapHint, opts.swapAxes === true) };
  const b = bounds.join(', ');
  return {
    warning: {
      code: 'GEO_OUTSIDE_EXPECTED_BOUNDS',
      de: `Die Koordinaten (${range}, ${crsLabel}) liegen nicht im erwarteten Gebiet [${b}] (Längen/Breiten). Stimmt das Koordinatensystem?`,
      en: `The coordinates (${range}, ${crsLabel}) do not lie in the expected region [${b}] (lon/lat). Is the CRS right?`,
      file,
      value: range,
    },
  };
}

function axesSwapped(file: string, crsLabel: string, range: string, hint: { de: string; en: string }, alreadySwapped: boolean): Problem {
  if (alreadySwapped) {
    return {
      code: 'GEO_AXES_NOT_SWAPPED',
      de: `Die Achsen wurden auf Wunsch getauscht, aber die Koordinaten (${range}, nach dem Tausch) passen nur ungetauscht ins erwartete Gebiet. ${hint.de}`,
      en: `The axes were swapped as requested, but the coordinates (${range}, after swapping) only fit the expected region unswapped. ${hint.en}`,
      file,
      value: range,
    };
  }
  return {
    code: 'GEO_AXES_SWAPPED',
    de: `Die Koordinaten (${range}) stehen offenbar in der Reihenfolge [Breite, Länge] bzw. [y, x], obwohl die Datei ${crsLabel} mit [Länge, Breite] angibt: getauscht passen sie ins erwartete Gebiet, ungetauscht nicht. ${hint.de}`,
    en: `The coordinates (${range}) appear to be stored as [latitude, longitude] / [y, x] although the file declares ${crsLabel} with [longitude, latitude]: swapped they fit the expected region, as given they do not. ${hint.en}`,
    file,
    value: range,
  };
}
