// Shared helpers of the benchmarks: timing, medians, seeded numbers, tables, result file, and the
// throwaway PostgreSQL databases. Benchmarks are not tests: nothing here asserts a timing.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/config.ts';

/** Milliseconds taken by fn, measured with process.hrtime. */
export async function timeMs<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Seeded generator (mulberry32): the same seed gives the same data on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : String(x));

/** Prints rows as an aligned text table. */
export function printTable(rows: Record<string, string | number>[], title?: string): void {
  if (title) console.log(`\n${title}`);
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const cell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? fmt(v, Number.isInteger(v) ? 0 : 2) : v);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i])).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

export function log(msg: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

/** Machine load at this moment: the benchmarks share two cores with other work. */
export function machineLoad(): { loadavg: number[]; cpus: number; uptimeS: number } {
  return { loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100), cpus: os.cpus().length, uptimeS: Math.round(os.uptime()) };
}

/** One line of the final summary. ratio is always peer-relative, goal says in which direction. */
export interface SummaryRow {
  benchmark: string;
  lernort: string;
  peer: string;
  ratio: number;
  goal: string;
  /** null: a reference line without a goal. */
  met: boolean | null;
}

export interface BenchResult {
  summary: SummaryRow[];
  details: unknown;
}

export const outputDir = path.join(projectRoot, 'bench-output');
export const resultsFile = path.join(outputDir, 'results.json');

/** Merges one benchmark's result into bench-output/results.json (other benchmarks' results are kept). */
export function writeResult(name: string, result: BenchResult): void {
  fs.mkdirSync(outputDir, { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    /* first run */
  }
  // The previous runs stay in `history` (newest first, up to 5) so that runs can be compared.
  const prev = all[name] as ({ history?: unknown[] } & Record<string, unknown>) | undefined;
  const history = prev ? [{ ...prev, history: undefined }, ...(prev.history ?? [])].slice(0, 5) : [];
  all[name] = { at: new Date().toISOString(), node: process.version, load: machineLoad(), ...result, history };
  fs.writeFileSync(resultsFile, `${JSON.stringify(all, null, 2)}\n`);
}

// ---- PostgreSQL server -------------------------------------------------------------------------

export const pgAdminUrl = process.env.LERNORT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function benchDbUrl(name: string): string {
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgAdminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates a throwaway database lernort_bench_<label>_<pid>; returns its name and URL. */
export async function createBenchDb(label: string): Promise<{ name: string; url: string }> {
  const name = `lernort_bench_${label}_${process.pid}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return { name, url: benchDbUrl(name) };
}

export async function dropBenchDb(name: string): Promise<void> {
  if (!name.startsWith('lernort_bench_')) throw new Error(`refusing to drop ${name}`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

// ---- processes and ports -----------------------------------------------------------------------

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to one child we started, then SIGKILL after graceMs if it is still there. Resolves when it is gone. */
export async function stopChild(child: import('node:child_process').ChildProcess, graceMs = 5000): Promise<'exited' | 'killed'> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return 'exited';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (gone && !isAlive(pid)) return 'exited';
  child.kill('SIGKILL');
  await Promise.race([exited, sleep(2000)]);
  if (isAlive(pid)) throw new Error(`process ${pid} did not end`);
  return 'killed';
}
