import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import type { Polygon, Position } from 'geojson';
import { ringAreaSigned } from '../../support/geo-oracle.ts';
import { readZippedShapefile } from '../../../src/io/shapefile.ts';
import { PRJ_25833, cp1252, readJsonData, utf8, writeDbf, writeShp, writeZip } from './helpers.ts';
import type { ZipInput } from './helpers.ts';

const UTM33 = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const ortsteile = readJsonData<{ features: Array<{ properties: { OT: string; Name: string }; geometry: Polygon }> }>('leipzig/ortsteile.geojson').features;

/** Shapefile rings: outer clockwise, holes counter-clockwise (ringAreaSigned > 0 = clockwise). */
const orientForShp = (rings: Position[][]) => rings.map((r, i) => ((ringAreaSigned(r) > 0) === (i === 0) ? r : [...r].reverse()));
const lonLatRings = ortsteile.map((f) => orientForShp(f.geometry.coordinates));
const utmRings = lonLatRings.map((rings) => rings.map((r) => r.map((c) => proj4('EPSG:4326', UTM33, c))));

function ortsteileZip(opts: { encode?: (s: string) => Uint8Array; cpg?: string; prj?: boolean; ldid?: number; extra?: ZipInput[] } = {}): Uint8Array {
  const { shp, shx } = writeShp(utmRings);
  const dbf = writeDbf(
    [
      { name: 'OT', type: 'C', length: 2 },
      { name: 'Name', type: 'C', length: 40 },
    ],
    ortsteile.map((f) => [f.properties.OT, f.properties.Name]),
    opts.encode ?? utf8,
    opts.ldid ?? 0,
  );
  const files: ZipInput[] = [
    { name: 'ortsteile/Ortsteile.shp', data: shp },
    { name: 'ortsteile/Ortsteile.shx', data: shx },
    { name: 'ortsteile/Ortsteile.dbf', data: dbf },
  ];
  if (opts.prj !== false) files.push({ name: 'ortsteile/Ortsteile.prj', data: utf8(PRJ_25833) });
  if (opts.cpg !== undefined) files.push({ name: 'ortsteile/Ortsteile.cpg', data: utf8(opts.cpg) });
  return writeZip([...files, ...(opts.extra ?? [])]);
}

describe('readZippedShapefile', () => {
  it('reads the 63 Ortsteile from a zipped shapefile in EPSG:25833 back to their lon/lat within 1e-7 degrees', () => {
    const r = readZippedShapefile(ortsteileZip({ cpg: 'UTF-8' }), 'ortsteile.zip');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.detectedCrs).toBe('ETRS_1989_UTM_Zone_33N');
    expect(r.encoding).toBe('utf-8');
    expect(r.records).toHaveLength(63);
    expect(r.records.map((a) => a.code)).toEqual(ortsteile.map((f) => f.properties.OT));
    expect(r.records.find((a) => a.code === '43')?.name).toBe('Lößnig');
    let worst = 0;
    r.records.forEach((a, i) => {
      const got = a.geometry.coordinates.flat(2);
      const want = lonLatRings[i].flat();
      expect(got.length).toBe(want.length);
      got.forEach((p, k) => (worst = Math.max(worst, Math.abs(p[0] - want[k][0]), Math.abs(p[1] - want[k][1]))));
    });
    expect(worst).toBeLessThan(1e-7);
  });

  it('decodes a Windows-1252 .dbf declared by a .cpg of "1252"', () => {
    const r = readZippedShapefile(ortsteileZip({ encode: cp1252, cpg: '1252' }), 'ortsteile.zip');
    expect(r.warnings).toEqual([]);
    expect(r.encoding).toBe('windows-1252');
    expect(r.records.find((a) => a.code === '53')?.name).toBe('Großzschocher');
  });

  it('reads a Windows-1252 .dbf without .cpg as Windows-1252 and warns that the encoding was guessed', () => {
    const r = readZippedShapefile(ortsteileZip({ encode: cp1252 }), 'ortsteile.zip');
    expect(r.records.find((a) => a.code === '50')?.name).toBe('Schleußig');
    expect(r.warnings.map((w) => w.code)).toEqual(['SHP_ENCODING_GUESSED']);
  });

  it('uses the language-driver byte of the .dbf when there is no .cpg', () => {
    const r = readZippedShapefile(ortsteileZip({ encode: cp1252, ldid: 0x57 }), 'ortsteile.zip');
    expect(r.warnings).toEqual([]);
    expect(r.records.find((a) => a.code === '62')?.name).toBe('Grünau-Mitte');
  });

  it('catches a .cpg that says UTF-8 over Windows-1252 bytes and reads the names correctly', () => {
    const r = readZippedShapefile(ortsteileZip({ encode: cp1252, cpg: 'UTF-8' }), 'ortsteile.zip');
    expect(r.records.find((a) => a.code === '43')?.name).toBe('Lößnig');
    expect(r.warnings.map((w) => w.code)).toEqual(['SHP_ENCODING_MISMATCH']);
  });

  it('refuses a shapefile without .prj unless the CRS is given as an option', () => {
    const zip = ortsteileZip({ prj: false, cpg: 'UTF-8' });
    const r = readZippedShapefile(zip, 'ortsteile.zip');
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['SHP_NO_PRJ']);
    expect(r.errors[0].de).toContain('Quell-KBS');
    const ok = readZippedShapefile(zip, 'ortsteile.zip', { sourceCrs: 'EPSG:25833' });
    expect(ok.errors).toEqual([]);
    expect(ok.detectedCrs).toBe('EPSG:25833');
    expect(ok.records).toHaveLength(63);
  });

  it('refuses a zip without a .shp and lists what it found', () => {
    const r = readZippedShapefile(writeZip([{ name: 'readme.txt', data: utf8('nichts') }]), 'empty.zip');
    expect(r.errors.map((e) => e.code)).toEqual(['SHP_NO_SHP']);
    expect(r.errors[0].en).toContain('readme.txt');
  });

  it('refuses a zip whose entries would inflate beyond the limit before unpacking anything', () => {
    const r = readZippedShapefile(ortsteileZip(), 'ortsteile.zip', { maxUncompressedBytes: 100_000 });
    expect(r.errors.map((e) => e.code)).toEqual(['SHP_ZIP_TOO_LARGE']);
    expect(r.errors[0].file).toBe('ortsteile.zip');
  });

  it('stops inflating an entry that is larger than its declared size (a zip bomb in disguise)', () => {
    const { shp } = writeShp(utmRings);
    const zip = writeZip([
      { name: 'a.shp', data: shp, declaredSize: 1000 },
      { name: 'a.dbf', data: writeDbf([{ name: 'OT', type: 'C', length: 2 }], [['00']], utf8) },
      { name: 'a.prj', data: utf8(PRJ_25833) },
    ]);
    const r = readZippedShapefile(zip, 'bomb.zip');
    expect(r.errors.map((e) => e.code)).toEqual(['SHP_ZIP_SIZE_MISMATCH']);
  });

  it('refuses a point shapefile: areas must be polygons', () => {
    const { shp } = writeShp([[[[316820, 5690919]]]], 1);
    const zip = writeZip([
      { name: 'kitas.shp', data: shp },
      { name: 'kitas.dbf', data: writeDbf([{ name: 'ID', type: 'N', length: 4 }], [[1]], utf8) },
      { name: 'kitas.prj', data: utf8(PRJ_25833) },
    ]);
    expect(readZippedShapefile(zip, 'kitas.zip').errors.map((e) => e.code)).toEqual(['SHP_NOT_POLYGON']);
  });

  it('asks which layer to read when a zip holds two shapefiles, and reads the chosen one', () => {
    const extra: ZipInput[] = [
      { name: 'other.shp', data: writeShp([utmRings[0]]).shp },
      { name: 'other.dbf', data: writeDbf([{ name: 'code', type: 'C', length: 2 }, { name: 'name', type: 'C', length: 10 }], [['x', 'X']], utf8) },
      { name: 'other.prj', data: utf8(PRJ_25833) },
      { name: '__MACOSX/ortsteile/._Ortsteile.shp', data: utf8('resource fork') },
    ];
    const zip = ortsteileZip({ cpg: 'UTF-8', extra });
    expect(readZippedShapefile(zip, 'two.zip').errors.map((e) => e.code)).toEqual(['SHP_MULTIPLE_LAYERS']);
    const r = readZippedShapefile(zip, 'two.zip', { layer: 'other' });
    expect(r.errors).toEqual([]);
    expect(r.records.map((a) => [a.code, a.name])).toEqual([['x', 'X']]);
  });

  it('says plainly when the upload is not a zip file at all', () => {
    expect(readZippedShapefile(utf8('{"type":"FeatureCollection"}'), 'x.zip').errors.map((e) => e.code)).toEqual(['SHP_NOT_A_ZIP']);
  });
});
