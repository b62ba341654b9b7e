// The demography module on the real Leipzig data through the API (both backends): age structure
// estimated from the two ratios, projections controlled to the city total that never leak into the
// actuals, the backtest against the naive baseline and the published forecasts on their own basis,
// seeded typology runs that reproduce, and the CLI import of published forecasts (all or nothing).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { signIn, testApp, type TestApp } from './helpers.ts';
import { sharedDataDir } from './env.ts';

let t: TestApp;
let analyst: { cookie: string; csrf: string };
let viewer: { cookie: string };
const prognose = (f: string) => path.join(sharedDataDir(), 'leipzig', 'prognose', f);

function lernort(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), ...args], { env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  viewer = await signIn(t, 'viewer');
  await t.db.pool.query('DELETE FROM demography_published');
  await removeOurVariants();
});
// The projections and published forecasts this file stored as series variants are removed again:
// other test files read the same database and expect no values for future years.
async function removeOurVariants(): Promise<void> {
  const ours = "SELECT id FROM series_variants WHERE model LIKE 'lernort trend-average%' OR model LIKE 'Stadt Leipzig%' OR model LIKE 'Statistisches Landesamt%' OR model LIKE 'Bertelsmann%'";
  await t.db.pool.query(`DELETE FROM observations WHERE variant_id IN (${ours})`);
  await t.db.pool.query(`DELETE FROM series_variants WHERE id IN (${ours})`);
  await t.db.pool.query('DELETE FROM demography_runs');
  // The band indicators a projection run creates (no actuals of their own in the Leipzig data).
  await t.db.pool.query("DELETE FROM indicators i WHERE i.key IN ('einwohner_u6', 'einwohner_6_10', 'einwohner_10_15') AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.indicator_id = i.id)");
}

afterAll(async () => {
  if (t) await removeOurVariants();
  await t?.db.pool.query('DELETE FROM demography_published');
  await t?.close();
});

const get = async (url: string, cookie = analyst.cookie) => {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json();
};
const post = async (url: string, payload: unknown, status = 201) => {
  const res = await t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(status);
  return res.json();
};

describe('CLI: lernort projection import', () => {
  it('rejects a bad file with file, line and field in both languages, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-prognose-'));
    const bad = path.join(dir, 'bad-forecasts.csv');
    const good = fs.readFileSync(prognose('published-forecasts.csv'), 'utf8').split('\n');
    good[2] = good[2].replace(';register;', ';melderegister;');
    fs.writeFileSync(bad, good.join('\n'));
    const r = await lernort(['projection', 'import', bad]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('PROJECTION_FILE_REJECTED');
    expect(r.stderr).toContain('bad-forecasts.csv, Zeile/line 3, Feld/field „basis“');
    expect(r.stderr).toContain('nichts importiert');
    expect(r.stderr).toContain('nothing imported');
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM demography_published')).rows[0].n).toBe(0);
  });

  it('imports published-forecasts.csv (24 values with their basis) and the RBV PDF (2019–2035, V1/V2) with the rounding warning', async () => {
    const csv = await lernort(['projection', 'import', prognose('published-forecasts.csv')]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain('24 Werte/values, neu/new 24');
    const pdf = await lernort(['projection', 'import', prognose('rbv7-kreisfreie-stadt-leipzig.pdf')]);
    expect(pdf.code, pdf.stderr).toBe(0);
    // 17 years × 2 variants; the CSV's 8 RBV values are the same keys and are replaced, not doubled.
    expect(pdf.stdout).toContain('34 Werte/values, neu/new 26, ersetzt/replaced 8');
    expect(pdf.stdout).toContain('RBV_ROUNDED');
    expect(pdf.stdout).toContain('RBV_COMPONENTS_DIFFER');
    const published: Array<{ publisher: string; variant: string; targetYear: number; population: number; basis: string }> = await get('/api/demography/published');
    expect(published).toHaveLength(50);
    const v1 = published.filter((p) => p.variant === 'V1').sort((a, b) => a.targetYear - b.targetYear);
    expect(v1.map((p) => p.targetYear)).toEqual(Array.from({ length: 17 }, (_, i) => 2019 + i));
    expect(v1.find((p) => p.targetYear === 2020)).toMatchObject({ population: 604000, basis: 'official' });
    expect(published.find((p) => p.publisher.includes('Wegweiser'))).toMatchObject({ population: 564540, basis: 'official', targetYear: 2020 });
  });

  it('prints the backtest report (lernort demography backtest)', async () => {
    const r = await lernort(['demography', 'backtest']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2012 → 2020 (8) | -1.88 % | -12.70 % | -4.57 % | 7.39 | +0.35 % | 11.13 | -10.71 %');
    expect(r.stdout).toContain('564540 → PE -6.75 %, auf eigener Basis / own basis -5.38 % [BASIS_MISMATCH]');
    expect(r.stdout).toContain('band missed by +2.61 %');
  });
});

describe('demography API', () => {
  it('is internal: anonymous visitors must sign in, viewers lack data:read', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/demography/areas/ortsteil/62' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/demography/areas/ortsteil/62', headers: { cookie: viewer.cookie } })).statusCode).toBe(403);
  });

  it('derives the three broad groups of Grünau-Mitte from the ratios, flagged as estimated, and says what cannot be shown', async () => {
    const age = await get('/api/demography/areas/ortsteil/62/age-structure');
    expect(age.source).toBe('derived');
    expect(age.year).toBe(2020);
    expect(age.bands.map((b: { from: number; to: number | null }) => [b.from, b.to])).toEqual([[0, 15], [15, 65], [65, null]]);
    expect(age.bands.every((b: { estimated: boolean }) => b.estimated)).toBe(true);
    const obs = await get('/api/observations?indicator=einwohner&layer=ortsteil&period=2020');
    const total = obs.find((o: { areaCode: string }) => o.areaCode === '62').value;
    expect(age.bands.reduce((s: number, b: { value: number }) => s + b.value, 0)).toBeCloseTo(total, 6);
    const j = age.ratios.find((r: { key: string }) => r.key === 'jugendquote').value;
    expect((100 * age.bands[0].value) / age.bands[1].value).toBeCloseTo(j, 6);
    for (const b of age.bands) expect(b.min).toBeLessThanOrEqual(b.value);
    expect(age.cannotShow.map((c: { en: string }) => c.en).join(' ')).toContain('population pyramid');
  });

  it('projects the Ortsteile to 2040 with scenarios, controlled to the city, and stores the run without touching the actuals', async () => {
    const actualsSql = "SELECT count(*)::int AS n, max(period) AS p, sum(value) AS s FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'einwohner' AND o.variant_id = 1";
    const before = (await t.db.pool.query(actualsSql)).rows[0];
    const run = await post('/api/demography/projection-runs', { layer: 'ortsteil' });
    const r = run.results;
    expect(r.params.launchYear).toBe(2024);
    expect(r.areas).toHaveLength(63);
    const medium = r.city.scenarios.find((s: { scenario: string }) => s.scenario === 'medium');
    expect(medium.values.at(-1).year).toBe(2040);
    const lowHigh = ['low', 'high'].map((n) => r.city.scenarios.find((s: { scenario: string }) => s.scenario === n).values.find((v: { year: number }) => v.year === 2030).value);
    const mid2030 = medium.values.find((v: { year: number }) => v.year === 2030).value;
    expect(lowHigh[0]).toBeLessThan(mid2030);
    expect(lowHigh[1]).toBeGreaterThan(mid2030);
    // Control: the 63 Ortsteile add up to the city projection times their share at the launch year (632,560 / 632,562).
    const sum2030 = r.areas.reduce((s: number, a: { scenarios: Array<{ scenario: string; values: Array<{ year: number; value: number }> }> }) => s + a.scenarios.find((x) => x.scenario === 'medium')!.values.find((v) => v.year === 2030)!.value, 0);
    expect(sum2030).toBeCloseTo((mid2030 * 632560) / 632562, 3);
    // The state office's variants control further scenarios on their growth only (other basis).
    expect(r.city.scenarios.map((s: { scenario: string }) => s.scenario)).toEqual(['low', 'medium', 'high', '7. RBV V1', '7. RBV V2']);
    expect(r.warnings.map((w: { code: string }) => w.code)).toContain('DEMOGRAPHY_BASIS_GROWTH_ONLY');
    expect(r.city.scenarios[1].relative).toBeCloseTo((100 * (mid2030 - 528540)) / 528540, 6);
    const after = (await t.db.pool.query(actualsSql)).rows[0];
    expect(after).toEqual(before);
    // The contract: the ordinary observations API serves the stored projection for 2030 as forecast,
    // named by its scenario; 2024 (actuals) stays actual.
    const served: Array<{ areaCode: string; value: number; forecast: boolean; scenario: string | null; variant: { model: string | null; vintage: number | null; basis: string | null } }> = await get('/api/observations?indicator=einwohner&period=2030&layer=ortsteil&scenario=medium');
    expect(served).toHaveLength(63);
    expect(served.every((v) => v.forecast && v.scenario === 'medium' && v.variant.vintage === 2024 && v.variant.basis === 'register')).toBe(true);
    expect(served.reduce((x, v) => x + v.value, 0)).toBeCloseTo(sum2030, 3);
    const actual2024: Array<{ forecast: boolean }> = await get('/api/observations?indicator=einwohner&period=2024&layer=ortsteil');
    expect(actual2024.every((v) => v.forecast === false)).toBe(true);
    const again = await post(`/api/demography/runs/${run.id}/reproduce`, {});
    expect(again).toMatchObject({ sameInputs: true, identical: true });
  });

  it('serves the profile section: projection, backtest beside the naive baseline, published forecasts', async () => {
    const d = await get('/api/demography/areas/ortsteil/62');
    expect(d.projection.area.name).toBe('Grünau-Mitte');
    const s = d.backtest.summary.find((x: { launchYear: number; target: number }) => x.launchYear === 2012 && x.target === 2020);
    expect(s.areas.chosenMape).toBeCloseTo(7.39, 2);
    expect(s.areas.naiveMape).toBeCloseTo(11.13, 2);
    expect(s.city.chosen).toBeCloseTo(-1.88, 2);
    const band = s.published.find((p: { variant: string }) => p.variant === 'upper');
    expect(band.bandMiss).toBeCloseTo(2.61, 2);
    expect(typeof s.area.chosen).toBe('number');
  });

  it('projects the planning target groups per Ortsteil and planning area (estimated from the ratios) and serves them as forecasts', async () => {
    type Band = { key: string; estimated: boolean; shareYear: number; scenarios: Array<{ scenario: string; values: Array<{ year: number; value: number }> }> };
    const d = await get('/api/demography/areas/planungsraum/Gruenau');
    // Grünau = Ortsteile 60–66: the planning area's projection is the sum of its members (57,231 in 2024).
    expect(d.projection.area.actual.find((p: { year: number }) => p.year === 2024).value).toBe(57231);
    expect(d.targetGroups.bands.map((b: { key: string }) => b.key)).toEqual(['einwohner_u6', 'einwohner_6_10', 'einwohner_10_15']);
    // Its backtest is the Ortsteile's (MAPE over the members' layer); no per-area error of its own.
    expect(d.backtest.summary.find((x: { launchYear: number; target: number }) => x.launchYear === 2012 && x.target === 2020).areas.chosenMape).toBeCloseTo(7.39, 2);
    expect(d.targetGroups.bands.every((b: { estimated: boolean }) => b.estimated)).toBe(true);
    const bands: Band[] = d.targetGroups.area.bands;
    expect(bands.map((b) => b.shareYear)).toEqual([2020, 2020, 2020]); // the ratios end in 2020
    const at = (b: Band, y: number) => b.scenarios.find((s) => s.scenario === 'medium')!.values.find((v) => v.year === y)!.value;
    // Uniform split by single years inside under 15: 6 : 4 : 5.
    expect(at(bands[0], 2030) / at(bands[1], 2030)).toBeCloseTo(6 / 4, 9);
    expect(d.targetGroups.notes.some((n: { de: string }) => n.de.includes('15 bis unter 18 und 18 bis unter 27 werden nicht geschätzt'))).toBe(true);
    // The stored run wrote them as variants: the observations contract serves them, forecast and scenario named.
    const pa: Array<{ areaCode: string; value: number; forecast: boolean; scenario: string; flags: { estimated: boolean } }> = await get('/api/observations?indicator=einwohner_6_10&period=2030&layer=planungsraum');
    expect(pa).toHaveLength(7);
    expect(pa.every((v) => v.forecast && v.scenario === 'medium' && v.flags.estimated)).toBe(true);
    expect(pa.find((v) => v.areaCode === 'Gruenau')!.value).toBeCloseTo(at(bands[1], 2030), 6);
    const ot: Array<{ value: number }> = await get('/api/observations?indicator=einwohner_6_10&period=2030&layer=ortsteil');
    expect(ot).toHaveLength(63);
    expect(pa.reduce((s, v) => s + v.value, 0)).toBeCloseTo(ot.reduce((s, v) => s + v.value, 0), 4);
    // No actuals of the band exist, so nothing leaks: the period without forecasts has no values.
    const none: unknown[] = await get('/api/observations?indicator=einwohner_6_10&period=2020&layer=ortsteil');
    expect(none.every((v) => (v as { forecast: boolean }).forecast === false)).toBe(true);
  });

  it('warns wherever a forecast of one count basis is compared with actuals of the other (backtest API, profile)', async () => {
    const b = await get('/api/demography/backtest?layer=ortsteil');
    const mism = b.warnings.filter((w: { code: string }) => w.code === 'BASIS_MISMATCH');
    expect(mism.length).toBeGreaterThan(0);
    expect(mism.some((w: { de: string }) => w.de.includes('7. RBV') && w.de.includes('587857 amtlich gegenüber 596517 Register'))).toBe(true);
    expect(mism.some((w: { de: string }) => w.de.startsWith('Stadt Leipzig'))).toBe(false); // the city's forecasts are on the register basis
    const cityCode = (await t.db.pool.query<{ code: string }>("SELECT a.code FROM areas a JOIN layers l ON l.id = a.layer_id WHERE l.key = 'stadt'")).rows[0].code;
    const p = await get(`/api/demography/areas/stadt/${encodeURIComponent(cityCode)}`);
    expect(p.basisWarnings.map((w: { code: string }) => w.code)).toContain('BASIS_MISMATCH');
    expect(p.basisWarnings.length).toBe(new Set(p.published.filter((x: { basis: string }) => x.basis === 'official').map((x: { publisher: string; edition: number; variant: string }) => `${x.publisher} ${x.edition} ${x.variant}`)).size);
  });

  it('runs a seeded typology (Ward for k, then k-means) that reproduces exactly', async () => {
    const run = await post('/api/demography/typology-runs', { layer: 'ortsteil', seed: 7, restarts: 20, bootstrap: 20 });
    const r = run.results;
    expect(r.areas).toHaveLength(63);
    expect(r.params.period).toBe(2020);
    expect(r.indicators.map((i: { key: string }) => i.key)).toEqual(['durchschnittsalter', 'jugendquote', 'altenquote', 'auslaenderanteil', 'entwicklung_5j']);
    expect(r.k).toBe(r.kChoice.reduce((a: { gap: number; k: number }, b: { gap: number; k: number }) => (b.gap > a.gap ? b : a)).k);
    expect(r.silhouette).toBeGreaterThan(0);
    expect(r.stability.resamples).toBeGreaterThan(0);
    expect(r.profiles.reduce((s: number, p: { size: number }) => s + p.size, 0)).toBe(63);
    const again = await post(`/api/demography/runs/${run.id}/reproduce`, {});
    expect(again).toMatchObject({ sameInputs: true, identical: true });
    const latest = await get('/api/demography/typology?layer=ortsteil');
    expect(latest.runId).toBe(again.run.id);
  });
});
