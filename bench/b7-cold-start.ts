// B7: cold `npm start` on an empty data directory (embedded PGlite: init, PostGIS, migrations,
// Leipzig recipe) until /api/health answers AND /api/layers lists the ortsteil layer with 63 areas,
// against a bare `node -e` http server that answers (the fixed cost of starting Node).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { elapsedMs, fmt, freePort, log, machineLoad, median, printTable, sleep, stopChild, writeResult, type BenchResult } from './lib.ts';

const RUNS = Math.max(2, Number(process.env.BENCH_RUNS ?? 2));
const TIMEOUT_MS = 180_000;
const POLL_MS = 50;
const GOAL_MS = 20_000;

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (res.status !== 200) throw new Error(String(res.status));
  return res.json();
}

/** Polls until ready() is true; returns ms since start, or throws if the child died or time ran out. */
async function pollUntil(child: ChildProcess, start: bigint, ready: () => Promise<boolean>, stderr: () => string): Promise<number> {
  while (elapsedMs(start) < TIMEOUT_MS) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process ended (${child.exitCode ?? child.signalCode}) before it was ready: ${stderr()}`);
    try {
      if (await ready()) return elapsedMs(start);
    } catch {
      /* not listening yet */
    }
    await sleep(POLL_MS);
  }
  throw new Error(`not ready within ${TIMEOUT_MS} ms: ${stderr()}`);
}

async function coldLernort(): Promise<{ ms: number; healthMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-bench-b7-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LERNORT_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  delete env.LERNORT_RECIPE;
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), 'serve'], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  let healthMs = NaN;
  try {
    const ms = await pollUntil(child, start, async () => {
      if (Number.isNaN(healthMs)) {
        const h = (await getJson(`${base}/api/health`)) as { status?: string };
        if (h.status !== 'ok') return false;
        healthMs = elapsedMs(start);
      }
      const layers = (await getJson(`${base}/api/layers`)) as { key: string; areaCount: number }[];
      return layers.some((l) => l.key === 'ortsteil' && l.areaCount === 63);
    }, () => err);
    return { ms, healthMs };
  } finally {
    const how = await stopChild(child, 15_000);
    if (how === 'killed') log(`B7: Lernort did not end on SIGTERM within 15 s; killed`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const BARE = `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(Number(process.env.PORT), '127.0.0.1')`;

async function coldBare(): Promise<number> {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', BARE], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  try {
    return await pollUntil(child, start, async () => ((await getJson(`http://127.0.0.1:${port}/`)) as { status?: string }).status === 'ok', () => err);
  } finally {
    await stopChild(child);
  }
}

export async function runB7(): Promise<BenchResult> {
  let built = 'present';
  if (!fs.existsSync(path.join(projectRoot, 'web', 'dist', 'index.html'))) {
    log('B7: web/dist/index.html missing: running `npx vite build` once before timing');
    const r = spawnSync('npx', ['vite', 'build'], { cwd: projectRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
    built = 'built by the benchmark (npx vite build)';
  }
  const lernort: { ms: number; healthMs: number }[] = [];
  const bare: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 === 0 ? ['lernort', 'bare'] : ['bare', 'lernort'];
    for (const side of order) {
      if (side === 'lernort') {
        const r = await coldLernort();
        lernort.push(r);
        log(`B7 run ${run + 1}: Lernort health after ${fmt(r.healthMs)} ms, ortsteil layer with 63 areas after ${fmt(r.ms)} ms`);
      } else {
        const ms = await coldBare();
        bare.push(ms);
        log(`B7 run ${run + 1}: bare node -e answers after ${fmt(ms)} ms`);
      }
    }
  }
  const l = median(lernort.map((r) => r.ms));
  const b = median(bare);
  const ratio = b / l;
  printTable([
    { side: 'Lernort npm start (cold, embedded)', 'median ms': Math.round(l), runs: lernort.map((r) => fmt(r.ms)).join(' / '), 'health ms': lernort.map((r) => fmt(r.healthMs)).join(' / ') },
    { side: 'bare node -e http server', 'median ms': Math.round(b), runs: bare.map((x) => fmt(x)).join(' / '), 'health ms': '' },
  ], `B7 cold start (goal < ${GOAL_MS / 1000} s; ratio = bare/Lernort, overhead ${fmt(l - b)} ms; web client ${built})`);
  return {
    summary: [{
      benchmark: 'B7 cold start, empty data dir',
      lernort: `${(l / 1000).toFixed(1)} s`,
      peer: `${fmt(b)} ms`,
      ratio,
      goal: `Lernort < ${GOAL_MS / 1000} s`,
      met: l < GOAL_MS,
    }],
    details: { runs: RUNS, lernort, bare, lernortMedianMs: l, bareMedianMs: b, ratio, webClient: built, loadAfter: machineLoad() },
  };
}

export async function main(): Promise<BenchResult> {
  const r = await runB7();
  writeResult('b7', r);
  return r;
}
