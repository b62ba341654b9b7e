// Area imports that create their layer (issue 18 §1), on Flensburg's raw files in fresh layers of
// the shared database: 13 Stadtteile, 41 statistical districts inside them, a grouping of Stadtteile.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, signIn, testApp, type TestApp } from './helpers.ts';
import { sharedDataDir } from './env.ts';

let t: TestApp;
let admin: { cookie: string; csrf: string };
const LAYERS = ['fl_gruppe', 'fl_bezirk2', 'fl_bezirk', 'fl_stadtteil', 'fl_land', 'le_box'];
const cleanUp = async () => {
  await t.db.pool.query('DELETE FROM facility_areas WHERE layer_id IN (SELECT id FROM layers WHERE key = ANY($1))', [LAYERS]);
  for (const l of LAYERS) await t.db.pool.query('DELETE FROM layers WHERE key = $1', [l]);
};
beforeAll(async () => {
  t = await testApp();
  admin = await signIn(t, 'admin');
  await cleanUp();
});
afterAll(async () => {
  if (t) await cleanUp();
  await t?.close();
});

const flensburg = (name: string) => fs.readFileSync(path.join(sharedDataDir(), 'flensburg', name));
async function upload(name: string, fields: Record<string, string>) {
  const body = multipart({ name, content: flensburg(name) }, { kind: 'areas', ...fields });
  const res = await t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
  return { status: res.statusCode, report: res.json() };
}
const layer = async (key: string) => (await t.app.inject({ method: 'GET', url: '/api/layers' })).json().find((l: { key: string }) => l.key === key);

describe('an area import that creates its layer', () => {
  it('answers an unknown layer with the way to create it, and writes nothing', async () => {
    const { status, report } = await upload('flensburg_stadtteile.geojson', { layer: 'fl_stadtteil', codeProperty: 'AREA_ID' });
    expect(status).toBe(422);
    expect(report.errors[0].code).toBe('LAYER_UNKNOWN');
    expect(report.errors[0].en).toContain('--create-layer');
    expect(await layer('fl_stadtteil')).toBeUndefined();
  });

  it('shows on a dry run what it would create, and creates nothing', async () => {
    const { status, report } = await upload('flensburg_stadtteile.geojson', { layer: 'fl_stadtteil', codeProperty: 'AREA_NAME', namePattern: '^(\\d{2})\\s+(.+)$', createLayer: 'true', layerName: 'Stadtteile', layerNameEn: 'Districts', dryRun: 'true' });
    expect(status, JSON.stringify(report.errors)).toBe(200);
    expect(report).toMatchObject({ status: 'dry_run', areas: 13 });
    expect(await layer('fl_stadtteil')).toBeUndefined();
  });

  it('creates the Stadtteil layer and its 13 areas in one go, codes and names split from "03 Nordstadt"', async () => {
    const { status, report } = await upload('flensburg_stadtteile.geojson', { layer: 'fl_stadtteil', codeProperty: 'AREA_NAME', namePattern: '^(\\d{2})\\s+(.+)$', createLayer: 'true', layerName: 'Stadtteile', layerNameEn: 'Districts' });
    expect(status, JSON.stringify(report.errors)).toBe(200);
    expect(report).toMatchObject({ status: 'committed', rowsWritten: 13 });
    expect(await layer('fl_stadtteil')).toMatchObject({ areaCount: 13 });
    const r = await t.db.pool.query(`SELECT a.code, a.name FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = 'fl_stadtteil' AND a.code = '03'`);
    expect(r.rows[0]).toEqual({ code: '03', name: 'Nordstadt' });
  });

  it('refuses to create a layer that exists', async () => {
    const { status, report } = await upload('flensburg_stadtteile.geojson', { layer: 'fl_stadtteil', codeProperty: 'AREA_ID', createLayer: 'true', layerName: 'Noch einmal' });
    expect(status).toBe(422);
    expect(report.errors[0].code).toBe('LAYER_EXISTS');
  });

  it('puts each of the 41 statistical districts into its Stadtteil by location, and by the parent property alike', async () => {
    const byLocation = await upload('flensburg_stadtbezirke.geojson', { layer: 'fl_bezirk', codeProperty: 'AREA_ID', nameProperty: 'AREA_NAME', createLayer: 'true', layerName: 'Statistische Bezirke', parentLayer: 'fl_stadtteil' });
    expect(byLocation.status, JSON.stringify(byLocation.report.errors)).toBe(200);
    expect(byLocation.report.warnings.map((w: { code: string }) => w.code)).not.toContain('AREA_PARENT_NOT_FOUND');
    const byProperty = await upload('flensburg_stadtbezirke.geojson', { layer: 'fl_bezirk2', codeProperty: 'AREA_ID', createLayer: 'true', layerName: 'Bezirke (Schlüssel)', parentLayer: 'fl_stadtteil', parentProperty: 'PARENT_ARE', parentPattern: '^STGT(\\d{2})$' });
    expect(byProperty.status, JSON.stringify(byProperty.report.errors)).toBe(200);
    const parents = async (key: string) => (await t.db.pool.query(
      `SELECT c.code, p.code AS parent FROM areas c JOIN layers l ON l.id = c.layer_id JOIN areas p ON p.id = c.parent_id WHERE l.key = $1 ORDER BY c.code`, [key])).rows;
    const a = await parents('fl_bezirk');
    expect(a).toHaveLength(41);
    expect(a).toEqual(await parents('fl_bezirk2'));
    // "011 St. Nikolai" has PARENT_ARE STGT01: Altstadt.
    expect(a.find((x: { code: string }) => x.code === 'STBZ011')!.parent).toBe('01');
    expect(await layer('fl_bezirk')).toMatchObject({ parent: 'fl_stadtteil' });
  });

  it('uses a common name property when none is given (AREA_NAME), and says so when it must fall back to the code', async () => {
    const { report } = await upload('flensburg_stadtbezirke.geojson', { layer: 'fl_bezirk2', codeProperty: 'AREA_ID', dryRun: 'true' });
    expect(report.status).toBe('dry_run');
    expect(report.warnings.map((w: { code: string }) => w.code)).not.toContain('GEO_NAME_FROM_CODE');
  });

  it('creates a grouping whose members are found by location, and a parent layer above an existing one', async () => {
    const land = await upload('flensburg_stadtteile.geojson', { layer: 'fl_gruppe', codeProperty: 'AREA_NAME', namePattern: '^(\\d{2})\\s+(.+)$', createLayer: 'true', layerName: 'Gruppe', role: 'grouping', memberLayer: 'fl_bezirk' });
    expect(land.status, JSON.stringify(land.report.errors)).toBe(200);
    const m = await t.db.pool.query(`SELECT count(*)::int AS n FROM area_members am JOIN areas g ON g.id = am.group_id JOIN layers l ON l.id = g.layer_id WHERE l.key = 'fl_gruppe'`);
    expect(m.rows[0].n).toBe(41);
    expect(await layer('fl_gruppe')).toMatchObject({ kind: 'grouping' });
    const parent = await upload('flensburg_stadtteile.geojson', { layer: 'fl_land', codeProperty: 'AREA_ID', createLayer: 'true', layerName: 'Stadtteile (oben)', role: 'parent', childLayer: 'fl_bezirk2' });
    expect(parent.status, JSON.stringify(parent.report.errors)).toBe(200);
    expect(parent.report.extra?.linked ?? parent.report.warnings).toBeDefined();
    expect(await layer('fl_bezirk2')).toMatchObject({ parent: 'fl_land' });
    const linked = await t.db.pool.query(`SELECT count(*)::int AS n FROM areas c JOIN layers l ON l.id = c.layer_id JOIN areas p ON p.id = c.parent_id JOIN layers pl ON pl.id = p.layer_id WHERE l.key = 'fl_bezirk2' AND pl.key = 'fl_land'`);
    expect(linked.rows[0].n).toBe(41);
  });

  it('is followed by the facilities: an area import announces "areas changed" and every facility in the new area is assigned to it, in the same transaction', async () => {
    // One rectangle round Leipzig (WGS84): every located facility of the Leipzig recipe lies in it.
    const box = [[[12.0, 51.1], [12.8, 51.1], [12.8, 51.6], [12.0, 51.6], [12.0, 51.1]]];
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'box', name: 'Leipzig und Umgebung' }, geometry: { type: 'Polygon', coordinates: box } }] });
    const body = multipart({ name: 'box.geojson', content: geojson }, { kind: 'areas', layer: 'le_box', codeProperty: 'code', nameProperty: 'name', createLayer: 'true', layerName: 'Kasten' });
    const res = await t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    expect(res.statusCode, res.body).toBe(200);
    const inBox = (await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM facilities WHERE geom IS NOT NULL AND ST_X(geom) BETWEEN 12.0 AND 12.8 AND ST_Y(geom) BETWEEN 51.1 AND 51.6`)).rows[0].n;
    const assigned = (await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM facility_areas fa JOIN layers l ON l.id = fa.layer_id WHERE l.key = 'le_box'`)).rows[0].n;
    expect(inBox).toBeGreaterThan(100);
    expect(assigned).toBe(inBox);
  });
});
