// B6: time to the first fully drawn choropleth in headless Chromium (Debian chromium via
// playwright-core, WebGL on SwiftShader), Lernort's atlas against a bare MapLibre page that loads
// the same polygons and colours from a static file, in the same run. Two datasets: Leipzig's 63
// Ortsteile and a generated layer of 10,990 polygons (16 vertices each, shared jittered edges).
// Also measured: the 10,990-polygon layer's payload and server time per simplification tolerance,
// ST_AsMVT tile generation for the same layer (the vector-tile alternative), and frame rate while
// panning/zooming in both pages. Standalone: `npx tsx bench/b6-map.ts` (exports runB6()).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startLernort, type Lernort } from '../src/main.ts';
import { saveIndicator } from '../src/modules/indicators/service.ts';
import { upsertLayer } from '../src/modules/areas/service.ts';
import { upsertPublication } from '../src/modules/publication/repo.ts';
import { SUPPRESSION_RULE_VERSION } from '../src/modules/publication/service.ts';
import { launchBrowser } from '../test/e2e/browser.ts';
import { createBenchDb, dropBenchDb, fmt, log, median, printTable, writeResult, type BenchResult, type SummaryRow } from './lib.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const N_POLY = 10_990;
const GRID = { nx: 110, ny: 100, bbox: [12.24, 51.24, 12.54, 51.45] as const };
// The atlas asks for simplify=auto (the server picks the step for the whole layer on screen); the
// peer gets the very same bytes, so the comparison is of the pages, not of the geometry.
const TOLERANCE = 'auto';
const VIEWPORT = { width: 1400, height: 900 };

// ---- generated polygons -------------------------------------------------------------------------

function hash(...xs: number[]): number {
  let h = 2166136261;
  for (const x of xs) h = Math.imul(h ^ (x + 0x9e3779b9), 16777619) >>> 0;
  h ^= h >>> 13; h = Math.imul(h, 0x5bd1e995) >>> 0; h ^= h >>> 15;
  return (h / 0xffffffff) * 2 - 1;
}

/** Cell (i, j) of the grid as a ring of 16 vertices whose edge points are shared with its neighbours. */
function cellRing(i: number, j: number): number[][] {
  const [x0, y0, x1, y1] = GRID.bbox;
  const dx = (x1 - x0) / GRID.nx;
  const dy = (y1 - y0) / GRID.ny;
  const X = (k: number) => x0 + k * dx;
  const Y = (k: number) => y0 + k * dy;
  const h = (ii: number, jj: number, t: number): number[] => [X(ii) + (t / 4) * dx, Y(jj) + hash(1, ii, jj, t) * dy * 0.12];
  const v = (ii: number, jj: number, t: number): number[] => [X(ii) + hash(2, ii, jj, t) * dx * 0.12, Y(jj) + (t / 4) * dy];
  const ring: number[][] = [[X(i), Y(j)]];
  for (let t = 1; t <= 3; t++) ring.push(h(i, j, t));
  ring.push([X(i + 1), Y(j)]);
  for (let t = 1; t <= 3; t++) ring.push(v(i + 1, j, t));
  ring.push([X(i + 1), Y(j + 1)]);
  for (let t = 3; t >= 1; t--) ring.push(h(i, j + 1, t));
  ring.push([X(i), Y(j + 1)]);
  for (let t = 3; t >= 1; t--) ring.push(v(i, j, t));
  ring.push([X(i), Y(j)]);
  return ring;
}

export async function seedRaster(app: Pick<Lernort, "db">): Promise<void> {
  const q = app.db.pool;
  const layerId = await upsertLayer(q, { key: 'b6_raster', nameDe: 'B6-Raster', nameEn: 'B6 grid', kind: 'geometry', sort: 90 });
  const codes: string[] = [];
  const names: string[] = [];
  const geoms: string[] = [];
  for (let n = 0; n < N_POLY; n++) {
    const i = n % GRID.nx;
    const j = Math.floor(n / GRID.nx);
    codes.push(`R${String(n).padStart(5, '0')}`);
    names.push(`Block ${n}`);
    geoms.push(JSON.stringify({ type: 'Polygon', coordinates: [cellRing(i, j)] }));
  }
  await q.query(
    `INSERT INTO areas (layer_id, code, name, geom, area_m2)
     SELECT $1, c, n, g, ST_Area(ST_Transform(g, 25833)) FROM (
       SELECT c, n, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326)) AS g FROM unnest($2::text[], $3::text[], $4::text[]) AS t(c, n, gj)) s
     ON CONFLICT DO NOTHING`,
    [layerId, codes, names, geoms],
  );
  const indId = await saveIndicator(q, {
    key: 'b6_wert', name: 'B6-Testwert', nameEn: 'B6 test value', unit: '%', unitEn: '%', topic: 'sonstiges', polarity: 'higher_is_worse',
    kind: 'share', scale: 100, decimals: 1, suppressionK: 2,
  });
  await q.query(
    `INSERT INTO observations (area_id, indicator_id, period, value, numerator, denominator)
     SELECT a.id, $2, '2024', round((100.0 * num / den)::numeric, 3)::float8, num, den FROM (
       SELECT id, (abs(hashtext(code)) % 400)::float8 AS num, 400 + (abs(hashtext(code || 'd')) % 1600)::float8 AS den FROM areas WHERE layer_id = $1) a
     ON CONFLICT DO NOTHING`,
    [layerId, indId],
  );
  // Anonymous visitors see published indicators only: publish the test value on its layer.
  await upsertPublication(q, { indicatorId: indId, layerId, period: '*', ruleVersion: SUPPRESSION_RULE_VERSION, publishedBy: 'bench' });
}

// ---- the bare MapLibre peer ---------------------------------------------------------------------

const QUANTILE_COLOURS = ['#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'];

interface PeerData { file: string; features: number; bbox: [number, number, number, number] }

/** The same polygons (same tolerance) and values the atlas loads, coloured by quintiles, as one file. */
async function writePeerData(app: Lernort, dir: string, name: string, layer: string, indicator: string): Promise<PeerData> {
  const geo = await (await fetch(`${app.url}/api/areas?layer=${layer}&simplify=${TOLERANCE}`)).json() as GeoJSON.FeatureCollection;
  const obs = await (await fetch(`${app.url}/api/observations?indicator=${indicator}&period=2024&layer=${layer}`)).json() as { areaCode: string; value: number | null }[];
  const values = new Map(obs.map((o) => [o.areaCode, o.value]));
  const sorted = obs.flatMap((o) => (o.value === null ? [] : [o.value])).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const breaks = [q(0.2), q(0.4), q(0.6), q(0.8)];
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of geo.features) {
    const v = values.get(String(f.properties?.code)) ?? null;
    const k = v === null ? -1 : breaks.filter((b) => v >= b).length;
    f.properties = { ...f.properties, fill: k < 0 ? '#d9d9d9' : QUANTILE_COLOURS[k] };
    const g = f.geometry as GeoJSON.MultiPolygon;
    for (const poly of g.coordinates) for (const ring of poly) for (const [x, y] of ring) {
      if (x < bbox[0]) bbox[0] = x; if (y < bbox[1]) bbox[1] = y; if (x > bbox[2]) bbox[2] = x; if (y > bbox[3]) bbox[3] = y;
    }
  }
  const file = `${name}.geojson`;
  fs.writeFileSync(path.join(dir, file), JSON.stringify(geo));
  return { file, features: geo.features.length, bbox };
}

const BARE_HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>body{margin:0;font-family:sans-serif} #map{position:absolute;left:16px;top:160px;width:900px;height:600px}</style></head>
<body><div id="map"></div><script type="module">
import * as maplibregl from '/maplibre/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/maplibre/maplibre-gl-worker.mjs');
const params = new URLSearchParams(location.search);
const expected = Number(params.get('n'));
const bbox = params.get('bbox').split(',').map(Number);
const map = new maplibregl.Map({ container: 'map', style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f4f2' } }] },
  bounds: [[bbox[0], bbox[1]], [bbox[2], bbox[3]]], fitBoundsOptions: { padding: 24 }, fadeDuration: 0, attributionControl: false,
  canvasContextAttributes: { preserveDrawingBuffer: true } });
window.__map = map;
map.on('load', async () => {
  const data = await (await fetch('/' + params.get('file'))).json();
  map.addSource('a', { type: 'geojson', data, promoteId: 'code' });
  map.addLayer({ id: 'f', type: 'fill', source: 'a', paint: { 'fill-color': ['get', 'fill'] } });
  map.addLayer({ id: 'l', type: 'line', source: 'a', paint: { 'line-color': '#5f5f5f', 'line-width': 0.7 } });
  map.on('idle', () => {
    if (window.__readyAt) return;
    const codes = new Set(map.queryRenderedFeatures({ layers: ['f'] }).map((f) => f.properties.code));
    if (codes.size >= expected) window.__readyAt = performance.now();
  });
});
</script></body></html>`;

function staticServer(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const maplibreDir = path.join(root, 'node_modules', 'maplibre-gl', 'dist');
  const types: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.css': 'text/css', '.geojson': 'application/json', '.html': 'text/html' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/' || url.pathname === '/index.html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(BARE_HTML); return; }
    const file = url.pathname.startsWith('/maplibre/') ? path.join(maplibreDir, path.basename(url.pathname)) : path.join(dir, path.basename(url.pathname));
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
  }));
}

// ---- measurements -------------------------------------------------------------------------------

async function freshPage(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'de-DE' });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

async function timeLernort(browser: Browser, url: string, indicator: string, layer: string): Promise<number> {
  const { page, close } = await freshPage(browser);
  try {
    await page.goto(`${url}/#/?indicator=${indicator}&layer=${layer}&period=2024&method=quantile`);
    await page.waitForFunction((k) => Boolean(window.__lernortMapReady && window.__lernortMap?.key.startsWith(k)), `${indicator}|${layer}|2024|`, { timeout: 180_000, polling: 50 });
    return await page.evaluate(() => window.__lernortMapFirstReadyAt ?? performance.now());
  } finally {
    await close();
  }
}

async function timeBare(browser: Browser, url: string, d: PeerData): Promise<number> {
  const { page, close } = await freshPage(browser);
  try {
    await page.goto(`${url}/?file=${d.file}&n=${d.features}&bbox=${d.bbox.join(',')}`);
    await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined, undefined, { timeout: 180_000, polling: 50 });
    return await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
  } finally {
    await close();
  }
}

/** Frames drawn while the map eases in two steps and pans back (3 s of animation). */
async function fluidity(page: Page, mapExpr: string): Promise<{ fps: number; worstFrameMs: number; idleAfterZoomMs: number }> {
  // A string, not a function: tsx would wrap named arrows in a helper the page does not have.
  return page.evaluate(`(async () => {
    const map = ${mapExpr};
    const frames = [];
    let on = true;
    function tick(t) { frames.push(t); if (on) requestAnimationFrame(tick); }
    requestAnimationFrame(tick);
    const z = map.getZoom();
    map.easeTo({ zoom: z + 1.5, duration: 1000 });
    await new Promise((r) => setTimeout(r, 1100));
    map.panBy([300, 150], { duration: 1000 });
    await new Promise((r) => setTimeout(r, 1100));
    map.easeTo({ zoom: z, duration: 800 });
    await new Promise((r) => setTimeout(r, 900));
    on = false;
    const gaps = frames.slice(1).map((t, i) => t - frames[i]);
    const span = frames[frames.length - 1] - frames[0];
    const t0 = performance.now();
    const idle = new Promise((r) => map.once('idle', () => r(performance.now() - t0)));
    map.jumpTo({ zoom: z + 3 });
    const idleAfterZoomMs = await idle;
    map.jumpTo({ zoom: z });
    return { fps: (frames.length - 1) / (span / 1000), worstFrameMs: Math.max(...gaps), idleAfterZoomMs };
  })()`) as Promise<{ fps: number; worstFrameMs: number; idleAfterZoomMs: number }>;
}

/** GeoJSON per tolerance for both layers: bytes, gzip bytes, first (uncached) and cached answer time. */
async function payloads(app: Lernort): Promise<Record<string, string | number>[]> {
  const { gzipSync } = await import('node:zlib');
  const rows: Record<string, string | number>[] = [];
  for (const layer of ['ortsteil', 'b6_raster']) {
    for (const tol of [0, 5, 10, 20, 50, 200, 'auto'] as const) {
      const times: number[] = [];
      let body = '';
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        body = await (await fetch(`${app.url}/api/areas?layer=${layer}&simplify=${tol}`, { headers: { 'accept-encoding': 'identity' } })).text();
        times.push(performance.now() - t);
      }
      const json = JSON.parse(body) as { features: unknown[]; tolerance?: number };
      rows.push({
        layer, tolerance_m: tol === 'auto' ? `auto (${json.tolerance})` : tol, features: json.features.length,
        MB: fmt(Buffer.byteLength(body) / 1e6, 3), gzip_MB: fmt(gzipSync(body).length / 1e6, 3), first_ms: fmt(times[0]), cached_ms: fmt(median(times.slice(1))),
      });
    }
  }
  return rows;
}

/** The vector-tile alternative: ST_AsMVT for every z11 and z13 tile over the layer. */
async function mvtCost(app: Lernort): Promise<Record<string, string | number>[]> {
  const out: Record<string, string | number>[] = [];
  const [x0, y0, x1, y1] = GRID.bbox;
  const tileOf = (lon: number, lat: number, z: number) => {
    const n = 2 ** z;
    const x = Math.floor(((lon + 180) / 360) * n);
    const r = (lat * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
    return [x, y];
  };
  for (const z of [11, 13]) {
    const [ax, ay] = tileOf(x0, y1, z);
    const [bx, by] = tileOf(x1, y0, z);
    let bytes = 0;
    let tiles = 0;
    const t = performance.now();
    for (let x = ax; x <= bx; x++) for (let y = ay; y <= by; y++) {
      const r = await app.db.pool.query<{ mvt: Buffer }>(
        `SELECT ST_AsMVT(q, 'areas', 4096, 'geom') AS mvt FROM (
           SELECT a.code, ST_AsMVTGeom(ST_Transform(a.geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
             FROM areas a JOIN layers l ON l.id = a.layer_id
            WHERE l.key = 'b6_raster' AND a.geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)) q`,
        [z, x, y],
      );
      bytes += r.rows[0]?.mvt?.length ?? 0;
      tiles++;
    }
    const ms = performance.now() - t;
    out.push({ zoom: z, tiles, MB: fmt(bytes / 1e6, 2), total_ms: fmt(ms), ms_per_tile: fmt(ms / tiles, 1) });
  }
  return out;
}

export async function runB6(): Promise<BenchResult> {
  if (!fs.existsSync(path.join(root, 'web', 'dist', 'index.html')) || process.env.B6_BUILD === '1') {
    log('B6: building the web client');
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  }
  // Embedded PGlite + PostGIS by default (the PostgreSQL server of this machine has no PostGIS);
  // B6_DB=postgres uses a throwaway database on LERNORT_BENCH_PG_URL instead.
  const db = process.env.B6_DB === 'postgres' ? await createBenchDb('b6') : null;
  const dataDir = db ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-b6-db-'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-b6-'));
  let app: Lernort | undefined;
  let browser: Browser | undefined;
  let peer: Awaited<ReturnType<typeof staticServer>> | undefined;
  try {
    log('B6: starting Lernort with the Leipzig recipe');
    app = await startLernort({ port: 0, host: '127.0.0.1', ...(db ? { databaseUrl: db.url } : { dataDir }), initialRecipe: 'leipzig', logLevel: 'warn' });
    log(`B6: generating ${N_POLY} polygons`);
    await seedRaster(app);
    const datasets = [
      { name: 'leipzig', label: 'Leipzig, 63 Ortsteile', layer: 'ortsteil', indicator: 'einwohner' },
      { name: 'raster', label: `generated, ${fmt(N_POLY)} polygons`, layer: 'b6_raster', indicator: 'b6_wert' },
    ];
    const peerData = new Map<string, PeerData>();
    for (const d of datasets) peerData.set(d.name, await writePeerData(app, tmp, d.name, d.layer, d.indicator));
    peer = await staticServer(tmp);
    browser = await launchBrowser();

    const summary: SummaryRow[] = [];
    const table: Record<string, string | number>[] = [];
    const details: Record<string, unknown> = {};
    for (const d of datasets) {
      const lern: number[] = [];
      const bare: number[] = [];
      // Warm-up of both (server caches, browser code cache), then alternating measured runs.
      await timeLernort(browser, app.url, d.indicator, d.layer);
      await timeBare(browser, peer.url, peerData.get(d.name)!);
      for (let r = 0; r < RUNS; r++) {
        lern.push(await timeLernort(browser, app.url, d.indicator, d.layer));
        bare.push(await timeBare(browser, peer.url, peerData.get(d.name)!));
      }
      const ratio = median(lern) / median(bare);
      table.push({ dataset: d.label, lernort_ms: fmt(median(lern)), bare_maplibre_ms: fmt(median(bare)), ratio: fmt(ratio, 2) });
      summary.push({ benchmark: `B6 first choropleth, ${d.label}`, lernort: `${fmt(median(lern))} ms`, peer: `${fmt(median(bare))} ms (bare MapLibre, static file)`, ratio, goal: '≤ 1.2', met: ratio <= 1.2 });
      details[d.name] = { lernortMs: lern, bareMs: bare };
    }
    printTable(table, `B6: time to the first fully drawn choropleth (median of ${RUNS}, headless Chromium ${VIEWPORT.width}×${VIEWPORT.height})`);

    // Fluidity of the 10,990-polygon layer once drawn.
    const flu: Record<string, string | number>[] = [];
    {
      const { page, close } = await freshPage(browser);
      await page.goto(`${app.url}/#/?indicator=b6_wert&layer=b6_raster&period=2024&method=quantile`);
      await page.waitForFunction(() => Boolean(window.__lernortMapReady && window.__lernortMap?.key.startsWith('b6_wert|')), undefined, { timeout: 180_000 });
      const f = await fluidity(page, 'window.__lernortMapInstance');
      flu.push({ page: 'Lernort atlas', fps: fmt(f.fps, 1), worst_frame_ms: fmt(f.worstFrameMs), idle_after_zoom_ms: fmt(f.idleAfterZoomMs) });
      await close();
    }
    {
      const d = peerData.get('raster')!;
      const { page, close } = await freshPage(browser);
      await page.goto(`${peer.url}/?file=${d.file}&n=${d.features}&bbox=${d.bbox.join(',')}`);
      await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined, undefined, { timeout: 180_000 });
      const f = await fluidity(page, 'window.__map');
      flu.push({ page: 'bare MapLibre', fps: fmt(f.fps, 1), worst_frame_ms: fmt(f.worstFrameMs), idle_after_zoom_ms: fmt(f.idleAfterZoomMs) });
      await close();
    }
    printTable(flu, `B6: panning and zooming the ${fmt(N_POLY)}-polygon layer (SwiftShader, no GPU)`);
    const pay = await payloads(app);
    printTable(pay, 'B6: simplified, quantised GeoJSON by tolerance (coverage simplification where PostGIS has it)');
    // PGlite's PostGIS is built without protobuf-c: ST_AsMVT fails there (a finding, not a crash).
  const mvt = await mvtCost(app).catch((err: Error) => [{ zoom: '-', tiles: 0, MB: '-', total_ms: '-', ms_per_tile: `ST_AsMVT unavailable: ${err.message}` }]);
    printTable(mvt, 'B6: the vector-tile alternative, ST_AsMVT for every tile over the layer');
    const result: BenchResult = { summary, details: { ...details, fluidity: flu, geojson: pay, mvt, runs: RUNS } };
    writeResult('b6', result);
    return result;
  } finally {
    await browser?.close();
    await peer?.close();
    await app?.close();
    if (db) await dropBenchDb(db.name).catch(() => undefined);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runB6().then(
    (r) => { for (const s of r.summary) log(`${s.benchmark}: ${s.lernort} vs ${s.peer} → ratio ${s.ratio.toFixed(2)} (goal ${s.goal})`); },
    (err) => { console.error(err); process.exit(1); },
  );
}
