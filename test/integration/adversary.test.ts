// The confidentiality promise over EVERY route an anonymous caller or a viewer can reach. The routes
// come from the route table (a new route is attacked without editing this file); every GET route is
// called with every layer, the target areas and the attacked indicators. From everything returned,
// the attacker tries: the value itself, numerator fields, share × published denominator, inverting a
// Wilson interval, single-area and multi-area aggregates, and linear combinations across the area
// hierarchy. A control run with an analyst's (true) answers must recover every cell, so the attack
// is known to work; the anonymous and viewer runs must recover none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { routeTable } from '../../src/server.ts';
import { roleHas, type Permission, type Role } from '../../src/modules/users/permissions.ts';
import { wilsonInterval } from '../../src/core/uncertainty.ts';
import { signIn, takeOverPublications, testApp, type TestApp } from './helpers.ts';
import { pinned } from './linear-recovery.ts';

const COUNT = 'adv_klein';
const SHARE = 'adv_anteil';
const K = 3;
const PERIOD = '2024';
// The indicators asked for by routes that take one. Residents (einwohner) are public knowledge the
// attack already holds, and a route that answers with other indicators than asked answers the same
// to these two, so asking for einwohner adds requests but no facts the derivations use.
const INDICATORS = [COUNT, SHARE];

let t: TestApp;
let analyst: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
let restorePublications: () => Promise<void>;
/** layer → code → true value of the small-count indicator (incl. aggregated parents). */
const truth = new Map<string, Map<string, number>>();
/** layer → code → residents (published). */
const residents = new Map<string, Map<string, number>>();
const targets: { layer: string; code: string; value: number }[] = [];
const parentOf = new Map<string, { layer: string; code: string }[]>(); // `${layer}|${code}` → members

type Who = { cookie: string; csrf: string } | undefined;
const call = (url: string, who: Who) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  viewer = await signIn(t, 'viewer');
  restorePublications = await takeOverPublications(t);
  const put = (key: string, body: object) =>
    t.app.inject({ method: 'PUT', url: `/api/indicators/${key}`, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: body });
  expect((await put(COUNT, { name: 'Kleine Zahl', nameEn: 'Small number', kind: 'count', unit: 'Personen', unitEn: 'persons', suppressionK: K })).statusCode).toBe(200);
  expect((await put(SHARE, { name: 'Anteil kleine Zahl', nameEn: 'Share of small number', kind: 'share', numerator: COUNT, denominator: 'einwohner', scale: 100, decimals: 1, unit: '%', unitEn: '%', suppressionK: K })).statusCode).toBe(200);
  // 44 Ortsteile get 1..3, the others 20 and more.
  const ots = (await t.db.pool.query(
    `SELECT a.id, a.code, o.value AS einwohner FROM areas a JOIN layers l ON l.id = a.layer_id
       JOIN observations o ON o.area_id = a.id AND o.period = $1 JOIN indicators i ON i.id = o.indicator_id AND i.key = 'einwohner'
      WHERE l.key = 'ortsteil' ORDER BY a.code`, [PERIOD],
  )).rows as { id: number; code: string; einwohner: number }[];
  expect(ots.length).toBe(63);
  const ids = (await t.db.pool.query('SELECT id, key FROM indicators WHERE key = ANY($1)', [[COUNT, SHARE]])).rows as { id: number; key: string }[];
  const idOf = (k: string) => ids.find((r) => r.key === k)!.id;
  await t.db.pool.query('DELETE FROM observations WHERE indicator_id = ANY($1)', [ids.map((r) => r.id)]);
  for (const [i, a] of ots.entries()) {
    const x = i < 44 ? 1 + (i % 3) : 20 + i;
    await t.db.pool.query('INSERT INTO observations (area_id, indicator_id, period, value) VALUES ($1, $2, $3, $4)', [a.id, idOf(COUNT), PERIOD, x]);
    await t.db.pool.query('INSERT INTO observations (area_id, indicator_id, period, value, numerator, denominator) VALUES ($1, $2, $3, $4, $5, $6)',
      [a.id, idOf(SHARE), PERIOD, (100 * x) / a.einwohner, x, a.einwohner]);
  }
  await t.db.pool.query('UPDATE indicators SET updated_at = now() WHERE key = ANY($1)', [[COUNT, SHARE]]);
  for (const indicator of [COUNT, SHARE, 'einwohner']) {
    const res = await t.app.inject({ method: 'POST', url: '/api/publications', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: { indicator } });
    expect(res.statusCode, res.body).toBe(200);
  }
  // What is true (the analyst sees it), and what an outsider knows: the hierarchy.
  const layers: { key: string }[] = (await call('/api/layers', undefined)).json();
  for (const { key: layer } of layers) {
    const rows: { areaCode: string; value: number | null }[] = (await call(`/api/observations?indicator=${COUNT}&period=${PERIOD}&layer=${layer}`, analyst)).json();
    truth.set(layer, new Map(rows.filter((r) => r.value !== null).map((r) => [r.areaCode, r.value!])));
    for (const r of rows) if (r.value !== null && r.value >= 1 && r.value <= K) targets.push({ layer, code: r.areaCode, value: r.value });
    const pop: { areaCode: string; value: number | null }[] = (await call(`/api/observations?indicator=einwohner&period=${PERIOD}&layer=${layer}`, analyst)).json();
    residents.set(layer, new Map(pop.filter((r) => r.value !== null).map((r) => [r.areaCode, r.value!])));
  }
  const links = (await t.db.pool.query(
    `SELECT gl.key gl, g.code gc, ml.key ml, m.code mc FROM area_members am JOIN areas g ON g.id = am.group_id JOIN layers gl ON gl.id = g.layer_id JOIN areas m ON m.id = am.member_id JOIN layers ml ON ml.id = m.layer_id
     UNION ALL SELECT pl.key, p.code, cl.key, c.code FROM areas c JOIN areas p ON p.id = c.parent_id JOIN layers pl ON pl.id = p.layer_id JOIN layers cl ON cl.id = c.layer_id`,
  )).rows as { gl: string; gc: string; ml: string; mc: string }[];
  for (const l of links) {
    const key = `${l.gl}|${l.gc}|${l.ml}`;
    parentOf.set(key, [...(parentOf.get(key) ?? []), { layer: l.ml, code: l.mc }]);
  }
}, 300_000);

afterAll(async () => {
  await restorePublications();
  await t.db.pool.query('DELETE FROM observations WHERE indicator_id IN (SELECT id FROM indicators WHERE key = ANY($1))', [[COUNT, SHARE]]);
  await t.db.pool.query('DELETE FROM indicators WHERE key = ANY($1)', [[SHARE]]);
  await t.db.pool.query('DELETE FROM indicators WHERE key = ANY($1)', [[COUNT]]);
  await t?.close();
});

/** One number an answer gave about an area: which indicator (from the request), which field. */
interface Fact { route: string; indicator: string | null; layer: string; code: string; field: string; value: number; codes?: string[] }

const NUMBER_FIELDS = new Set(['value', 'numerator', 'denominator', 'lower', 'upper', 'sum', 'total', 'count', 'display',
  'Wert', 'Zähler', 'Nenner', 'Value', 'Numerator', 'Denominator']);

function numeric(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+([.,]\d+)?$/.test(v.trim())) return Number(v.trim().replace(',', '.'));
  return null;
}

/** Walks any JSON answer; an object with `code`/`areaCode` (or the route's own area) scopes the numbers below it. */
function factsFromJson(body: unknown, ctx: Omit<Fact, 'field' | 'value' | 'code'> & { code: string | null }, out: Fact[]): void {
  const walk = (node: unknown, code: string | null, indicator: string | null, layer: string) => {
    if (Array.isArray(node)) { for (const n of node) walk(n, code, indicator, layer); return; }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const props = (o.properties && typeof o.properties === 'object' ? o.properties : {}) as Record<string, unknown>;
    const here = String(o.areaCode ?? o.code ?? props.code ?? '') || code;
    const ind = typeof o.indicator === 'string' ? o.indicator : (o.indicator && typeof o.indicator === 'object' && typeof (o.indicator as { key?: unknown }).key === 'string' ? (o.indicator as { key: string }).key : indicator);
    const lay = typeof o.layer === 'string' ? o.layer : layer;
    for (const [k, v] of Object.entries({ ...o, ...props })) {
      const n = numeric(v);
      if (n !== null && NUMBER_FIELDS.has(k) && here) out.push({ ...ctx, indicator: ind, layer: lay, code: here, field: k, value: n });
      // Series of the parent and the city carry no code of their own; those areas are attacked directly.
      else if (v && typeof v === 'object' && k !== 'parentSeries' && k !== 'citySeries') walk(v, here, ind, lay);
    }
  };
  walk(body, ctx.code, ctx.indicator, ctx.layer);
}

function factsFromRows(header: string[], rows: unknown[][], ctx: Omit<Fact, 'field' | 'value' | 'code'>, out: Fact[]): void {
  const codeCol = header.findIndex((h) => /schlüssel|code/i.test(h));
  if (codeCol < 0) return;
  for (const r of rows) {
    for (const [i, h] of header.entries()) {
      const n = numeric(r[i]);
      if (n !== null && NUMBER_FIELDS.has(h)) out.push({ ...ctx, code: String(r[codeCol]), field: h, value: n });
    }
  }
}

async function factsOf(route: string, res: Awaited<ReturnType<typeof call>>, ctx: Omit<Fact, 'field' | 'value' | 'code' | 'route'> & { code: string | null }): Promise<Fact[]> {
  const out: Fact[] = [];
  const type = String(res.headers['content-type'] ?? '');
  const base = { ...ctx, route };
  if (type.includes('json')) factsFromJson(res.json(), base, out);
  else if (type.includes('csv')) {
    const lines = res.body.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
    const sep = lines[0]?.includes(';') ? ';' : ',';
    const cells = lines.map((l) => l.split(sep).map((c) => c.replace(/^"|"$/g, '')));
    factsFromRows(cells[0] ?? [], cells.slice(1), base, out);
  } else if (type.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    factsFromRows((rows[0] ?? []).map(String), rows.slice(1), base, out);
  }
  return out;
}

/** Every target cell the facts give away, by any of the derivations. */
function recover(facts: Fact[]): Set<string> {
  const id = (layer: string, code: string) => `${layer}|${code}`;
  const found = new Set<string>();
  const isTarget = new Map(targets.map((x) => [id(x.layer, x.code), x.value]));
  const close = (a: number, b: number) => Math.abs(a - b) < 0.5;
  const knownCount = new Map<string, number[]>();
  const equations: { codes: string[]; value: number }[] = [];
  for (const f of facts) {
    const key = id(f.layer, f.code);
    const x = isTarget.get(key);
    const pop = residents.get(f.layer)?.get(f.code);
    if (f.indicator === COUNT && (f.field === 'value' || f.field === 'Wert' || f.field === 'Value')) {
      if (f.codes && f.codes.length > 0) equations.push({ codes: f.codes.map((c) => id(f.layer, c)), value: f.value });
      else knownCount.set(key, [...(knownCount.get(key) ?? []), f.value]);
    }
    if (x === undefined) continue;
    // The numerator of the share, or any numerator next to the area.
    if (f.indicator === SHARE && /numerator|zähler/i.test(f.field) && close(f.value, x)) found.add(key);
    // Share × published residents.
    if (f.indicator === SHARE && /^(value|wert)$/i.test(f.field) && pop && !f.codes && close((f.value * pop) / 100, x)) found.add(key);
    // Inverting an interval: which small count gives exactly this bound?
    if (f.indicator === SHARE && (f.field === 'lower' || f.field === 'upper') && pop) {
      for (let c = 1; c <= K; c++) {
        const w = wilsonInterval(c, pop);
        if (Math.abs((f.field === 'lower' ? w.lower : w.upper) * 100 - f.value) < 1e-6 && c === x) found.add(key);
      }
    }
  }
  // Linear combinations: known counts, aggregates of selections, parents = Σ members.
  const hidden = targets.map((x) => id(x.layer, x.code)).filter((k) => !knownCount.has(k));
  for (const k of targets.map((x) => id(x.layer, x.code))) if (knownCount.get(k)?.some((v) => close(v, isTarget.get(k)!))) found.add(k);
  const index = new Map(hidden.map((k, i) => [k, i]));
  const rows: Map<number, number>[] = [];
  const addEq = (total: number | string, parts: string[]) => {
    const row = new Map<number, number>();
    for (const [k, coef] of [...(typeof total === 'string' ? [[total, 1] as const] : []), ...parts.map((p) => [p, -1] as const)]) {
      const i = index.get(k);
      if (i !== undefined) row.set(i, (row.get(i) ?? 0) + coef);
      else if (!knownCount.has(k)) return;
    }
    if (row.size > 0) rows.push(row);
  };
  for (const [key, members] of parentOf) {
    const [gl, gc] = key.split('|');
    addEq(id(gl, gc), members.map((m) => id(m.layer, m.code)));
  }
  for (const e of equations) addEq(0, e.codes);
  // A pinned unknown is determined by what was published: every unknown here is a small count.
  for (const i of pinned(rows, hidden.length)) found.add(hidden[i]);
  return found;
}

interface Call { route: string; url: string; indicator: string | null; layer: string; code: string | null; codes?: string[] }

/** Every concrete request for a GET route, from its path parameters and declared query parameters. */
function requestsFor(route: { url: string; query: string[] }, layerKeys: string[]): Call[] {
  const out: Call[] = [];
  const needsLayer = route.url.includes(':layer') || route.query.includes('layer');
  for (const layer of needsLayer ? layerKeys : ['ortsteil']) {
    const codes = route.url.includes(':code') ? targets.filter((x) => x.layer === layer).map((x) => x.code) : [null];
    for (const code of codes) {
      const indicators = route.url.includes(':key') || route.query.includes('indicator') ? INDICATORS : [null];
      for (const indicator of indicators) {
        const selections = route.query.includes('codes')
          ? [...targets.filter((x) => x.layer === layer).map((x) => [x.code]), targets.filter((x) => x.layer === layer).slice(0, 2).map((x) => x.code)].filter((c) => c.length > 0)
          : [undefined];
        for (const sel of selections) {
          let url = route.url.replace(':layer', layer).replace(':code', code ?? 'x').replace(':key', indicator ?? 'x').replace(/:(\w+)/g, '1');
          const q = new URLSearchParams();
          if (route.query.includes('indicator') && indicator) q.set('indicator', indicator);
          if (route.query.includes('layer')) q.set('layer', layer);
          if (route.query.includes('period')) q.set('period', PERIOD);
          if (sel) q.set('codes', sel.join(','));
          if (q.size > 0) url += `?${q}`;
          out.push({ route: route.url, url, indicator, layer, code, ...(sel ? { codes: sel } : {}) });
        }
      }
    }
  }
  return out;
}

/** GET routes a role may call. PDFs are rendered from the profile JSON of the same caller; the JSON is attacked instead. */
const readRoutes = (role: Role | undefined) => routeTable.filter((r) => r.method === 'GET' && roleHas(role, r.permission as Permission) && !r.url.endsWith('.pdf') && r.url !== '/api/auth/logout');

/** `only`: attack just these routes (the control uses the routes the attacked roles reach). */
async function attack(role: Role | undefined, who: Who, only?: Set<string>): Promise<{ recovered: Set<string>; perRoute: Map<string, { targeted: number; recovered: number; requests: number; ms: number }> }> {
  const layerKeys = [...truth.keys()];
  const all: Fact[] = [];
  const perRoute = new Map<string, { targeted: number; recovered: number; requests: number; ms: number }>();
  const reachable = readRoutes(role).filter((r) => !only || only.has(r.url));
  for (const route of reachable) {
    const facts: Fact[] = [];
    const started = performance.now();
    const calls = requestsFor(route, layerKeys);
    for (const c of calls) {
      const res = await call(c.url, who);
      if (res.statusCode !== 200) continue;
      facts.push(...await factsOf(route.url, res, { indicator: c.indicator, layer: c.layer, code: c.code, ...(c.codes ? { codes: c.codes } : {}) }));
    }
    all.push(...facts);
    const touched = new Set(calls.flatMap((c) => (c.code ? [`${c.layer}|${c.code}`] : c.codes ? c.codes.map((x) => `${c.layer}|${x}`) : targets.filter((x) => x.layer === c.layer).map((x) => `${x.layer}|${x.code}`))));
    perRoute.set(route.url, { targeted: targets.filter((x) => touched.has(`${x.layer}|${x.code}`)).length, recovered: recover(facts).size, requests: calls.length, ms: Math.round(performance.now() - started) });
  }
  return { recovered: recover(all), perRoute };
}

function report(title: string, r: Awaited<ReturnType<typeof attack>>): void {
  const lines = [...r.perRoute].map(([route, s]) => `  ${route.padEnd(48)} requests ${String(s.requests).padStart(4)}  cells targeted ${String(s.targeted).padStart(3)}  recovered ${String(s.recovered).padStart(3)}  ${String(s.ms).padStart(6)} ms`);
  console.log(`${title}: ${targets.length} small cells (1..${K}), recovered over all routes together: ${r.recovered.size}\n${lines.join('\n')}`);
}

describe('confidentiality over every reachable route', () => {
  it('has small cells to protect', () => {
    expect(targets.filter((x) => x.layer === 'ortsteil').length).toBe(44);
  });

  it('the attack works on true values (control: an analyst sees everything)', async () => {
    // The same routes the anonymous caller and the viewer reach, called by someone who sees true
    // values: the attack must recover every small cell there, or the checks below prove nothing.
    const attacked = new Set([...readRoutes(undefined), ...readRoutes('viewer')].map((r) => r.url));
    const r = await attack('analyst', analyst, attacked);
    report('analyst (control)', r);
    expect(r.recovered.size).toBe(targets.length);
  }, 600_000);

  it('recovers nothing for an anonymous caller', async () => {
    const r = await attack(undefined, undefined);
    report('anonymous', r);
    expect([...r.perRoute.keys()]).toContain('/api/observations');
    expect(r.recovered.size).toBe(0);
  }, 600_000);

  it('recovers nothing for a viewer', async () => {
    const r = await attack('viewer', viewer);
    report('viewer', r);
    expect(r.recovered.size).toBe(0);
  }, 600_000);
});
