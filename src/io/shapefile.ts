// Zipped shapefiles of areas. We open the zip ourselves (its central directory is checked against
// size limits before a single byte is inflated, and inflation is capped at the declared sizes, so a
// zip bomb stops early), let shpjs parse .shp and .dbf, and hand the features to the GeoJSON
// reader's shared path, so CRS handling, axis checks and code/name rules are the same for both.
// Reprojection uses the .prj through proj4, as shpjs would, but on raw coordinates so that the
// placement checks see what the file really holds.
import { inflateRawSync } from 'node:zlib';
import { parseDbf, parseShp } from 'shpjs';
import type { Problem } from '../core/errors.ts';
import { readFeatures } from './geojson.ts';
import type { GeoReadOptions, GeoReadResult } from './types.ts';

export interface ShapefileReadOptions extends GeoReadOptions {
  /** Upper limit for the sum of uncompressed entry sizes. Default 256 MiB. */
  maxUncompressedBytes?: number;
  /** Upper limit for the number of entries in the zip. Default 1000. */
  maxEntries?: number;
  /** Which .shp to read when the zip holds several (base name, with or without .shp). */
  layer?: string;
  /** Encoding of the .dbf; overrides .cpg and the language-driver byte. */
  encoding?: string;
}

export const DEFAULT_MAX_UNCOMPRESSED = 256 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

class ZipProblem extends Error {
  constructor(
    readonly code: string,
    readonly de: string,
    readonly en: string,
  ) {
    super(en);
  }
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

/**
 * Reads the central directory of a zip (PKWARE APPNOTE 4.3.12 / 4.3.16): the End Of Central
 * Directory record is found by scanning back over at most 64 KiB of comment. ZIP64 is refused;
 * shapefiles of a municipality are far below 4 GiB.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const corrupt = (what: string) =>
    new ZipProblem('SHP_ZIP_CORRUPT', `Die ZIP-Datei ist beschädigt (${what}).`, `The zip file is corrupt (${what}).`);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem('SHP_NOT_A_ZIP', 'Die Datei ist keine ZIP-Datei.', 'The file is not a zip file.');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw new ZipProblem('SHP_ZIP64_UNSUPPORTED', 'ZIP64-Archive werden nicht unterstützt.', 'ZIP64 archives are not supported.');
  }
  if (cdOffset + cdSize > eocd) throw corrupt('central directory out of range');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) throw corrupt(`central directory entry ${k + 1}`);
    const flags = u16(bytes, p + 8);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    // Bit 11: UTF-8 names; otherwise CP437, for which Latin-1 is close enough to match extensions.
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    entries.push({
      name,
      flags,
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      localOffset: u32(bytes, p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Inflates one entry, refusing to produce more bytes than the central directory declared. */
export function readZipEntry(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const corrupt = (what: string) =>
    new ZipProblem('SHP_ZIP_CORRUPT', `Die ZIP-Datei ist beschädigt (${e.name}: ${what}).`, `The zip file is corrupt (${e.name}: ${what}).`);
  if (e.flags & 0x1) {
    throw new ZipProblem('SHP_ZIP_ENCRYPTED', `„${e.name}“ ist verschlüsselt.`, `"${e.name}" is encrypted.`);
  }
  const o = e.localOffset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50) throw corrupt('local header');
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const data = bytes.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) throw corrupt('truncated');
  let out: Uint8Array;
  if (e.method === 0) out = data;
  else if (e.method === 8) {
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      const tooLarge = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw tooLarge
        ? new ZipProblem(
            'SHP_ZIP_SIZE_MISMATCH',
            `„${e.name}“ entpackt größer als angegeben (${e.size} Bytes): die Datei wird abgelehnt (mögliche ZIP-Bombe).`,
            `"${e.name}" inflates to more than its declared ${e.size} bytes: the file is refused (possible zip bomb).`,
          )
        : corrupt('deflate stream');
    }
  } else {
    throw new ZipProblem(
      'SHP_ZIP_METHOD',
      `„${e.name}“ ist mit einem nicht unterstützten Verfahren (${e.method}) komprimiert; bitte als normales ZIP (Deflate) speichern.`,
      `"${e.name}" uses an unsupported compression method (${e.method}); please save as a normal (deflate) zip.`,
    );
  }
  if (out.length !== e.size) throw corrupt('size mismatch');
  return out;
}

const ext = (name: string) => /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const base = (name: string) => name.replace(/\.[^./]+$/, '');

/** Windows-1252 is what ArcGIS and QGIS write without a .cpg in Germany; these are the usual labels. */
function encodingFromCpg(cpg: string): string | undefined {
  const s = cpg.trim().toLowerCase();
  if (/^(utf-?8|65001)$/.test(s)) return 'utf-8';
  if (/^(ansi\s*)?1252$|^(windows|cp)-?1252$/.test(s)) return 'windows-1252';
  if (/^(iso-?8859-?1|8859-?1|latin-?1)$/.test(s)) return 'iso-8859-1';
  if (/^(iso-?8859-?15|8859-?15|latin-?9)$/.test(s)) return 'iso-8859-15';
  try {
    return new TextDecoder(s).encoding;
  } catch {
    return undefined;
  }
}

/** dBASE language driver id (byte 29) → encoding, for the ids that occur in practice. */
const LDID: Record<number, string> = { 0x03: 'windows-1252', 0x57: 'windows-1252', 0x58: 'windows-1252', 0x59: 'windows-1252', 0x64: 'ibm866', 0xc8: 'windows-1250' };

function hasReplacementChar(rows: Array<Record<string, unknown>>): boolean {
  return rows.some((r) => Object.entries(r).some(([k, v]) => k.includes('\uFFFD') || (typeof v === 'string' && v.includes('\uFFFD'))));
}

/** Reads a zipped shapefile of areas into EPSG:4326 MultiPolygons. */
export function readZippedShapefile(bytes: Uint8Array, file: string, opts: ShapefileReadOptions = {}): GeoReadResult {
  const warnings: Problem[] = [];
  const fail = (code: string, de: string, en: string, value?: string): GeoReadResult => ({
    records: [],
    errors: [{ code, de, en, file, ...(value !== undefined ? { value } : {}) }],
    warnings,
    rowsRead: 0,
    detectedCrs: opts.sourceCrs ?? '',
    axesSwapped: false,
  });
  try {
    const all = readZipDirectory(bytes);
    const maxEntries = opts.maxEntries ?? 1000;
    if (all.length > maxEntries) {
      return fail('SHP_ZIP_TOO_MANY_ENTRIES', `Die ZIP-Datei enthält ${all.length} Einträge (erlaubt: ${maxEntries}).`, `The zip file holds ${all.length} entries (allowed: ${maxEntries}).`);
    }
    const limit = opts.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
    const total = all.reduce((s, e) => s + e.size, 0);
    if (total > limit) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      return fail(
        'SHP_ZIP_TOO_LARGE',
        `Die ZIP-Datei würde entpackt ${mb(total)} MiB groß (erlaubt: ${mb(limit)} MiB); sie wird nicht entpackt.`,
        `The zip file would inflate to ${mb(total)} MiB (allowed: ${mb(limit)} MiB); it is not unpacked.`,
        String(total),
      );
    }
    // Mac archivers add __MACOSX/ and ._name resource forks; they are not shapefiles.
    const entries = all.filter((e) => !e.name.startsWith('__MACOSX/') && !/(^|\/)\._/.test(e.name) && !e.name.endsWith('/'));
    const shps = entries.filter((e) => ext(e.name) === 'shp');
    if (shps.length === 0) {
      const names = entries.map((e) => e.name).join(', ') || '–';
      return fail('SHP_NO_SHP', `Die ZIP-Datei enthält keine .shp-Datei (gefunden: ${names}).`, `The zip file contains no .shp file (found: ${names}).`);
    }
    let shpEntry = shps[0];
    if (opts.layer !== undefined) {
      const wanted = opts.layer.replace(/\.shp$/i, '').toLowerCase();
      const hit = shps.find((e) => base(e.name).toLowerCase() === wanted || base(e.name).split('/').pop()!.toLowerCase() === wanted);
      if (!hit) {
        const names = shps.map((e) => base(e.name)).join(', ');
        return fail('SHP_LAYER_NOT_FOUND', `Die Ebene „${opts.layer}“ ist nicht in der ZIP-Datei (vorhanden: ${names}).`, `Layer "${opts.layer}" is not in the zip file (present: ${names}).`, opts.layer);
      }
      shpEntry = hit;
    } else if (shps.length > 1) {
      const names = shps.map((e) => base(e.name)).join(', ');
      return fail('SHP_MULTIPLE_LAYERS', `Die ZIP-Datei enthält mehrere Shapefiles (${names}); bitte mit der Option Ebene eines wählen.`, `The zip file contains several shapefiles (${names}); choose one with the option layer.`);
    }
    const stem = base(shpEntry.name).toLowerCase();
    const sidecar = (x: string) => entries.find((e) => base(e.name).toLowerCase() === stem && ext(e.name) === x);
    const dbfEntry = sidecar('dbf');
    const prjEntry = sidecar('prj');
    const cpgEntry = sidecar('cpg');
    if (!dbfEntry) {
      return fail('SHP_NO_DBF', `Zu „${shpEntry.name}“ fehlt die .dbf-Datei mit den Sachdaten (Schlüssel, Namen).`, `"${shpEntry.name}" has no .dbf file with its attributes (codes, names).`);
    }
    if (!prjEntry && opts.sourceCrs === undefined) {
      return fail(
        'SHP_NO_PRJ',
        `Zu „${shpEntry.name}“ fehlt die .prj-Datei: das Koordinatensystem ist unbekannt. Bitte die .prj mitliefern oder das Koordinatensystem mit der Option „Quell-KBS“ (sourceCrs, z. B. EPSG:25833) angeben.`,
        `"${shpEntry.name}" has no .prj file, so its coordinate reference system is unknown. Include the .prj or give the CRS with the option sourceCrs (e.g. EPSG:25833).`,
      );
    }

    const shp = readZipEntry(bytes, shpEntry);
    const shapeType = shp.length >= 100 ? new DataView(shp.buffer, shp.byteOffset, shp.byteLength).getInt32(32, true) : -1;
    if (![5, 15, 25].includes(shapeType)) {
      const kind: Record<number, string> = { 1: 'Punkte/points', 3: 'Linien/lines', 8: 'Multipunkte/multipoints', 11: 'Punkte/points', 13: 'Linien/lines', 21: 'Punkte/points', 23: 'Linien/lines' };
      return fail(
        'SHP_NOT_POLYGON',
        `„${shpEntry.name}“ enthält ${kind[shapeType] ?? `Typ ${shapeType}`}, keine Flächen (Polygone).`,
        `"${shpEntry.name}" holds ${kind[shapeType] ?? `type ${shapeType}`}, not areas (polygons).`,
        String(shapeType),
      );
    }
    const dbf = readZipEntry(bytes, dbfEntry);
    const prj = prjEntry ? new TextDecoder().decode(readZipEntry(bytes, prjEntry)).trim() : undefined;
    const cpg = cpgEntry ? new TextDecoder().decode(readZipEntry(bytes, cpgEntry)).trim() : undefined;

    const { rows, encoding } = decodeDbf(dbf, file, cpg, opts.encoding, warnings);
    let geoms: ReturnType<typeof parseShp>;
    try {
      geoms = parseShp(shp);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      return fail('SHP_INVALID', `„${shpEntry.name}“ ist kein lesbares Shapefile: ${msg}`, `"${shpEntry.name}" is not a readable shapefile: ${msg}`);
    }
    if (geoms.length !== rows.length) {
      return fail(
        'SHP_DBF_MISMATCH',
        `.shp und .dbf passen nicht zusammen: ${geoms.length} Geometrien, ${rows.length} Datensätze.`,
        `.shp and .dbf do not match: ${geoms.length} geometries, ${rows.length} records.`,
      );
    }
    const features = geoms.map((geometry, i) => ({ type: 'Feature', geometry, properties: rows[i] }));
    const declaredLabel = prj ? (/^[A-Z]+\s*\[\s*"([^"]+)"/i.exec(prj)?.[1] ?? 'prj') : undefined;
    const result = readFeatures(features, file, opts, { ...(prj !== undefined ? { declared: prj, declaredLabel } : {}), warnings });
    return { ...result, encoding };
  } catch (err) {
    if (err instanceof ZipProblem) return fail(err.code, err.de, err.en);
    throw err;
  }
}

/**
 * Decodes the .dbf: explicit option, else .cpg, else the language-driver byte, else UTF-8 with a
 * fall back to Windows-1252 when UTF-8 leaves replacement characters (what a German GIS writes
 * without a .cpg). A .cpg that says UTF-8 over Windows-1252 bytes is caught the same way.
 */
function decodeDbf(
  dbf: Uint8Array,
  file: string,
  cpg: string | undefined,
  forced: string | undefined,
  warnings: Problem[],
): { rows: Array<Record<string, unknown>>; encoding: string } {
  let encoding: string | undefined;
  let declaredBy = '';
  if (forced !== undefined) {
    encoding = encodingFromCpg(forced);
    declaredBy = 'option';
  } else if (cpg !== undefined) {
    encoding = encodingFromCpg(cpg);
    declaredBy = '.cpg';
    if (!encoding) {
      warnings.push({
        code: 'SHP_ENCODING_UNKNOWN',
        de: `Die Kodierung „${cpg}“ aus der .cpg-Datei ist unbekannt; die .dbf wird als UTF-8 bzw. Windows-1252 gelesen.`,
        en: `The encoding "${cpg}" from the .cpg file is unknown; the .dbf is read as UTF-8 or Windows-1252.`,
        file,
        value: cpg,
      });
    }
  } else if (dbf.length > 29 && LDID[dbf[29]]) {
    encoding = LDID[dbf[29]];
    declaredBy = 'dbf';
  }
  const rows = parseDbf(dbf, encoding ?? 'utf-8');
  if (declaredBy === 'option' || declaredBy === 'dbf' || !hasReplacementChar(rows) || encoding === 'windows-1252') {
    return { rows, encoding: encoding ?? 'utf-8' };
  }
  const fallback = parseDbf(dbf, 'windows-1252');
  warnings.push(
    declaredBy === '.cpg'
      ? {
          code: 'SHP_ENCODING_MISMATCH',
          de: `Die .cpg-Datei gibt „${cpg}“ an, aber die .dbf ist so nicht lesbar; sie wurde als Windows-1252 gelesen. Bitte Umlaute prüfen.`,
          en: `The .cpg file says "${cpg}", but the .dbf does not decode that way; it was read as Windows-1252. Please check umlauts.`,
          file,
          value: cpg,
        }
      : {
          code: 'SHP_ENCODING_GUESSED',
          de: 'Die .dbf hat keine Kodierungsangabe (.cpg) und ist kein UTF-8; sie wurde als Windows-1252 gelesen. Bitte Umlaute prüfen.',
          en: 'The .dbf has no encoding (.cpg) and is not UTF-8; it was read as Windows-1252. Please check umlauts.',
          file,
        },
  );
  return { rows: fallback, encoding: 'windows-1252' };
}
