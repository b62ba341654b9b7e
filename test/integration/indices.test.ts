// The index module against the real Leipzig data, on both backends: definitions (versioned), runs,
// reproduce/compare/export, focus areas, uncertainty, inequality, permissions, and the CLI contract.
// The expected MSS classes are computed in this file from the raw statistics files — never by
// calling the code under test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { currentFocusAreas } from '../../src/modules/indices/service.ts';
import { sharedDataDir } from './env.ts';
import { signIn, testApp, type TestApp } from './helpers.ts';

type Kd = { data: Record<string, Record<string, { value: number; district: string }[]>> };
const readKd = (file: string): Kd => JSON.parse(fs.readFileSync(path.join(sharedDataDir(), 'leipzig', 'statistik', file), 'utf8'));
const series = (kd: Kd, year: string, label: string) => new Map(kd.data[year][label].map((r) => [r.district, r.value]));

/** Status (and dynamics) by the Berlin MSS rules, computed by hand from the raw files. */
function expectedMss() {
  const alo = readKd('arbeitslose-insgesamt.json'), bg = readKd('bedarfsgemeinschaften.json'), ew = readKd('einwohner-insgesamt.json');
  const pick = (year: string) => [series(alo, year, 'Anteil an den Erwerbsfähigen'), series(bg, year, 'SGB-II-Quote'), series(bg, year, 'Anteil an Kindern')];
  const now = pick('2019'), before = pick('2017');
  const population = series(ew, '2019', 'Einwohner insgesamt');
  const names = [...now[0].keys()].filter((n) => (population.get(n) ?? 0) >= 300 && now.every((m) => m.has(n)) && before.every((m) => m.has(n)));
  const zSum = (cols: Map<string, number>[]) => {
    const sum = new Map<string, number>(names.map((n) => [n, 0]));
    for (const col of cols) {
      const xs = names.map((n) => col.get(n)!);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length); // divisor N
      for (const n of names) sum.set(n, sum.get(n)! + (col.get(n)! - mean) / sd);
    }
    return sum;
  };
  const classes = (index: Map<string, number>, cuts: number[]) => {
    const xs = [...index.values()];
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    // below −1σ → 1; from −1σ up to and including each upper cut → next class
    return new Map([...index].map(([n, x]) => {
      const u = (x - mean) / sd;
      let c = u < -1 ? 1 : 2;
      for (const cut of cuts) if (u > cut) c++;
      return [n, c];
    }));
  };
  const status = zSum(now);
  const change = now.map((col, k) => new Map(names.map((n) => [n, col.get(n)! - before[k].get(n)!])));
  return { names, status: classes(status, [1, 1.5]), dynamics: classes(zSum(change), [1]), score: status };
}

const template = JSON.parse(fs.readFileSync(path.join(projectRoot, 'src', 'modules', 'indices', 'templates', 'mss.json'), 'utf8'));

let t: TestApp;
let analyst: { cookie: string; csrf: string };
// A coordinator reads index runs (true values, internal role); a viewer reads only the public atlas.
let viewer: { cookie: string; csrf: string };
let reader: { cookie: string; csrf: string };
const key = `mss_it_${process.pid}_${Date.now()}`;
const as = (who: { cookie: string; csrf: string }) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  viewer = await signIn(t, 'viewer');
  reader = await signIn(t, 'coordinator');
});
afterAll(async () => t?.close());

describe('index definitions', () => {
  it('stores versions: the same body twice is one version, a change is the next', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/index-definitions', headers: as(analyst), payload: { ...template, key } });
    expect(first.statusCode).toBe(201);
    expect(first.json().version).toBe(1);
    const again = await t.app.inject({ method: 'POST', url: '/api/index-definitions', headers: as(analyst), payload: { ...template, key } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ version: 1, created: false });
    const changed = await t.app.inject({ method: 'POST', url: '/api/index-definitions', headers: as(analyst), payload: { ...template, key, description: 'zweite Fassung' } });
    expect(changed.json()).toMatchObject({ version: 2, created: true });
    const versions = await t.app.inject({ method: 'GET', url: `/api/index-definitions/${key}` });
    expect(versions.statusCode).toBe(200);
    expect(versions.json().map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const list = await t.app.inject({ method: 'GET', url: '/api/index-definitions' });
    expect(list.json().find((d: { key: string }) => d.key === key)).toMatchObject({ version: 2, versions: 2 });
  });

  it('rejects an invalid definition with the field, and an unknown indicator, in German and English', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/index-definitions', headers: as(analyst), payload: { ...template, key, classification: { kind: 'quantiles', k: 0 } } });
    expect(bad.statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/index-definitions', headers: as(analyst), payload: { ...template, key, indicators: [{ key: 'gibt_es_nicht' }] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'INDEX_INDICATOR_UNKNOWN', location: { field: 'indicators.0.key' } });
    expect(unknown.json().error.message.de).toContain('gibt_es_nicht');
  });

  it('lets a reader (coordinator) read definitions but not write them; templates are public', async () => {
    const w = await t.app.inject({ method: 'POST', url: '/api/index-definitions', headers: as(reader), payload: { ...template, key } });
    expect(w.statusCode).toBe(403);
    const tpl = await t.app.inject({ method: 'GET', url: '/api/index-templates' });
    expect(tpl.json().map((d: { name: string }) => d.name)).toContain('Status/Dynamik (Berlin-MSS-Verfahren)');
  });
});

describe('MSS status index for Leipzig 2019 (SGB-II-Quote, unemployment share, SGB II share of under-15s)', () => {
  let runId: number;
  let results: { areaCode: string; areaName: string; score: number | null; rank: number | null; class: number | null; dynamicsClass: number | null; focus: boolean; excludedReason: string | null; medianRank: number | null; rankP05: number | null; rankP95: number | null }[];
  const expected = expectedMss();

  beforeAll(async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/index-runs', headers: as(analyst), payload: { definition: key, layer: 'ortsteil', period: '2019', sensitivity: { draws: 200 } } });
    expect(res.statusCode).toBe(201);
    runId = res.json().id;
    results = res.json().results;
  });

  it('rates all 63 Ortsteile and stores the definition version and a SHA-256 of the inputs', async () => {
    const run = (await t.app.inject({ method: 'GET', url: `/api/index-runs/${runId}`, headers: as(reader) })).json();
    expect(run.results).toHaveLength(63);
    expect(run.definition).toMatchObject({ key, version: 2 });
    expect(run.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.results.filter((r: { excludedReason: string | null }) => r.excludedReason !== null)).toEqual([]);
  });

  it('gives the named Ortsteile the status and dynamics classes computed by hand from the raw files', () => {
    const byName = new Map(results.map((r) => [r.areaName, r]));
    const named = ['Volkmarsdorf', 'Neustadt-Neuschönefeld', 'Grünau-Mitte', 'Schönefeld-Ost', 'Paunsdorf', 'Zentrum', 'Südvorstadt', 'Gohlis-Süd', 'Plaußig-Portitz', 'Baalsdorf'];
    for (const name of named) {
      const r = byName.get(name);
      expect(r, name).toBeDefined();
      expect([name, r!.class], name).toEqual([name, expected.status.get(name)]);
      expect([name, r!.dynamicsClass], name).toEqual([name, expected.dynamics.get(name)]);
      expect(r!.score!).toBeCloseTo(expected.score.get(name)!, 9);
    }
    // Leipzig's best-known areas of concern are in the highest need class
    expect(byName.get('Volkmarsdorf')!.class).toBe(4);
    expect(byName.get('Grünau-Mitte')!.class).toBe(4);
    // and every other Ortsteil whose name the raw file spells the same way agrees too
    const matched = results.filter((r) => expected.status.has(r.areaName));
    expect(matched.length).toBeGreaterThanOrEqual(55);
    for (const r of matched) expect([r.areaName, r.class, r.dynamicsClass]).toEqual([r.areaName, expected.status.get(r.areaName), expected.dynamics.get(r.areaName)]);
  });

  it('flags focus areas by the rule: status 4, or status 3 with dynamics 3', () => {
    for (const r of results) expect([r.areaName, r.focus]).toEqual([r.areaName, r.class === 4 || (r.class === 3 && r.dynamicsClass === 3)]);
    expect(results.some((r) => r.focus)).toBe(true);
  });

  it('reports a rank interval per area from the Monte Carlo', () => {
    for (const r of results) expect(r.rankP05! <= r.medianRank! && r.medianRank! <= r.rankP95!).toBe(true);
  });

  it('reproduces a run with the same inputs and identical results', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/index-runs/${runId}/reproduce`, headers: as(analyst) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ sameInputs: true, identical: true });
  });

  it('compares two periods as a table of class transitions', async () => {
    const other = await t.app.inject({ method: 'POST', url: '/api/index-runs', headers: as(analyst), payload: { definition: key, layer: 'ortsteil', period: '2017' } });
    expect(other.statusCode).toBe(201);
    const cmp = (await t.app.inject({ method: 'GET', url: `/api/index-runs/${other.json().id}/compare/${runId}`, headers: as(reader) })).json();
    expect(cmp.transitions.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(63);
    expect(cmp.areas).toHaveLength(63);
    expect(cmp.b.period).toBe('2019');
  });

  it('exports the run as CSV (German Excel dialect) and JSON', async () => {
    const csv = await t.app.inject({ method: 'GET', url: `/api/index-runs/${runId}/export?format=csv`, headers: as(reader) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].split(';').slice(0, 5)).toEqual(['code', 'name', 'score', 'rank', 'class']);
    expect(lines).toHaveLength(64);
    const json = await t.app.inject({ method: 'GET', url: `/api/index-runs/${runId}/export?format=json`, headers: as(reader) });
    expect(JSON.parse(json.body).results).toHaveLength(63);
  });

  it('keeps runs from anonymous visitors and refuses writes by a viewer', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/index-runs/${runId}` })).statusCode).toBe(401);
    // Ranks and scores are computed from true values: not for the public's read-only role either.
    expect((await t.app.inject({ method: 'GET', url: `/api/index-runs/${runId}`, headers: as(viewer) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/index-runs', headers: as(viewer), payload: { definition: key, layer: 'ortsteil', period: '2019' } })).statusCode).toBe(403);
  });

  it('answers an unknown definition with 404 and a period without data with a reason', async () => {
    const nf = await t.app.inject({ method: 'POST', url: '/api/index-runs', headers: as(analyst), payload: { definition: 'gibt-es-nicht', layer: 'ortsteil', period: '2019' } });
    expect(nf.statusCode).toBe(404);
    const none = await t.app.inject({ method: 'POST', url: '/api/index-runs', headers: as(analyst), payload: { definition: key, layer: 'ortsteil', period: '1990' } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('INDEX_NO_DATA');
  });

  describe('focus areas', () => {
    it('designates the areas a run flags, lists them as current, and revokes one', async () => {
      const res = await t.app.inject({
        method: 'POST', url: '/api/focus-areas', headers: as(analyst),
        payload: { runId, reason: 'Statusindex 2019, MSS-Regel', validFrom: '2020-01-01', decisionRef: 'VII-DS-01234' },
      });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created.map((f: { areaName: string }) => f.areaName).sort()).toEqual(results.filter((r) => r.focus).map((r) => r.areaName).sort());
      const current = await currentFocusAreas(t.db.pool, 'ortsteil');
      expect(current.map((f) => f.id)).toEqual(expect.arrayContaining(created.map((f: { id: number }) => f.id)));
      const del = await t.app.inject({ method: 'DELETE', url: `/api/focus-areas/${created[0].id}`, headers: as(analyst) });
      expect(del.statusCode).toBe(200);
      expect(del.json().revokedAt).not.toBeNull();
      const list = (await t.app.inject({ method: 'GET', url: '/api/focus-areas?layer=ortsteil', headers: as(reader) })).json();
      expect(list.map((f: { id: number }) => f.id)).not.toContain(created[0].id);
    });

    it('designates by hand with reason and validity, and rejects an end before the start', async () => {
      const ok = await t.app.inject({ method: 'POST', url: '/api/focus-areas', headers: as(analyst), payload: { layer: 'ortsteil', codes: ['00'], reason: 'Stadtratsbeschluss', validFrom: '2021-01-01', validTo: '2022-12-31' } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()[0]).toMatchObject({ areaCode: '00', validTo: '2022-12-31', sourceRunId: null });
      const past = (await t.app.inject({ method: 'GET', url: '/api/focus-areas?layer=ortsteil&at=2022-06-01', headers: as(reader) })).json();
      expect(past.map((f: { id: number }) => f.id)).toContain(ok.json()[0].id);
      const bad = await t.app.inject({ method: 'POST', url: '/api/focus-areas', headers: as(analyst), payload: { layer: 'ortsteil', codes: ['00'], reason: 'x', validFrom: '2022-01-01', validTo: '2021-01-01' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('FOCUS_VALIDITY_INVALID');
    });
  });
});

describe('a template that names roles, run through the API with bindings', () => {
  const imd = JSON.parse(fs.readFileSync(path.join(projectRoot, 'src', 'modules', 'indices', 'templates', 'imd.json'), 'utf8'));
  const body = { ...imd, key: `imd_it_${process.pid}` };

  it('answers 400 with every unbound role when a binding points nowhere, and computes once bound', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/index-runs', headers: as(analyst), payload: { definition: body, layer: 'ortsteil', period: '2019', bindings: { unemployment_share: 'gibt_es_nicht' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INDEX_ROLES_UNBOUND');
    expect(bad.json().error.message.en).toContain('unemployment_share: Unemployment share of the working-age population (bound to "gibt_es_nicht"');
    const ok = await t.app.inject({ method: 'POST', url: '/api/index-runs', headers: as(analyst), payload: { definition: body, layer: 'ortsteil', period: '2019', bindings: { unemployment_share: 'alo_anteil', child_poverty: '-' } } });
    expect(ok.statusCode, ok.body).toBe(201);
    const run = ok.json();
    expect(run.params.bindings).toMatchObject({ unemployment_share: 'alo_anteil', child_poverty: '-', income_deprivation: 'sgb2_quote', crime: '-' });
    const r = run.results.find((x: { areaName: string }) => x.areaName === 'Volkmarsdorf');
    expect(Object.keys(r.components).sort()).toEqual(['$index', 'alo_anteil', 'employment', 'income', 'sgb2_quote']);
    expect(r.components.income.standardised).toBeGreaterThan(0);
    expect(r.components.income.standardised).toBeLessThanOrEqual(100);
    expect(r.score).toBeCloseTo((r.components.income.standardised + r.components.employment.standardised) / 2, 9);

    // the stored run reproduces with its bindings
    const again = await t.app.inject({ method: 'POST', url: `/api/index-runs/${run.id}/reproduce`, headers: as(analyst) });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ sameInputs: true, identical: true });

    // exports: rounded as people read them, full precision on request
    const rounded = (await t.app.inject({ method: 'GET', url: `/api/index-runs/${run.id}/export?format=json`, headers: as(reader) })).json();
    const full = (await t.app.inject({ method: 'GET', url: `/api/index-runs/${run.id}/export?format=json&precision=full`, headers: as(reader) })).json();
    const rv = rounded.results.find((x: { name: string }) => x.name === 'Volkmarsdorf'), fv = full.results.find((x: { name: string }) => x.name === 'Volkmarsdorf');
    expect(fv.score).toBe(r.score);
    expect(rv.score).toBe(Math.round(r.score * 1000) / 1000);
    expect(rv.income_std).toBe(Math.round(r.components.income.standardised * 1000) / 1000);
  });
});

describe('uncertainty and inequality', () => {
  it('gives Wilson intervals for a share with numerator and denominator, checked against the formula', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/uncertainty?indicator=auslaenderanteil&layer=ortsteil&period=2019', headers: as(analyst) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const a = body.areas.find((r: { numerator: number | null }) => r.numerator !== null);
    expect(a.method).toBe('wilson');
    const z = 1.959964, x = a.numerator, n = a.denominator;
    const root = z * Math.sqrt(z * z + 4 * x * (1 - x / n));
    expect(a.lower).toBeCloseTo((100 * (2 * x + z * z - root)) / (2 * (n + z * z)), 9);
    expect(a.upper).toBeCloseTo((100 * (2 * x + z * z + root)) / (2 * (n + z * z)), 9);
    expect(body.cityValue).toBeGreaterThan(0);
    // a neutral indicator (no better/worse) is compared as higher / similar / lower than the city
    const withNumerator = body.areas.filter((r: { numerator: number | null }) => r.numerator !== null);
    expect(withNumerator.every((r: { comparison: string | null }) => ['better', 'similar', 'worse', 'higher', 'lower'].includes(r.comparison ?? ''))).toBe(true);
  });

  it('gives Byar intervals for a count and flags small numbers as unstable', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/uncertainty?indicator=sgb2_unter15&layer=ortsteil&period=2019', headers: as(analyst) })).json();
    const small = body.areas.find((r: { value: number | null }) => r.value !== null && r.value < 20 && r.value > 0);
    expect(small.method).toBe('byar');
    expect(small.lower).toBeLessThan(small.value);
    expect(small.unstable).toContain('SMALL_NUMERATOR');
  });

  it('measures inequality between Ortsteile with its trend, weighted by residents when asked', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/inequality?indicator=sgb2_quote&layer=ortsteil&weight=einwohner', headers: as(analyst) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.weightedBy).toBe('einwohner');
    const p2019 = body.series.find((s: { period: string }) => s.period === '2019');
    expect(p2019.areas).toBe(63);
    expect(p2019.gini).toBeGreaterThan(0);
    expect(p2019.gini).toBeLessThan(1);
    expect(p2019.quintileRatio).toBeGreaterThan(1);
    expect(body.trend.gini.slopePerYear).not.toBeNull();
  });
});

describe('CLI contract: lernort index run', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), 'index', ...args], {
    cwd: projectRoot, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
  });

  it('writes code, name, score, rank, class, dynamics, focus and excluded reason per area as CSV and JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-index-cli-'));
    const file = path.join(dir, 'mss.json');
    fs.writeFileSync(file, JSON.stringify(template));
    const expected = expectedMss();
    const csv = cli(['run', '--definition', file, '--layer', 'ortsteil', '--period', '2019', '--format', 'csv']);
    expect(csv.status, csv.stderr).toBe(0);
    const [header, ...lines] = csv.stdout.trim().split(/\r?\n/);
    const cols = header.split(',');
    expect(cols).toEqual(expect.arrayContaining(['code', 'name', 'score', 'rank', 'class', 'dynamics_score', 'dynamics_class', 'focus', 'excluded_reason']));
    expect(lines).toHaveLength(63);
    const volk = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]))).find((r) => r.name === 'Volkmarsdorf')!;
    expect(Number(volk.class)).toBe(expected.status.get('Volkmarsdorf'));
    const json = cli(['run', '--definition', file, '--layer', 'ortsteil', '--period', '2019', '--format', 'json']);
    expect(json.status, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as { name: string; class: number; dynamics_class: number; focus: boolean }[];
    for (const r of rows.filter((x) => expected.status.has(x.name))) expect([r.name, r.class, r.dynamics_class]).toEqual([r.name, expected.status.get(r.name), expected.dynamics.get(r.name)]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const csvRows = (stdout: string) => {
    const [header, ...lines] = stdout.trim().split(/\r?\n/);
    const cols = header.split(',');
    // Leipzig names contain no commas; the CSV is the international dialect
    return { cols, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]))) };
  };

  it('runs the IMD template on Leipzig by its role defaults: domains, exponential transform and weighted mean as computed by hand', () => {
    const out = cli(['run', '--template', 'imd', '--layer', 'ortsteil', '--period', '2019', '--format', 'csv']);
    expect(out.status, out.stderr).toBe(0);
    const { cols, rows } = csvRows(out.stdout);
    expect(cols.slice(0, 5)).toEqual(['code', 'name', 'score', 'rank', 'class']);
    expect(cols).toEqual(expect.arrayContaining(['sgb2_quote', 'sgb2_quote_std', 'income_sum', 'income_std', 'employment_std']));
    // by hand: z-scores (divisor N) over the rated Ortsteile, income = mean of two, employment = one,
    // R = rank/N (1 = most deprived), X = −23·ln(1 − R(1 − e^(−100/23))), score = mean of the two X
    const alo = readKd('arbeitslose-insgesamt.json'), bg = readKd('bedarfsgemeinschaften.json'), ew = readKd('einwohner-insgesamt.json');
    const [a, q, k] = [series(alo, '2019', 'Anteil an den Erwerbsfähigen'), series(bg, '2019', 'SGB-II-Quote'), series(bg, '2019', 'Anteil an Kindern')];
    const pop = series(ew, '2019', 'Einwohner insgesamt');
    const names = [...a.keys()].filter((n) => (pop.get(n) ?? 0) >= 300 && q.has(n) && k.has(n));
    const z = (m: Map<string, number>) => {
      const xs = names.map((n) => m.get(n)!), mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
      return new Map(names.map((n) => [n, (m.get(n)! - mean) / sd]));
    };
    const [za, zq, zk] = [z(a), z(q), z(k)];
    const X = (m: Map<string, number>) => new Map(names.map((n) => [n, -23 * Math.log(1 - ((1 + names.filter((o) => m.get(o)! < m.get(n)!).length) / names.length) * (1 - Math.exp(-100 / 23)))]));
    const income = X(new Map(names.map((n) => [n, (zq.get(n)! + zk.get(n)!) / 2]))), employment = X(za);
    for (const name of ['Volkmarsdorf', 'Zentrum', 'Grünau-Mitte', 'Baalsdorf']) {
      const r = rows.find((x) => x.name === name)!;
      expect([name, Number(r.income_std)]).toEqual([name, expect.closeTo(income.get(name)!, 2)]);
      expect([name, Number(r.score)]).toEqual([name, expect.closeTo((income.get(name)! + employment.get(name)!) / 2, 2)]);
      expect(r.score.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(3); // rounded as people read it
    }
    const full = cli(['run', '--template', 'imd', '--layer', 'ortsteil', '--period', '2019', '--format', 'json', '--precision', 'full']);
    expect(full.status, full.stderr).toBe(0);
    const volk = (JSON.parse(full.stdout) as { name: string; score: number }[]).find((r) => r.name === 'Volkmarsdorf')!;
    expect(volk.score).toBeCloseTo((income.get('Volkmarsdorf')! + employment.get('Volkmarsdorf')!) / 2, 9);
  });

  it('names every unbound role of the SVI template with its description (exit 2), lists the roles, and runs once they are bound', () => {
    const unbound = cli(['run', '--template', 'svi', '--layer', 'ortsteil', '--period', '2019']);
    expect(unbound.status).toBe(2);
    expect(unbound.stderr).toContain('INDEX_ROLES_UNBOUND');
    expect(unbound.stderr).toContain('pov150: Anteil der Personen unter 150 % der Armutsgrenze');
    expect(unbound.stderr).toContain('groupq: Share of persons in group quarters');
    expect(unbound.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const roles = cli(['roles', '--template', 'svi']);
    expect(roles.status).toBe(0);
    expect(roles.stdout).toContain('pov150 (Vorgabe/default: ep_pov150)');
    const svi = JSON.parse(fs.readFileSync(path.join(projectRoot, 'src', 'modules', 'indices', 'templates', 'svi.json'), 'utf8')) as { roles: Record<string, unknown> };
    const binds = Object.keys(svi.roles).filter((r) => r !== 'population')
      .map((r) => `${r}=${({ pov150: 'sgb2_quote', unemp: 'alo_anteil', sngpnt: 'sgb2_anteil_kinder' } as Record<string, string>)[r] ?? '-'}`);
    const bound = cli(['run', '--template', 'svi', '--layer', 'ortsteil', '--period', '2019', '--format', 'csv', ...binds.flatMap((b) => ['--bind', b])]);
    expect(bound.status, bound.stderr).toBe(0);
    const { cols, rows } = csvRows(bound.stdout);
    expect(cols).toEqual(expect.arrayContaining(['EP_POV150', 'EPL_POV150', 'EPL_UNEMP', 'SPL_THEME1', 'RPL_THEME1', 'SPL_THEME2', 'RPL_THEME2', 'SPL_THEMES', 'RPL_THEMES', 'F_POV150', 'F_THEME1', 'F_TOTAL']));
    expect(cols).not.toContain('SPL_THEME4'); // every member of theme 4 was left out
    // by hand: EPL_POV150 = (rank − 1)/(N − 1) of the SGB-II-Quote over the Ortsteile with residents and all three values
    const bg = readKd('bedarfsgemeinschaften.json'), alo = readKd('arbeitslose-insgesamt.json'), ew = readKd('einwohner-insgesamt.json');
    const [q, k, a, pop] = [series(bg, '2019', 'SGB-II-Quote'), series(bg, '2019', 'Anteil an Kindern'), series(alo, '2019', 'Anteil an den Erwerbsfähigen'), series(ew, '2019', 'Einwohner insgesamt')];
    const names = [...q.keys()].filter((n) => (pop.get(n) ?? 0) >= 1 && k.has(n) && a.has(n));
    const epl = (m: Map<string, number>, n: string) => Math.round((names.filter((o) => m.get(o)! < m.get(n)!).length / (names.length - 1)) * 10_000) / 10_000;
    for (const name of ['Volkmarsdorf', 'Zentrum', 'Baalsdorf']) {
      const r = rows.find((x) => x.name === name)!;
      expect([name, Number(r.EPL_POV150), Number(r.SPL_THEME1)]).toEqual([name, epl(q, name), expect.closeTo(epl(q, name) + epl(a, name), 9)]);
      expect(Number(r.F_TOTAL)).toBe([q, a, k].filter((m) => epl(m, name) >= 0.9).length);
      expect(r.RPL_THEMES).toBe(r.score);
    }
  });

  it('exits 2 with the field for an invalid definition and 1 for a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-index-cli-'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ ...template, indicators: [{ key: 'sgb2_quote', weight: 'eins' }] }));
    const bad = cli(['run', '--definition', file, '--layer', 'ortsteil', '--period', '2019']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('indicators.0.weight');
    expect(bad.stderr).toMatch(/ungültig.*\/.*Invalid/);
    const usage = cli(['run', '--layer', 'ortsteil']);
    expect(usage.status).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
