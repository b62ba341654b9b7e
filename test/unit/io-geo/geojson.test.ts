import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import type { Polygon, Position } from 'geojson';
import { parseCrsName, readGeoJson } from '../../../src/io/geojson.ts';
import { readData, readJsonData } from './helpers.ts';

const ORTSTEILE = 'leipzig/ortsteile.geojson';
const SWAPPED = 'leipzig/raw/ortsteile-latlon-swapped.json';
const UTM33 = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

const fc = (features: unknown[], crs?: string) =>
  JSON.stringify({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features });
const square = (x: number, y: number, d: number): Position[][] => [[[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]]];
const feature = (properties: Record<string, unknown>, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties, geometry: { type, coordinates } });

describe('reading the real area files', () => {
  it('reads the 63 Leipzig Ortsteile with codes "00".."95" as MultiPolygons in CRS84', () => {
    const r = readGeoJson(readData(ORTSTEILE), ORTSTEILE);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.detectedCrs).toBe('CRS84');
    expect(r.records).toHaveLength(63);
    expect(r).toMatchObject({ codeProperty: 'OT', nameProperty: 'Name', rowsRead: 63, axesSwapped: false });
    expect(r.records[0]).toMatchObject({ code: '00', name: 'Zentrum', line: 1 });
    expect(r.records.at(-1)).toMatchObject({ code: '95', name: 'Wiederitzsch', line: 63 });
    expect(r.records.find((a) => a.code === '62')?.name).toBe('Grünau-Mitte');
    expect(r.records.every((a) => a.geometry.type === 'MultiPolygon')).toBe(true);
    expect(r.records[0].geometry.coordinates[0][0][0]).toEqual([12.379275261310742, 51.34436056624219]);
  });

  it('reads the 10 Leipzig Stadtbezirke with codes "0".."9"', () => {
    const r = readGeoJson(readData('leipzig/stadtbezirke.geojson'), 'stadtbezirke.geojson');
    expect(r.errors).toEqual([]);
    expect(r.records.map((a) => a.code)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(r.records.map((a) => a.name).slice(0, 3)).toEqual(['Mitte', 'Nordost', 'Ost']);
  });

  it('reads the 13 Flensburg Stadtteile, taking the code out of names like "03 Nordstadt"', () => {
    const r = readGeoJson(readData('flensburg/flensburg_stadtteile.geojson'), 'flensburg_stadtteile.geojson', {
      codeFromName: '^(\\d+)\\s+',
      parentProperty: 'PARENT_ARE',
    });
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(13);
    expect(r.records[0]).toMatchObject({ code: '03', name: 'Nordstadt', parentCode: 'STGM01001000' });
    expect(r.records.map((a) => a.code).sort()).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13']);
    expect(r.records[0].properties.AREA_NAME).toBe('03 Nordstadt');
  });

  it('finds the two self-intersecting rings among the 41 Flensburg districts that PostGIS also finds invalid', () => {
    const r = readGeoJson(readData('flensburg/flensburg_stadtbezirke.geojson'), 'flensburg_stadtbezirke.geojson');
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(41);
    expect(r.records[0]).toMatchObject({ code: 'STBZ011', name: '011 St. Nikolai' });
    // PostGIS: ST_IsValidReason = "Ring Self-intersection" for exactly features 20 and 38.
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([
      ['GEO_RING_SELF_INTERSECTION', 20],
      ['GEO_RING_SELF_INTERSECTION', 38],
    ]);
    expect(r.warnings[0].en).toContain('ST_MakeValid');
  });
});

describe('swapped axes', () => {
  it('refuses the Ortsteile file that stores [lat, lon] under CRS84 with GEO_AXES_SWAPPED and says how to fix it', () => {
    const r = readGeoJson(readData(SWAPPED), SWAPPED);
    expect(r.records).toEqual([]);
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    expect(e.code).toBe('GEO_AXES_SWAPPED');
    expect(e.file).toBe(SWAPPED);
    expect(e.de).toContain('Achsen tauschen');
    expect(e.en).toContain('swapAxes');
    expect(e.en).toContain('x 51.2383…51.4465, y 12.2375…12.5420');
  });

  it('imports the swapped file with swapAxes, matching ortsteile.geojson to within 1e-6 degrees', () => {
    const r = readGeoJson(readData(SWAPPED), SWAPPED, { swapAxes: true });
    expect(r.errors).toEqual([]);
    expect(r.axesSwapped).toBe(true);
    expect(r.records).toHaveLength(63);
    expect(r).toMatchObject({ codeProperty: 'key', nameProperty: 'title' });
    const reference = readGeoJson(readData(ORTSTEILE), ORTSTEILE).records;
    for (const ref of reference) {
      const got = r.records.find((a) => a.code === ref.code)!;
      expect(got.name).toBe(ref.name);
      const a = got.geometry.coordinates.flat(2);
      const b = ref.geometry.coordinates.flat(2);
      expect(a.length).toBe(b.length);
      const worst = Math.max(...a.map((p, i) => Math.max(Math.abs(p[0] - b[i][0]), Math.abs(p[1] - b[i][1]))));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('refuses swapAxes on a file that is already in lon/lat order', () => {
    const r = readGeoJson(readData(ORTSTEILE), ORTSTEILE, { swapAxes: true });
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['GEO_AXES_NOT_SWAPPED']);
  });

  it('detects [lat, lon] outside the expected region when a longitude above 90 cannot be a latitude', () => {
    const sydney = fc([feature({ code: 'a', name: 'A' }, square(-33.9, 151.2, 0.01))]);
    expect(readGeoJson(sydney, 'sydney.json', { expectedBounds: null }).errors.map((e) => e.code)).toEqual(['GEO_AXES_SWAPPED']);
    expect(readGeoJson(sydney, 'sydney.json').errors.map((e) => e.code)).toEqual(['GEO_AXES_SWAPPED']);
    const ok = readGeoJson(sydney, 'sydney.json', { swapAxes: true, expectedBounds: [150, -35, 152, -33] });
    expect(ok.errors).toEqual([]);
    expect(ok.records[0].geometry.coordinates[0][0][0]).toEqual([151.2, -33.9]);
  });

  it('only warns about coordinates outside the expected region when swapping does not help either', () => {
    const r = readGeoJson(fc([feature({ code: 'a', name: 'A' }, square(2.35, 48.85, 0.01))]), 'paris.json');
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['GEO_OUTSIDE_EXPECTED_BOUNDS']);
    expect(r.records).toHaveLength(1);
  });
});

describe('coordinate reference systems', () => {
  it('understands the usual ways of naming a CRS', () => {
    expect(parseCrsName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('CRS84');
    expect(parseCrsName('urn:ogc:def:crs:EPSG::25833')).toBe('EPSG:25833');
    expect(parseCrsName('EPSG:4326')).toBe('EPSG:4326');
    expect(parseCrsName('http://www.opengis.net/def/crs/EPSG/0/25832')).toBe('EPSG:25832');
    expect(parseCrsName('Gauß-Krüger')).toBeUndefined();
  });

  it('reprojects EPSG:25833 to the lon/lat PostGIS gives (12.37, 51.34) within 1e-7 degrees', () => {
    const x = 316820.06311332586;
    const y = 5690919.210872938;
    const r = readGeoJson(fc([feature({ code: 'p', name: 'Punkt' }, square(x, y, 100))], 'urn:ogc:def:crs:EPSG::25833'), 'utm.json');
    expect(r.errors).toEqual([]);
    expect(r.detectedCrs).toBe('EPSG:25833');
    const [lon, lat] = r.records[0].geometry.coordinates[0][0][0];
    expect(Math.abs(lon - 12.37)).toBeLessThan(1e-7);
    expect(Math.abs(lat - 51.34)).toBeLessThan(1e-7);
  });

  it('brings Zentrum back to its lon/lat within 1e-7 degrees after a round trip through EPSG:25833', () => {
    const zentrum = readJsonData<{ features: Array<{ properties: { OT: string }; geometry: Polygon }> }>(ORTSTEILE).features[0];
    const projected = zentrum.geometry.coordinates.map((ring) => ring.map((c) => proj4('EPSG:4326', UTM33, c)));
    const r = readGeoJson(fc([feature({ OT: '00', Name: 'Zentrum' }, projected)], 'EPSG:25833'), 'zentrum-utm.json');
    const back = r.records[0].geometry.coordinates[0][0];
    const orig = zentrum.geometry.coordinates[0];
    expect(back.length).toBe(orig.length);
    expect(Math.max(...back.map((p, i) => Math.max(Math.abs(p[0] - orig[i][0]), Math.abs(p[1] - orig[i][1]))))).toBeLessThan(1e-7);
  });

  it('uses the sourceCrs option over the file and says so', () => {
    const r = readGeoJson(fc([feature({ code: 'p', name: 'P' }, square(316820, 5690919, 100))], 'EPSG:25832'), 'f.json', { sourceCrs: 'EPSG:25833' });
    expect(r.detectedCrs).toBe('EPSG:25833');
    expect(r.warnings.map((w) => w.code)).toEqual(['GEO_CRS_OVERRIDDEN']);
    expect(r.records[0].geometry.coordinates[0][0][0][0]).toBeCloseTo(12.37, 5);
  });

  it('tells the user that UTM numbers in a file without CRS are not degrees and which CRS to give', () => {
    const r = readGeoJson(fc([feature({ code: 'p', name: 'P' }, square(316820, 5690919, 100))]), 'no-crs.json');
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['GEO_COORDINATES_NOT_GEOGRAPHIC']);
    expect(r.errors[0].en).toContain('EPSG:25833');
    expect(r.errors[0].de).toContain('Quell-KBS');
  });

  it('refuses a CRS it does not know, listing the ones it does', () => {
    const r = readGeoJson(fc([feature({ code: 'p', name: 'P' }, square(12, 51, 0.01))], 'EPSG:999999'), 'f.json');
    expect(r.errors.map((e) => e.code)).toEqual(['GEO_CRS_UNKNOWN']);
    expect(r.errors[0].en).toContain('EPSG:25832');
  });
});

describe('problems in single features', () => {
  it('rejects features that are not polygons, naming the feature as line and the type as value', () => {
    const r = readGeoJson(
      fc([feature({ code: 'a', name: 'A' }, square(12, 51, 0.01)), feature({ code: 'b', name: 'B' }, [12.1, 51.1], 'Point'), { type: 'Feature', properties: { code: 'c', name: 'C' }, geometry: null }]),
      'mixed.json',
    );
    expect(r.records.map((a) => a.code)).toEqual(['a']);
    expect(r.errors).toMatchObject([
      { code: 'GEO_GEOMETRY_TYPE', line: 2, field: 'geometry.type', value: 'Point', file: 'mixed.json' },
      { code: 'GEO_GEOMETRY_MISSING', line: 3 },
    ]);
    expect(r.rowsRead).toBe(3);
  });

  it('rejects features without code or name and duplicate codes, naming the feature', () => {
    const r = readGeoJson(
      fc([
        feature({ code: 'a', name: 'A' }, square(12, 51, 0.01)),
        feature({ code: '', name: 'B' }, square(12.1, 51, 0.01)),
        feature({ code: 'c', name: '  ' }, square(12.2, 51, 0.01)),
        feature({ code: 'a', name: 'A again' }, square(12.3, 51, 0.01)),
      ]),
      'codes.json',
    );
    expect(r.records.map((a) => a.code)).toEqual(['a']);
    expect(r.errors.map((e) => [e.code, e.line, e.field])).toEqual([
      ['GEO_CODE_MISSING', 2, 'code'],
      ['GEO_NAME_MISSING', 3, 'name'],
      ['GEO_CODE_DUPLICATE', 4, 'code'],
    ]);
    expect(r.errors[2].en).toContain('feature 1');
  });

  it('asks for codeProperty when no property looks like a code', () => {
    const r = readGeoJson(fc([feature({ bezeichnung: 'A', flaeche: 3 }, square(12, 51, 0.01))]), 'f.json');
    expect(r.errors.map((e) => e.code)).toEqual(['GEO_CODE_PROPERTY_UNKNOWN']);
    expect(r.errors[0].en).toContain('bezeichnung, flaeche');
    const ok = readGeoJson(fc([feature({ bezeichnung: 'A', flaeche: 3 }, square(12, 51, 0.01))]), 'f.json', { codeProperty: 'flaeche' });
    expect(ok.records[0]).toMatchObject({ code: '3', name: 'A' });
  });

  it('closes an open ring with a warning and rejects a ring of fewer than 4 positions', () => {
    const open = [[[12, 51], [12, 51.01], [12.01, 51.01], [12.01, 51]]];
    const short = [[[12, 51], [12, 51.01], [12, 51]]];
    const r = readGeoJson(fc([feature({ code: 'o', name: 'Offen' }, open), feature({ code: 's', name: 'Kurz' }, short)]), 'rings.json');
    expect(r.records.map((a) => a.code)).toEqual(['o']);
    expect(r.records[0].geometry.coordinates[0][0]).toHaveLength(5);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([['GEO_RING_NOT_CLOSED', 1]]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['GEO_RING_TOO_SHORT', 2]]);
  });

  it('keeps a bow-tie polygon but warns that PostGIS ST_MakeValid will repair it', () => {
    const bowtie = [[[12, 51], [12.01, 51.01], [12.01, 51], [12, 51.01], [12, 51]]];
    const r = readGeoJson(fc([feature({ code: 'b', name: 'Fliege' }, bowtie)]), 'bowtie.json');
    expect(r.records).toHaveLength(1);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([['GEO_RING_SELF_INTERSECTION', 1]]);
  });

  it('rejects coordinates that are not numbers', () => {
    const r = readGeoJson(fc([feature({ code: 'x', name: 'X' }, [[[12, 51], ['12', 51.01], [12.01, 51.01], [12, 51]]])]), 'bad.json');
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['GEO_COORDINATES_INVALID', 1]]);
  });

  it('reports invalid JSON with the line of the mistake', () => {
    const r = readGeoJson('{\n "type": "FeatureCollection",\n "features": [,]\n}', 'broken.json');
    expect(r.errors).toMatchObject([{ code: 'GEO_JSON_INVALID', line: 3, file: 'broken.json' }]);
  });

  it('reads a file in Windows-1252 but warns that it is not UTF-8', () => {
    const text = fc([feature({ code: '50', name: 'Schleußig' }, square(12.3, 51.3, 0.01))]);
    const r = readGeoJson(new Uint8Array(Buffer.from(text, 'latin1')), 'latin1.json');
    expect(r.records[0].name).toBe('Schleußig');
    expect(r.warnings.map((w) => w.code)).toEqual(['GEO_ENCODING_NOT_UTF8']);
  });
});
