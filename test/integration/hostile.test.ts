// Hostile names (script tags, SQL, right-to-left marks, formula starts) round-trip harmlessly: the
// API returns them as data, exports neutralise formulas, nothing is executed or breaks a query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, signIn, testApp, type TestApp } from './helpers.ts';
import * as areas from '../../src/modules/areas/service.ts';

let t: TestApp;
let analyst: { cookie: string; csrf: string };
const SCRIPT = '<script>alert("x")</script>';
const SQL = "Robert'); DROP TABLE observations; --";
const RTL = 'Gebiet \u202Egnp.exe\u202C';
const FORMULA = '=HYPERLINK("http://example.invalid","klick")';

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
});
afterAll(async () => {
  await t.db.pool.query("DELETE FROM layers WHERE key = 'hostile'");
  await t?.close();
});

describe('hostile names', () => {
  it('stores and returns indicator metadata with script, SQL and RTL text verbatim, as JSON', async () => {
    const res = await t.app.inject({
      method: 'PUT', url: '/api/indicators/hostile_test', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf },
      payload: { name: SCRIPT, nameEn: SQL, unit: RTL, unitEn: FORMULA, kind: 'count' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const list = (await t.app.inject({ method: 'GET', url: '/api/indicators', headers: { cookie: analyst.cookie } })).json() as { key: string; name: string; nameEn: string; unit: string; unitEn: string }[];
    expect(list.find((i) => i.key === 'hostile_test')).toMatchObject({ name: SCRIPT, nameEn: SQL, unit: RTL, unitEn: FORMULA });
    const count = await t.db.pool.query('SELECT count(*)::int n FROM observations');
    expect(count.rows[0].n).toBeGreaterThan(0); // the table is still there
  });

  it('rejects hostile text where only keys are allowed, with a clear error', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/observations?indicator=${encodeURIComponent("x' OR '1'='1")}&period=2024&layer=ortsteil` });
    expect(res.statusCode).toBe(404);
    const res2 = await t.app.inject({ method: 'GET', url: `/api/observations?indicator=einwohner&period=${encodeURIComponent('2024; DROP TABLE x')}&layer=ortsteil` });
    expect(res2.statusCode).toBe(400);
    expect(res2.json().error.location.field).toBe('period');
  });

  it('imports areas with hostile names and serves them verbatim in GeoJSON', async () => {
    await areas.upsertLayer(t.db.pool, { key: 'hostile', nameDe: SCRIPT, nameEn: SQL, kind: 'geometry', sort: 99 });
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [SCRIPT, SQL, RTL, FORMULA].map((name, i) => ({
        type: 'Feature', properties: { code: `h${i}`, name },
        geometry: { type: 'Polygon', coordinates: [[[12.3 + i * 0.01, 51.3], [12.31 + i * 0.01, 51.3], [12.31 + i * 0.01, 51.31], [12.3 + i * 0.01, 51.3]]] },
      })),
    });
    const body = multipart({ name: 'hostile.geojson', content: geojson }, { kind: 'areas', layer: 'hostile', codeProperty: 'code', nameProperty: 'name' });
    const res = await t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });
    expect(res.statusCode, res.body).toBe(200);
    const fc = (await t.app.inject({ method: 'GET', url: '/api/areas?layer=hostile' })).json() as { features: { properties: { name: string } }[] };
    expect(fc.features.map((f) => f.properties.name).sort()).toEqual([SCRIPT, SQL, RTL, FORMULA].sort());
    const layers = (await t.app.inject({ method: 'GET', url: '/api/layers' })).json() as { key: string; name: string }[];
    expect(layers.find((l) => l.key === 'hostile')?.name).toBe(SCRIPT);
  });

  it('answers every error as JSON without a stack trace', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"username": "x", "password": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(res.json().error.code).toBeDefined();
  });
});
