// Undoing an import through the API: exactly what it wrote goes, audited; refused where something
// depends on it, in German and English.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, signIn, testApp, type TestApp } from './helpers.ts';
import { sharedDataDir } from './env.ts';

let t: TestApp;
let admin: { cookie: string; csrf: string };
const cleanUp = async () => {
  await t.db.pool.query(`DELETE FROM layers WHERE key IN ('undo_bezirk', 'undo_stadtteil')`);
  await t.db.pool.query(`DELETE FROM indicators WHERE key = 'undo_zahl'`);
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

const headers = () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrf });
async function upload(name: string, content: Buffer | string, fields: Record<string, string>) {
  const body = multipart({ name, content }, fields);
  return (await t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, ...headers() } })).json();
}
const undo = (id: number, h: Record<string, string> = headers()) => t.app.inject({ method: 'POST', url: `/api/imports/${id}/undo`, headers: h });
const flensburg = (f: string) => fs.readFileSync(path.join(sharedDataDir(), 'flensburg', f));

describe('undoing an import', () => {
  it('removes the values an observation import wrote, and only those', async () => {
    const first = await upload('a.csv', 'gebiet;indikator;jahr;wert\n62;undo_zahl;2030;1\n21;undo_zahl;2030;2\n', { layer: 'ortsteil', createIndicators: 'true' });
    const second = await upload('b.csv', 'gebiet;indikator;jahr;wert\n62;undo_zahl;2031;5\n', { layer: 'ortsteil' });
    expect([first.status, second.status]).toEqual(['committed', 'committed']);
    const res = await undo(first.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'observations', observationsRemoved: 2, areasRemoved: 0 });
    expect(res.json().note.en).toContain('not restored');
    const left = await t.db.pool.query(`SELECT o.period, o.value FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'undo_zahl'`);
    expect(left.rows).toEqual([{ period: '2031', value: 5 }]);
    const audit = await t.db.pool.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action = 'import-undo'`, [String(first.id)]);
    expect(audit.rows).toHaveLength(1);
    // Twice is refused: it is undone already.
    const again = await undo(first.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('IMPORT_UNDO_REFUSED');
  });

  it('refuses a layer its children depend on, then removes it when they are gone', async () => {
    const parent = await upload('flensburg_stadtteile.geojson', flensburg('flensburg_stadtteile.geojson'), { kind: 'areas', layer: 'undo_stadtteil', codeProperty: 'AREA_ID', createLayer: 'true', layerName: 'Stadtteile' });
    const child = await upload('flensburg_stadtbezirke.geojson', flensburg('flensburg_stadtbezirke.geojson'), { kind: 'areas', layer: 'undo_bezirk', codeProperty: 'AREA_ID', createLayer: 'true', layerName: 'Bezirke', parentLayer: 'undo_stadtteil' });
    expect([parent.status, child.status]).toEqual(['committed', 'committed']);
    const blocked = await undo(parent.id);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.message.en).toMatch(/41 child areas, 1 layers/);
    expect(blocked.json().error.message.de).toMatch(/41 untergeordnete Gebiete/);
    const c = await undo(child.id);
    expect(c.json()).toMatchObject({ kind: 'areas', areasRemoved: 41, layerRemoved: 'undo_bezirk' });
    const p = await undo(parent.id);
    expect(p.json()).toMatchObject({ areasRemoved: 13, layerRemoved: 'undo_stadtteil' });
    const layers = await t.db.pool.query(`SELECT key FROM layers WHERE key LIKE 'undo_%'`);
    expect(layers.rows).toEqual([]);
  });

  it('refuses an area import into an existing layer, and a viewer altogether', async () => {
    const r = await upload('ortsteile.geojson', fs.readFileSync(path.join(sharedDataDir(), 'leipzig', 'ortsteile.geojson')), { kind: 'areas', layer: 'ortsteil', codeProperty: 'OT', nameProperty: 'Name', dryRun: 'true' });
    expect(r.status).toBe('dry_run');
    const last = (await t.db.pool.query(`SELECT id FROM imports WHERE kind = 'recipe' AND status = 'committed' ORDER BY id LIMIT 1`)).rows[0];
    const recipe = await undo(last.id);
    expect(recipe.statusCode).toBe(409);
    expect(recipe.json().error.message.en).toContain('recipes, facilities');
    const viewer = await signIn(t, 'viewer');
    expect((await undo(last.id, { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf })).statusCode).toBe(403);
  });
});
