import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { LernortError } from '../../../src/core/errors.ts';
import type { Problem } from '../../../src/core/errors.ts';
import { centroid, pointInMultiPolygon } from '../../support/geo-oracle.ts';
import { readCrosswalk } from '../../../src/io/crosswalk.ts';
import { readUptakeRecords } from '../../../src/io/uptake-records.ts';
import { buildPolygonIndex } from '../../../src/modules/facilities/assign.ts';

const DATA = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
const ortsteile = (JSON.parse(readFileSync(path.join(DATA, 'leipzig/ortsteile.geojson'), 'utf8')) as { features: Feature<Polygon | MultiPolygon, { OT: string; Name: string }>[] }).features;
const index = buildPolygonIndex(ortsteile.map((f) => f.geometry));
const locate = (lon: number, lat: number) => {
  const i = index.find(lon, lat);
  return i === -1 ? null : ortsteile[i].properties.OT;
};
const matrix = readCrosswalk(readFileSync(path.join(DATA, 'leipzig/raw/messy/matrixPLZtoORTSTEIL.csv')), 'matrixPLZtoORTSTEIL.csv');
const ageBands = [
  { label: '6-9', min: 6, max: 9 },
  { label: '10-14', min: 10, max: 14 },
];

// Ortsteile whose centroid lies inside them: a person at the centroid (plus a few metres each) lives there.
const inner = ortsteile.filter((f) => pointInMultiPolygon(centroid(f.geometry), f.geometry)).slice(0, 4);
const de = (x: number) => x.toFixed(6).replace('.', ',');

function addressList(): { csv: string; secrets: string[]; expected: Map<string, number> } {
  const lines = ['Name;Straße;lon;lat;Altersgruppe;Geschlecht'];
  const secrets: string[] = [];
  const expected = new Map<string, number>();
  inner.forEach((f, k) => {
    const [cx, cy] = centroid(f.geometry);
    for (let j = 0; j < 3 + k; j++) {
      const lon = cx + j * 1e-5;
      const lat = cy - j * 1e-5;
      const name = `Kind${k}x${j} Müller`;
      const street = `Teststraße ${10 + j}`;
      lines.push(`${name};${street};${de(lon)};${de(lat)};${j % 2 ? '10-14' : '6-9'};${j % 2 ? 'm' : 'w'}`);
      secrets.push(name, street, de(lon), de(lat), lon.toFixed(6), lat.toFixed(6), lon.toFixed(4), lat.toFixed(4));
      expected.set(f.properties.OT, (expected.get(f.properties.OT) ?? 0) + 1);
    }
  });
  // one person in Halle, outside every Ortsteil
  lines.push('Anna Außerhalb;Marktplatz 1;11,969000;51,482000;6-9;w');
  secrets.push('Anna Außerhalb', 'Marktplatz 1', '11,969000', '51,482000', '11.969', '51.482');
  return { csv: `${lines.join('\r\n')}\r\n`, secrets, expected };
}

describe('address list → counts per Ortsteil, without keeping a person', () => {
  it('assigns points to the real Ortsteile by point in polygon and returns only counts', () => {
    const { csv, secrets, expected } = addressList();
    const r = readUptakeRecords(Buffer.from(csv, 'latin1'), 'teilnehmende.csv', { locate, ageBands });
    expect(inner).toHaveLength(4);
    const perArea = new Map<string, number>();
    for (const c of r.counts) perArea.set(c.areaId, (perArea.get(c.areaId) ?? 0) + c.count);
    expect(perArea).toEqual(expected);
    expect(r.recordsRead).toBe(3 + 4 + 5 + 6 + 1);
    expect(r.unassigned).toEqual({ outsideAreas: 1, unknownPostcode: 0 });
    expect(r.assignedBy).toEqual({ point: 18, postcode: 0 });
    // the first Ortsteil's three persons: j = 0, 2 → 6-9/f, j = 1 → 10-14/m
    const first = inner[0].properties.OT;
    expect(r.counts.filter((c) => c.areaId === first)).toEqual([
      { areaId: first, ageBand: '10-14', sex: 'm', count: 1 },
      { areaId: first, ageBand: '6-9', sex: 'f', count: 2 },
    ]);
    // nothing of the input survives: no name, street or coordinate, in any spelling
    const json = JSON.stringify(r);
    for (const s of secrets) expect(json).not.toContain(s);
    expect(Object.keys(r).sort()).toEqual(['assignedBy', 'counts', 'recordsRead', 'unassigned', 'warnings']);
  });

  it('refuses a list with the axes swapped rather than count everyone as outside', () => {
    const [cx, cy] = centroid(inner[0].geometry);
    const csv = `lon;lat\n${de(cy)};${de(cx)}\n${de(cy)};${de(cx)}\n`;
    expect(() => readUptakeRecords(Buffer.from(csv), 'x.csv', { locate })).toThrow(/lat, lon/);
  });
});

describe('postcode list → counts per Ortsteil by areal weights', () => {
  // 100 children in 04103 (0.257 in 01, 0.743 in 02) → 26 / 74; 10 in 04107 (all in 03);
  // "4103" written by a spreadsheet is 04103; 04999 is not in the matrix.
  const rows = ['PLZ;Alter;Geschlecht'];
  for (let i = 0; i < 99; i++) rows.push('04103;7;w');
  rows.push('4103;7;w');
  for (let i = 0; i < 10; i++) rows.push('04107;12;d');
  rows.push('04999;8;m');
  const csv = rows.join('\n');

  it('distributes by the real matrix, rounds to whole children and keeps the total', () => {
    const r = readUptakeRecords(Buffer.from(csv), 'plz.csv', { postcodeWeights: matrix.weights, ageBands });
    expect(r.counts).toEqual([
      { areaId: '01', ageBand: '6-9', sex: 'f', count: 26 },
      { areaId: '02', ageBand: '6-9', sex: 'f', count: 74 },
      { areaId: '03', ageBand: '10-14', sex: 'd', count: 10 },
    ]);
    expect(r.recordsRead).toBe(111);
    expect(r.assignedBy.postcode).toBe(110);
    expect(r.unassigned).toEqual({ outsideAreas: 0, unknownPostcode: 1 });
    expect(r.warnings.map((w) => [w.code, w.value])).toEqual([
      ['UPTAKE_POSTCODE_PADDED', undefined],
      ['AREAL_SOURCE_UNKNOWN', '04999'],
    ]);
  });
});

describe('bad rows reject the whole list, each named by line and column', () => {
  const csv = [
    'Name;Straße;lon;lat;Altersgruppe;Geschlecht',
    'Ida Gut;Weg 1;12,37;51,34;6-9;w',
    'Bert Falsch;Weg 2;12,37;151,34;6-9;w', // latitude out of range
    'Cora Falsch;Weg 3;12,37;51,34;6-9;q', // sex
    'Dana Falsch;Weg 4;;;6-9;w', // no location, and no postcode column
    'Emil Falsch;Weg 5;12,37;51,34;3-5;m', // age band not allowed
    'Fritz Kurz;Weg 6;12,37', // too few cells
  ].join('\n');

  it('lists every bad row, in German and English, and says nothing was imported', () => {
    let err: LernortError | undefined;
    try {
      readUptakeRecords(Buffer.from(csv), 'liste.csv', { locate, ageBands, postcodeWeights: matrix.weights });
    } catch (e) {
      err = e as LernortError;
    }
    expect(err).toBeInstanceOf(LernortError);
    expect(err!.code).toBe('UPTAKE_RECORDS_INVALID');
    const problems = err!.details as Problem[];
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['UPTAKE_COORDINATE', 3, 'lat'],
      ['UPTAKE_SEX', 4, 'Geschlecht'],
      ['UPTAKE_NO_LOCATION', 5, 'lon'],
      ['UPTAKE_AGE_BAND', 6, 'Altersgruppe'],
      ['CSV_FOOTNOTE_ROW', 7, undefined], // the CSV reader's name for a row with half the cells or fewer
    ]);
    expect(err!.de).toBe('5 fehlerhafte Zeile(n); die Liste wurde nicht übernommen. Zeile 3, Spalte „lat“: keine gültige geographische Breite (−90 bis 90); der Wert wird aus Datenschutzgründen nicht wiederholt.');
    expect(err!.en).toBe('5 bad row(s); the list was not imported. Line 3, column "lat": not a valid latitude (−90 to 90); the value is not repeated for privacy.');
    expect(err!.location).toEqual({ file: 'liste.csv', line: 3, field: 'lat' });
    expect(problems[4].en).toBe('Line 7: too few cells (a note or a cut-off row).');
    // the error repeats no value of the list either
    const json = JSON.stringify({ de: err!.de, en: err!.en, details: err!.details });
    for (const s of ['Bert', 'Cora', 'Dana', 'Fritz', 'Weg ', '151,34', '12,37', '"q"', '3-5;']) expect(json).not.toContain(s);
  });

  it('asks for a location column, and for age bands when only an age is given', () => {
    expect(() => readUptakeRecords(Buffer.from('Name;Alter\nIda;7\n'), 'a.csv', { locate })).toThrow(expect.objectContaining({ code: 'UPTAKE_NO_LOCATION_COLUMNS' }));
    expect(() => readUptakeRecords(Buffer.from('PLZ;Alter\n04103;7\n'), 'a.csv', { postcodeWeights: matrix.weights })).toThrow(expect.objectContaining({ code: 'UPTAKE_NO_AGE_BANDS' }));
  });

  it('rejects an age outside every band', () => {
    expect(() => readUptakeRecords(Buffer.from('PLZ;Alter\n04103;7\n04103;15\n'), 'a.csv', { postcodeWeights: matrix.weights, ageBands })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ code: 'UPTAKE_AGE', line: 3, field: 'Alter' })] }),
    );
  });
});

describe('coordinates in metres', () => {
  it('says once for the whole list that the coordinates look projected, besides naming each row', () => {
    const csv = 'lon;lat\n317000;5690000\n318000;5691000\n';
    try {
      readUptakeRecords(Buffer.from(csv), 'utm.csv', { locate });
      expect.unreachable();
    } catch (e) {
      const codes = ((e as LernortError).details as Problem[]).map((p) => p.code);
      expect(codes.filter((c) => c === 'UPTAKE_COORDINATE')).toHaveLength(4);
      expect(codes[0]).toBe('UPTAKE_PROJECTED'); // file-level problems (no line) come first
    }
  });
});
