// What an import report says beyond errors: areas left without a value, no record for a dry run,
// and a recipe uploaded as if it were data.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, signIn, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
let admin: { cookie: string; csrf: string };
beforeAll(async () => {
  t = await testApp();
  admin = await signIn(t, 'admin');
});
afterAll(async () => t?.close());

async function upload(file: { name: string; content: Buffer | string }, fields: Record<string, string>) {
  const body = multipart(file, fields);
  return t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
}
const importCount = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM imports')).rows[0].n as number;

describe('import reports', () => {
  it('names the 61 Ortsteile a two-row file leaves without a value, Zentrum among them', async () => {
    const csv = ['gebiet;indikator;jahr;wert', '62;einwohner;2032;100', '21;einwohner;2032;200'].join('\n');
    const res = await upload({ name: 'zwei.csv', content: csv }, { layer: 'ortsteil', dryRun: 'true' });
    expect(res.statusCode).toBe(200);
    const w = res.json().warnings.find((x: { code: string }) => x.code === 'AREAS_WITHOUT_VALUE');
    expect(w.en).toMatch(/^61 of 63 areas of layer "ortsteil" get no value from this file: /);
    expect(w.en).toContain('Zentrum (00)');
    expect(w.de).toMatch(/^61 von 63 Gebieten/);
    expect(w.value.split(',')).toHaveLength(61);
    expect(w.value.split(',')).not.toContain('62');
  });

  it('says nothing about missing areas when every Stadtbezirk gets a value', async () => {
    const lines = ['gebiet;indikator;jahr;wert', ...Array.from({ length: 10 }, (_, i) => `${i};einwohner;2032;${100 + i}`)];
    const res = await upload({ name: 'bezirke.csv', content: lines.join('\n') }, { layer: 'stadtbezirk', dryRun: 'true' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json().warnings.map((x: { code: string }) => x.code)).not.toContain('AREAS_WITHOUT_VALUE');
  });

  it('leaves no import record for a dry run, neither a passing nor a rejected one', async () => {
    const before = await importCount();
    const ok = await upload({ name: 'dry.csv', content: 'gebiet;indikator;jahr;wert\n62;einwohner;2032;100\n' }, { layer: 'ortsteil', dryRun: 'true' });
    expect(ok.json()).toMatchObject({ status: 'dry_run', id: null });
    const bad = await upload({ name: 'dry-bad.csv', content: 'gebiet;indikator;jahr;wert\nAtlantis;einwohner;2032;100\n' }, { layer: 'ortsteil', dryRun: 'true' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ status: 'rejected', id: null });
    expect(await importCount()).toBe(before);
    // A real attempt that fails is still on record.
    const real = await upload({ name: 'bad.csv', content: 'gebiet;indikator;jahr;wert\nAtlantis;einwohner;2032;100\n' }, { layer: 'ortsteil' });
    expect(typeof real.json().id).toBe('number');
    expect(await importCount()).toBe(before + 1);
  });

  it('answers a recipe uploaded as data under another name with FILE_IS_RECIPE, not the Leipzig API format', async () => {
    const recipe = fs.readFileSync(path.join(process.cwd(), 'recipes', 'leipzig', 'recipe.json'));
    const res = await upload({ name: 'mein-rezept.json', content: recipe }, {});
    expect(res.statusCode).toBe(422);
    const err = res.json().errors[0];
    expect(err.code).toBe('FILE_IS_RECIPE');
    expect(err.en).toContain('import recipe');
    expect(err.en).not.toMatch(/Leipzig/);
  });
});
