// B5: read API under load. Lernort (Leipzig recipe, own process) on PostgreSQL and on the embedded
// PGlite, 64 concurrent connections for ~10 s per endpoint with autocannon, against a bare node:http
// server (own process) that returns the very same bytes. ratio = Lernort req/s ÷ bare req/s.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { projectRoot } from '../src/config.ts';
import { createBenchDb, dropBenchDb, fmt, freePort, log, machineLoad, median, printTable, stopChild, writeResult, type BenchResult, type SummaryRow } from './lib.ts';

const CONNECTIONS = 64;
const DURATION_S = Number(process.env.B5_DURATION ?? 10);
const WARMUP_S = 2;
const RUNS = Math.max(2, Number(process.env.BENCH_RUNS ?? 2));

interface Endpoint {
  label: string;
  path: string;
  /** A reference line (the framework's floor), not one of the goal's endpoints. */
  reference?: boolean;
}

interface Measured {
  reqPerS: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Reads the first JSON line a child prints on stdout. */
function firstLine<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const rl = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    rl.once('line', (line) => {
      clearTimeout(timer);
      rl.close();
      try {
        resolve(JSON.parse(line) as T);
      } catch (err) {
        reject(err);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it answered: ${stderr}`));
    });
  });
}

async function startLernortChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; startMs: number }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench', 'b5-server.ts')], { cwd: projectRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const info = await firstLine<{ url: string; startMs: number }>(child, 'Lernort', 300_000);
  return { child, url: info.url, startMs: info.startMs };
}

// The peer: node:http, nothing else. Bodies and content types come from a JSON file keyed by request path.
const BARE_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const routes = new Map(Object.entries(JSON.parse(fs.readFileSync(process.env.BARE_BODIES, 'utf8'))).map(([k, v]) => [k, { type: v.type, body: Buffer.from(v.body, 'base64') }]));
const server = http.createServer((req, res) => {
  const r = routes.get(req.url);
  if (!r) { res.statusCode = 404; res.end(); return; }
  res.writeHead(200, { 'content-type': r.type, 'content-length': r.body.length });
  res.end(r.body);
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function startBare(bodies: Record<string, { type: string; body: string }>, dir: string): Promise<{ child: ChildProcess; url: string }> {
  const file = path.join(dir, 'bodies.json');
  fs.writeFileSync(file, JSON.stringify(bodies));
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { env: { ...process.env, BARE_BODIES: file, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const info = await firstLine<{ url: string }>(child, 'bare server', 10_000);
  return { child, url: info.url };
}

async function load(url: string, duration: number): Promise<Measured> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration });
  return { reqPerS: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function fetchOnce(url: string): Promise<{ type: string; body: Buffer }> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.toString('utf8', 0, 300)}`);
  return { type: res.headers.get('content-type') ?? 'application/json', body };
}

interface EndpointResult {
  backend: string;
  reference: boolean;
  endpoint: string;
  path: string;
  bytes: number;
  lernort: Measured[];
  bare: Measured[];
  lernortReqPerS: number;
  bareReqPerS: number;
  lernortP50: number;
  lernortP99: number;
  bareP99: number;
  ratio: number;
  /** Errors and timeouts (autocannon's 10 s) plus non-2xx answers over Lernort's runs: a run with any is not a clean figure. */
  lernortFailures: number;
}

async function benchBackend(backend: 'postgres' | 'embedded', tmp: string): Promise<{ startMs: number; results: EndpointResult[] }> {
  let dbName: string | undefined;
  const env: Record<string, string> = { HOST: '127.0.0.1', PORT: '0' };
  if (backend === 'postgres') {
    const db = await createBenchDb('b5');
    dbName = db.name;
    env.DATABASE_URL = db.url;
    env.LERNORT_DATA_DIR = path.join(tmp, 'unused');
  } else {
    env.LERNORT_DATA_DIR = fs.mkdtempSync(path.join(tmp, 'pglite-'));
  }
  log(`B5 ${backend}: starting Lernort (first start loads the Leipzig recipe)`);
  const lernort = await startLernortChild(env);
  let bare: { child: ChildProcess; url: string } | undefined;
  try {
    log(`B5 ${backend}: Lernort up at ${lernort.url} after ${fmt(lernort.startMs)} ms`);
    // A planning area (grouping layer: values are aggregated from its Ortsteile on each request).
    const pr = JSON.parse((await fetchOnce(`${lernort.url}/api/observations?indicator=einwohner&period=2024&layer=planungsraum`)).body.toString('utf8')) as { areaCode: string }[];
    if (pr.length === 0) throw new Error('no planungsraum values');
    const endpoints: Endpoint[] = [
      { label: 'observations ortsteil', path: '/api/observations?indicator=einwohner&period=2024&layer=ortsteil' },
      { label: 'series ortsteil 62', path: '/api/areas/ortsteil/62/series?indicator=einwohner' },
      { label: 'observations planungsraum', path: '/api/observations?indicator=einwohner&period=2024&layer=planungsraum' },
      { label: `series planungsraum ${pr[0].areaCode}`, path: `/api/areas/planungsraum/${encodeURIComponent(pr[0].areaCode)}/series?indicator=einwohner` },
      { label: 'health (reference, no database)', path: '/api/health', reference: true },
    ];
    const bodies: Record<string, { type: string; body: string }> = {};
    for (const e of endpoints) {
      const r = await fetchOnce(lernort.url + e.path);
      bodies[e.path] = { type: r.type, body: r.body.toString('base64') };
    }
    bare = await startBare(bodies, tmp);
    const results: EndpointResult[] = [];
    for (const e of endpoints) {
      await load(lernort.url + e.path, WARMUP_S);
      await load(bare.url + e.path, WARMUP_S);
      const l: Measured[] = [];
      const b: Measured[] = [];
      for (let run = 0; run < RUNS; run++) {
        const order = run % 2 === 0 ? ['lernort', 'bare'] : ['bare', 'lernort'];
        for (const side of order) {
          const m = await load((side === 'lernort' ? lernort.url : bare.url) + e.path, DURATION_S);
          (side === 'lernort' ? l : b).push(m);
          log(`B5 ${backend} ${e.label} run ${run + 1} ${side}: ${fmt(m.reqPerS)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms${m.errors || m.non2xx ? `, errors ${m.errors}, non-2xx ${m.non2xx}` : ''}`);
        }
      }
      const lr = median(l.map((m) => m.reqPerS));
      const br = median(b.map((m) => m.reqPerS));
      results.push({
        backend, reference: !!e.reference, endpoint: e.label, path: e.path, bytes: Buffer.from(bodies[e.path].body, 'base64').length, lernort: l, bare: b,
        lernortReqPerS: lr, bareReqPerS: br, lernortP50: median(l.map((m) => m.p50)), lernortP99: median(l.map((m) => m.p99)), bareP99: median(b.map((m) => m.p99)), ratio: lr / br,
        lernortFailures: l.reduce((sum, m) => sum + m.errors + m.non2xx, 0),
      });
    }
    return { startMs: lernort.startMs, results };
  } finally {
    if (bare) await stopChild(bare.child);
    await stopChild(lernort.child, 15_000);
    if (dbName) await dropBenchDb(dbName);
  }
}

export async function runB5(): Promise<BenchResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-bench-b5-'));
  try {
    const pgRun = await benchBackend('postgres', tmp);
    const embRun = await benchBackend('embedded', tmp);
    const all = [...pgRun.results, ...embRun.results];
    printTable(all.map((r) => ({
      backend: r.backend, endpoint: r.endpoint, bytes: r.bytes, 'Lernort req/s': Math.round(r.lernortReqPerS), 'p50 ms': r.lernortP50, 'p99 ms': r.lernortP99,
      'bare req/s': Math.round(r.bareReqPerS), 'bare p99': r.bareP99, ratio: r.ratio.toFixed(3), 'Lernort errors': r.lernortFailures,
    })), `B5 API under ${CONNECTIONS} connections, ${DURATION_S} s × ${RUNS} runs each (medians; ratio = Lernort/bare, goal ≥ 0.3, p99 < 50 ms on PostgreSQL)`);
    const summary: SummaryRow[] = all.map((r) => {
      const pgGoal = r.backend === 'postgres';
      if (r.reference) {
        return { benchmark: `B5 ${r.endpoint} (${r.backend})`, lernort: `${fmt(r.lernortReqPerS)} req/s, p50 ${r.lernortP50} / p99 ${r.lernortP99} ms`, peer: `${fmt(r.bareReqPerS)} req/s, p99 ${r.bareP99} ms`, ratio: r.ratio, goal: 'reference only', met: null };
      }
      return {
        benchmark: `B5 ${r.endpoint} (${r.backend})`,
        lernort: `${fmt(r.lernortReqPerS)} req/s, p50 ${r.lernortP50} / p99 ${r.lernortP99} ms${r.lernortFailures ? `, ${r.lernortFailures} errors/timeouts` : ''}`,
        peer: `${fmt(r.bareReqPerS)} req/s, p99 ${r.bareP99} ms`,
        ratio: r.ratio,
        goal: pgGoal ? 'ratio ≥ 0.3, p99 < 50 ms' : 'ratio ≥ 0.3 (reported)',
        met: r.lernortFailures === 0 && r.ratio >= 0.3 && (!pgGoal || r.lernortP99 < 50),
      };
    });
    return { summary, details: { connections: CONNECTIONS, durationS: DURATION_S, runs: RUNS, firstStartMs: { postgres: pgRun.startMs, embedded: embRun.startMs }, results: all, loadAfter: machineLoad() } };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function main(): Promise<BenchResult> {
  const r = await runB5();
  writeResult('b5', r);
  return r;
}
