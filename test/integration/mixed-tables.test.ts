// A Hamburg-like Stadtteil profile (invented numbers): city, Bezirk and Stadtteil rows in one file,
// "Eimsbüttel" both a Bezirk and a Stadtteil, "Kleiner Grasbrook und Steinwerder" one row for two
// Stadtteile, and the island Neuwerk absent. Imported in one request into a synthetic layer set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, signIn, testApp, type TestApp } from './helpers.ts';
import { upsertLayer } from '../../src/modules/areas/service.ts';
import { layerValues } from '../../src/modules/monitoring/service.ts';

let t: TestApp;
let admin: { cookie: string; csrf: string };
const LAYERS = ['hh_stadtteil_merged', 'hh_stadtteil', 'hh_bezirk', 'hh_stadt'];
const INDICATORS = ['hh_einwohner', 'hh_kinder'];
const cleanUp = async () => {
  for (const l of LAYERS) await t.db.pool.query('DELETE FROM layers WHERE key = $1', [l]);
  for (const i of INDICATORS) await t.db.pool.query('DELETE FROM indicators WHERE key = $1', [i]);
};

async function area(layer: string, code: string, name: string, parent?: [string, string]) {
  await t.db.pool.query(
    `INSERT INTO areas (layer_id, code, name, parent_id)
     VALUES ((SELECT id FROM layers WHERE key = $1), $2, $3,
             (SELECT a.id FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = $4 AND a.code = $5))`,
    [layer, code, name, parent?.[0] ?? null, parent?.[1] ?? null],
  );
}

beforeAll(async () => {
  t = await testApp();
  admin = await signIn(t, 'admin');
  await cleanUp();
  await upsertLayer(t.db.pool, { key: 'hh_stadt', nameDe: 'Stadt', nameEn: 'City', kind: 'geometry', sort: 800 });
  await upsertLayer(t.db.pool, { key: 'hh_bezirk', nameDe: 'Bezirke', nameEn: 'Boroughs', kind: 'geometry', parentKey: 'hh_stadt', sort: 801 });
  await upsertLayer(t.db.pool, { key: 'hh_stadtteil', nameDe: 'Stadtteile', nameEn: 'Quarters', kind: 'geometry', parentKey: 'hh_bezirk', sort: 802 });
  await area('hh_stadt', '02000000', 'Hamburg');
  await area('hh_bezirk', '1', 'Hamburg-Mitte', ['hh_stadt', '02000000']);
  await area('hh_bezirk', '3', 'Eimsbüttel', ['hh_stadt', '02000000']);
  await area('hh_stadtteil', '103', 'HafenCity', ['hh_bezirk', '1']);
  await area('hh_stadtteil', '104', 'Kleiner Grasbrook', ['hh_bezirk', '1']);
  await area('hh_stadtteil', '105', 'Steinwerder', ['hh_bezirk', '1']);
  await area('hh_stadtteil', '107', 'Neuwerk', ['hh_bezirk', '1']);
  await area('hh_stadtteil', '301', 'Eimsbüttel', ['hh_bezirk', '3']);
  await area('hh_stadtteil', '302', 'Rotherbaum', ['hh_bezirk', '3']);
});
afterAll(async () => {
  if (t) await cleanUp();
  await t?.close();
});

async function upload(name: string, content: string, fields: Record<string, string>) {
  const body = multipart({ name, content }, fields);
  const res = await t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
  return { status: res.statusCode, report: res.json() };
}

const profile = [
  'Gebiet;Ebene;Einwohner 2023;Kinder 2023',
  'Hamburg;Stadt;20000;3000',
  'Hamburg-Mitte;Bezirk;7030;1100',
  'Eimsbüttel;Bezirk;12970;1900',
  'Bezirk Hamburg-Mitte;Überschrift;;',
  'HafenCity;Stadtteil;5000;800',
  'Kleiner Grasbrook und Steinwerder;Stadtteil;2000;297',
  'Eimsbüttel;Stadtteil;9000;1400',
  'Rotherbaum;Stadtteil;3970;500',
].join('\n');
const spec = {
  areaColumn: 'Gebiet', levelColumn: 'Ebene', hasHeader: true,
  levels: { Stadt: 'hh_stadt', Bezirk: 'hh_bezirk', Stadtteil: 'hh_stadtteil', 'Überschrift': '' },
  columns: [{ column: 'Einwohner 2023', indicator: 'hh_einwohner', period: '2023' }],
};

describe('a mixed-level profile table with a merged row', () => {
  it('refuses the file without a level rule, naming the line where the two Eimsbüttel rows collide', async () => {
    const { status, report } = await upload('profil.csv', profile, { tableSpec: JSON.stringify({ ...spec, levelColumn: undefined, levels: undefined }), layer: 'hh_stadtteil', createIndicators: 'true', dryRun: 'true' });
    expect(status).toBe(422);
    expect(report.errors.map((e: { code: string }) => e.code)).toContain('OBSERVATION_DUPLICATE');
  });

  it('imports city, Bezirk and Stadtteil rows in one request; the merged row becomes a grouping of two Stadtteile', async () => {
    const { status, report } = await upload('profil.csv', profile, { tableSpec: JSON.stringify(spec), createIndicators: 'true' });
    expect(status, JSON.stringify(report.errors.slice(0, 3))).toBe(200);
    expect(report).toMatchObject({ status: 'committed', rowsWritten: 7 });
    expect(report.mapped).toContainEqual({ name: 'Kleiner Grasbrook und Steinwerder', code: '104+105', layer: 'hh_stadtteil_merged', how: 'merged' });
    const codes = report.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain('AREA_MERGED');
    // Neuwerk, the island, has no row; its merged neighbours are not reported missing.
    const missing = report.warnings.filter((w: { code: string }) => w.code === 'AREAS_WITHOUT_VALUE');
    expect(missing).toHaveLength(1);
    expect(missing[0].en).toBe('1 of 6 areas of layer "hh_stadtteil" get no value from this file: Neuwerk (107).');
    const stored = await t.db.pool.query(
      `SELECT l.key AS layer, a.name, o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN layers l ON l.id = a.layer_id
        JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'hh_einwohner' ORDER BY l.key, a.name`);
    expect(stored.rows).toEqual([
      { layer: 'hh_bezirk', name: 'Eimsbüttel', value: 12970 }, { layer: 'hh_bezirk', name: 'Hamburg-Mitte', value: 7030 },
      { layer: 'hh_stadt', name: 'Hamburg', value: 20000 },
      { layer: 'hh_stadtteil', name: 'Eimsbüttel', value: 9000 }, { layer: 'hh_stadtteil', name: 'HafenCity', value: 5000 }, { layer: 'hh_stadtteil', name: 'Rotherbaum', value: 3970 },
      { layer: 'hh_stadtteil_merged', name: 'Kleiner Grasbrook und Steinwerder', value: 2000 },
    ]);
    const members = await t.db.pool.query(
      `SELECT m.code FROM area_members am JOIN areas g ON g.id = am.group_id JOIN areas m ON m.id = am.member_id JOIN layers l ON l.id = g.layer_id
        WHERE l.key = 'hh_stadtteil_merged' ORDER BY m.code`);
    expect(members.rows.map((r) => r.code)).toEqual(['104', '105']);
  });

  it('aggregates a Stadtteil-only indicator to the Bezirk through the merged row: 800 + 297 + 3 = 1,100 exactly', async () => {
    const kinder = ['Gebiet;Kinder', 'HafenCity;800', 'Kleiner Grasbrook + Steinwerder;297', 'Neuwerk;3', 'Eimsbüttel;1400', 'Rotherbaum;500'].join('\n');
    const { status, report } = await upload('kinder.csv', kinder, {
      tableSpec: JSON.stringify({ areaColumn: 'Gebiet', hasHeader: true, columns: [{ column: 'Kinder', indicator: 'hh_kinder', period: '2023' }] }),
      layer: 'hh_stadtteil', createIndicators: 'true',
    });
    expect(status, JSON.stringify(report.errors.slice(0, 3))).toBe(200);
    // The second file reuses the merged area made by the first.
    expect(report.mapped).toContainEqual(expect.objectContaining({ code: '104+105', how: 'merged' }));
    const n = await t.db.pool.query(`SELECT count(*)::int AS n FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = 'hh_stadtteil_merged'`);
    expect(n.rows[0].n).toBe(1);
    const boroughs = await layerValues(t.db.pool, 'hh_bezirk', 'hh_kinder', '2023');
    expect(boroughs.map((b) => [b.areaName, b.value, b.aggregated])).toEqual([['Hamburg-Mitte', 1100, true], ['Eimsbüttel', 1900, true]]);
    const city = await layerValues(t.db.pool, 'hh_stadt', 'hh_kinder', '2023');
    expect(city[0].value).toBe(3000);
  });

  it('takes a confirmed mapping "X=A+B" as the sum of A and B', async () => {
    const csv = ['Gebiet;Kinder', 'Hafengebiet Süd;297'].join('\n');
    const { status, report } = await upload('kinder-2.csv', csv, {
      tableSpec: JSON.stringify({ areaColumn: 'Gebiet', hasHeader: true, columns: [{ column: 'Kinder', indicator: 'hh_kinder', period: '2022' }] }),
      layer: 'hh_stadtteil', nameMapping: JSON.stringify({ 'Hafengebiet Süd': 'Kleiner Grasbrook+Steinwerder' }), dryRun: 'true',
    });
    expect(status, JSON.stringify(report.errors.slice(0, 3))).toBe(200);
    expect(report.mapped).toEqual([{ name: 'Hafengebiet Süd', code: '104+105', layer: 'hh_stadtteil_merged', how: 'merged' }]);
  });

  it('reports Hamburg-Mitte as incomplete in the consistency report: 1 of 4 Stadtteile have values', async () => {
    const analyst = await signIn(t, 'analyst');
    const res = await t.app.inject({ method: 'GET', url: '/api/consistency?indicator=hh_einwohner&differencesOnly=true', headers: { cookie: analyst.cookie } });
    const mitte = res.json().find((r: { parentName: string }) => r.parentName === 'Hamburg-Mitte');
    expect(mitte).toMatchObject({ status: 'incomplete', children: 4, childrenWithValue: 1, published: 7030, sumOfChildren: 5000, difference: 2030 });
  });
});
