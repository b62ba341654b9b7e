// The facility reader and its traps: no coordinates, swapped lon/lat, another CRS, projected values
// declared as lon/lat, bad capacities, XLSX, and the real Leipzig files (Kitas JSON, schools Turtle).
import fs from 'node:fs';
import path from 'node:path';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { readFacilityFile } from '../../../src/io/facilities.ts';
import { readTurtle } from '../../../src/io/turtle.ts';
import { resolveCrs } from '../../../src/io/geojson.ts';
import { projectRoot } from '../../../src/config.ts';

const shared = process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data');
const bytes = (s: string) => new TextEncoder().encode(s);
const mapping = { name: 'name', lon: 'lon', lat: 'lat', capacity: 'plaetze', externalId: 'id' };

describe('facility reader', () => {
  it('keeps a record without coordinates and flags it with a warning', async () => {
    const r = await readFacilityFile(bytes('id;name;lon;lat;plaetze\n1;Kita A;12,37;51,34;80\n2;Kita B;;;45\n'), 'k.csv', { mapping });
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(2);
    expect(r.records[1]).toMatchObject({ name: 'Kita B', lon: null, lat: null, capacity: 45 });
    expect(r.missingCoordinates).toBe(1);
    expect(r.warnings.map((w) => [w.code, w.line])).toContainEqual(['FACILITY_LOCATION_MISSING', 3]);
    expect(r.records[0].lon).toBeCloseTo(12.37, 10);
  });

  it('detects lat/lon written into the lon/lat columns and reads them when swapAxes is set', async () => {
    const csv = bytes('id,name,lon,lat,plaetze\n1,A,51.34,12.37,10\n2,B,51.30,12.40,20\n');
    const bad = await readFacilityFile(csv, 's.csv', { mapping });
    expect(bad.errors.map((e) => e.code)).toEqual(['FACILITY_AXES_SWAPPED']);
    const fixed = await readFacilityFile(csv, 's.csv', { mapping: { ...mapping, swapAxes: true } });
    expect(fixed.errors).toEqual([]);
    expect(fixed.records[0]).toMatchObject({ lon: 12.37, lat: 51.34 });
    expect(fixed.axesSwapped).toBe(true);
  });

  it('reprojects x/y given in EPSG:25833 to the same lon/lat', async () => {
    resolveCrs('EPSG:25833');
    const [x, y] = proj4('EPSG:4326', 'EPSG:25833', [12.3731, 51.3397]);
    const r = await readFacilityFile(bytes(`id;name;rw;hw\n1;Rathaus;${String(x).replace('.', ',')};${String(y).replace('.', ',')}\n`), 'p.csv', { mapping: { name: 'name', externalId: 'id', x: 'rw', y: 'hw', crs: 'EPSG:25833' } });
    expect(r.errors).toEqual([]);
    expect(r.records[0].lon).toBeCloseTo(12.3731, 7);
    expect(r.records[0].lat).toBeCloseTo(51.3397, 7);
    expect(r.detectedCrs).toBe('EPSG:25833');
  });

  it('says so when metres are declared as lon/lat, and when x/y come without a CRS', async () => {
    const r = await readFacilityFile(bytes('id;name;lon;lat\n1;A;317000;5690000\n'), 'm.csv', { mapping: { name: 'name', externalId: 'id', lon: 'lon', lat: 'lat' } });
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['FACILITY_CRS_MISMATCH', 2]]);
    const noCrs = await readFacilityFile(bytes('id;name;x;y\n1;A;317000;5690000\n'), 'm.csv', { mapping: { name: 'name', externalId: 'id', x: 'x', y: 'y' } });
    expect(noCrs.errors.map((e) => e.code)).toContain('CRS_MISSING');
  });

  it('rejects a bad or negative capacity with line and field, and takes a placeholder as unknown', async () => {
    const r = await readFacilityFile(bytes('id;name;lon;lat;plaetze\n1;A;12,3;51,3;viele\n2;B;12,3;51,3;-5\n3;C;12,3;51,3;-\n'), 'c.csv', { mapping });
    expect(r.errors.map((e) => [e.code, e.line, e.field])).toEqual([['FACILITY_CAPACITY_INVALID', 2, 'plaetze'], ['FACILITY_CAPACITY_INVALID', 3, 'plaetze']]);
    expect(r.records.find((x) => x.name === 'C')?.capacity).toBeNull();
  });

  it('names a missing column, a missing name and a duplicate id', async () => {
    const r = await readFacilityFile(bytes('id;name;lon;lat\n1;A;12,3;51,3\n1;B;12,3;51,3\n2;;12,3;51,3\n'), 'd.csv', { mapping });
    expect(r.errors.map((e) => e.code).sort()).toEqual(['FACILITY_COLUMN_MISSING', 'FACILITY_DUPLICATE_ROW', 'FACILITY_NAME_MISSING']);
  });

  it('reads an Excel sheet with numbers as numbers', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Kitas');
    ws.addRow(['id', 'name', 'lon', 'lat', 'plaetze']);
    ws.addRow([7, 'Kita X', 12.41, 51.32, 120.5]);
    ws.addRow([8, 'Kita Y', null, null, null]);
    const buf = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await readFacilityFile(buf, 'k.xlsx', { mapping });
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('xlsx');
    expect(r.records[0]).toMatchObject({ externalId: '7', name: 'Kita X', lon: 12.41, lat: 51.32, capacity: 120.5 });
    expect(r.records[1]).toMatchObject({ lon: null, capacity: null });
  });

  it('reads the 221 Leipzig Kitas (JSON) with lines and nested address fields', async () => {
    const file = path.join(shared, 'leipzig', 'einrichtungen', 'kitas.json');
    const r = await readFacilityFile(fs.readFileSync(file), 'kitas.json', { mapping: { name: 'name', externalId: 'id', lon: 'lon', lat: 'lat', address: 'address.full', postcode: 'address.zipcode', district: 'district' } });
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('json');
    expect(r.records).toHaveLength(221);
    expect(r.records[0]).toMatchObject({ externalId: '1', name: 'Kita Ahlfeldstraße 2', line: 2, address: { full: 'Ahlfeldstraße 2, Leipzig', postcode: '04177', district: 'Alt-West' } });
    expect(r.missingCoordinates).toBe(0);
  });

  it('reads the 207 Leipzig schools from Turtle, the most specific class first, without coordinates', async () => {
    const file = path.join(shared, 'leipzig', 'einrichtungen', 'schulen.ttl');
    const typeMap = { Foerderschule: 'foerderschule', Gemeinschaftsschule: 'gemeinschaftsschule', Gymnasium: 'gymnasium', Oberschule: 'oberschule', Grundschule: 'grundschule', Berufsschule: 'berufsbildende_schule', Berufsfachschule: 'berufsbildende_schule', Fachschule: 'berufsbildende_schule', Fachoberschule: 'berufsbildende_schule', Ergaenzungsschule: 'schule', Schule: 'schule' };
    const r = await readFacilityFile(fs.readFileSync(file), 'schulen.ttl', { mapping: { name: 'label', externalId: '@id', type: '@type', typeMap } });
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(207);
    expect(r.missingCoordinates).toBe(207);
    const gs100 = r.records.find((x) => x.externalId === 'http://leipzig-data.de/Data/Schule/100-GS');
    expect(gs100?.name).toBe('100. Schule');
    expect(gs100?.typeValues).toContain('Grundschule');
  });

  it('parses Turtle prefixes, lists, escapes and long strings', () => {
    const t = readTurtle('@prefix ex: <http://e/> .\nex:a a ex:C, ex:D ;\n  ex:p "x \\"y\\""@de ;\n  ex:q """two\nlines""" ;\n  ex:n 42 .\n<http://e/b> ex:p \'z\' .\n', 't.ttl');
    expect(t.errors).toEqual([]);
    const a = t.subjects.find((s) => s.iri === 'http://e/a')!;
    expect(a.props.get('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')).toEqual(['http://e/C', 'http://e/D']);
    expect(a.props.get('http://e/p')).toEqual(['x "y"']);
    expect(a.props.get('http://e/q')).toEqual(['two\nlines']);
    expect(a.props.get('http://e/n')).toEqual(['42']);
    expect(t.subjects.find((s) => s.iri === 'http://e/b')?.line).toBe(7);
  });
});
