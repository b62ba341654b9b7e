// Test helpers: where the shared data lives, and a minimal writer for zipped shapefiles
// (.shp/.shx/.dbf/.prj/.cpg per the ESRI Shapefile Technical Description 1998 and dBASE III),
// so the shapefile reader is tested on files built here rather than on binary fixtures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Position } from 'geojson';

export const dataDir = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
export const dataFile = (rel: string) => path.join(dataDir, rel);
export const readData = (rel: string) => readFileSync(dataFile(rel));
export const readJsonData = <T = unknown>(rel: string): T => JSON.parse(readFileSync(dataFile(rel), 'utf8')) as T;

/** ESRI WKT as ArcGIS and QGIS write it for ETRS89 / UTM 33N (EPSG:25833). */
export const PRJ_25833 =
  'PROJCS["ETRS_1989_UTM_Zone_33N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",15.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** 0 = stored, 8 = deflate (default). */
  method?: 0 | 8;
  /** Write this uncompressed size into the headers instead of the true one (to fake a zip bomb). */
  declaredSize?: number;
}

export function writeZip(files: ZipInput[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const method = f.method ?? 8;
    const body = method === 8 ? deflateRawSync(f.data) : Buffer.from(f.data);
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(f.data);
    const size = f.declaredSize ?? f.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(cd, name);
    offset += local.length + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, cdBuf, eocd]));
}

export interface DbfField {
  name: string;
  type: 'C' | 'N';
  length: number;
}

/** dBASE III table; `encode` turns text into bytes (UTF-8 or Windows-1252), ldid is byte 29. */
export function writeDbf(fields: DbfField[], rows: Array<Array<string | number>>, encode: (s: string) => Uint8Array, ldid = 0): Uint8Array {
  const headerLen = 32 + 32 * fields.length + 1;
  const recLen = 1 + fields.reduce((s, f) => s + f.length, 0);
  const buf = Buffer.alloc(headerLen + recLen * rows.length + 1, 0x20);
  buf.fill(0, 0, headerLen);
  buf[0] = 0x03;
  buf[1] = 124;
  buf[2] = 1;
  buf[3] = 1;
  buf.writeUInt32LE(rows.length, 4);
  buf.writeUInt16LE(headerLen, 8);
  buf.writeUInt16LE(recLen, 10);
  buf[29] = ldid;
  fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    Buffer.from(f.name, 'ascii').copy(buf, o, 0, 10);
    buf[o + 11] = f.type.charCodeAt(0);
    buf[o + 16] = f.length;
    buf[o + 17] = 0;
  });
  buf[headerLen - 1] = 0x0d;
  rows.forEach((row, r) => {
    let o = headerLen + r * recLen;
    buf[o++] = 0x20;
    fields.forEach((f, i) => {
      const raw = encode(String(row[i]));
      const cell = Buffer.alloc(f.length, 0x20);
      if (f.type === 'N') Buffer.from(raw).copy(cell, Math.max(0, f.length - raw.length));
      else Buffer.from(raw).copy(cell, 0, 0, f.length);
      cell.copy(buf, o);
      o += f.length;
    });
  });
  buf[buf.length - 1] = 0x1a;
  return new Uint8Array(buf);
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
/** Windows-1252 for the characters German names use (all in the Latin-1 range). */
export const cp1252 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Polygon shapes as .shp and .shx; each shape is a list of rings (already closed, outer rings clockwise). */
export function writeShp(shapes: Position[][][], shapeType = 5): { shp: Uint8Array; shx: Uint8Array } {
  const records: Buffer[] = [];
  const index: Array<[number, number]> = [];
  let offset = 100;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  shapes.forEach((rings, n) => {
    let content: Buffer;
    if (shapeType === 1) {
      content = Buffer.alloc(20);
      content.writeInt32LE(1, 0);
      content.writeDoubleLE(rings[0][0][0], 4);
      content.writeDoubleLE(rings[0][0][1], 12);
      [minX, minY, maxX, maxY] = [Math.min(minX, rings[0][0][0]), Math.min(minY, rings[0][0][1]), Math.max(maxX, rings[0][0][0]), Math.max(maxY, rings[0][0][1])];
    } else {
      const pts = rings.flat();
      content = Buffer.alloc(44 + 4 * rings.length + 16 * pts.length);
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const bb = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      [minX, minY, maxX, maxY] = [Math.min(minX, bb[0]), Math.min(minY, bb[1]), Math.max(maxX, bb[2]), Math.max(maxY, bb[3])];
      content.writeInt32LE(shapeType, 0);
      bb.forEach((v, i) => content.writeDoubleLE(v, 4 + 8 * i));
      content.writeInt32LE(rings.length, 36);
      content.writeInt32LE(pts.length, 40);
      let start = 0;
      rings.forEach((ring, i) => {
        content.writeInt32LE(start, 44 + 4 * i);
        start += ring.length;
      });
      const p0 = 44 + 4 * rings.length;
      pts.forEach((p, i) => {
        content.writeDoubleLE(p[0], p0 + 16 * i);
        content.writeDoubleLE(p[1], p0 + 16 * i + 8);
      });
    }
    const head = Buffer.alloc(8);
    head.writeInt32BE(n + 1, 0);
    head.writeInt32BE(content.length / 2, 4);
    records.push(head, content);
    index.push([offset / 2, content.length / 2]);
    offset += 8 + content.length;
  });
  const header = (lengthBytes: number) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(lengthBytes / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(shapeType, 32);
    [minX, minY, maxX, maxY].forEach((v, i) => h.writeDoubleLE(v, 36 + 8 * i));
    return h;
  };
  const shp = Buffer.concat([header(offset), ...records]);
  const shx = Buffer.alloc(8 * index.length);
  index.forEach(([o, l], i) => {
    shx.writeInt32BE(o, 8 * i);
    shx.writeInt32BE(l, 8 * i + 4);
  });
  return { shp: new Uint8Array(shp), shx: new Uint8Array(Buffer.concat([header(100 + shx.length), shx])) };
}
