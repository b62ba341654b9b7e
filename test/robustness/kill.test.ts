// SIGKILL during a large import on the embedded database: afterwards each import is either all
// there or not there at all, no import record is left half written, and the database opens again
// cleanly (the next command takes over the dead process's lock and recovers the database).
//
// The kills are aimed at the import window, not at the clock: the import writes its rows in
// chunks of 25,000 and prints progress on stderr after each chunk, so a kill right after the k-th
// progress line (plus a seeded random part of a third of a chunk's time) lands while chunk k+1 is
// written inside the open transaction; a kill on the last line lands in the commit window.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { projectRoot } from '../../src/config.ts';

const ROWS = 75_000; // three chunks of 25,000 rows: progress lines at 30 %, 60 % and 100 %
const KILLS = 6;
let dir: string;
let env: Record<string, string>;

interface Run {
  done: Promise<number | null>;
  /** Resolves with the time (ms since start) of the n-th progress line on stderr. */
  progress(n: number): Promise<number>;
  kill(): void;
  startedAt: number;
}

function cli(args: string[]): Run {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const seen: number[] = [];
  const waiting: { n: number; resolve: (t: number) => void }[] = [];
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!/^Import: \d+%/.test(line)) continue;
      seen.push(Date.now() - startedAt);
      for (const w of waiting.filter((x) => x.n <= seen.length)) w.resolve(seen[w.n - 1]);
    }
  });
  return {
    startedAt,
    done: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    progress: (n) => new Promise((resolve) => (seen.length >= n ? resolve(seen[n - 1]) : waiting.push({ n, resolve }))),
    kill: () => child.kill('SIGKILL'),
  };
}

const indicatorOf = (round: number) => `kill_test_${round}`;
const csvOf = (round: number) => path.join(dir, `kill_${round}.csv`);

function writeCsv(round: number): void {
  const lines = ['gebiet;indikator;jahr;wert'];
  for (let p = 0; lines.length <= ROWS; p++) for (let a = 1; a <= 16 && lines.length <= ROWS; a++) lines.push(`${String(a).padStart(2, '0')};${indicatorOf(round)};${1000 + p};${(a * p) % 997},5`);
  fs.writeFileSync(csvOf(round), lines.join('\n'));
}

const importArgs = (round: number) => ['import', csvOf(round), '--layer', 'ortsteil', '--create-indicators'];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-kill-'));
  env = { LERNORT_DATA_DIR: path.join(dir, 'db'), LERNORT_RECIPE: 'synthetic' };
  expect(await cli(['init']).done).toBe(0);
  for (let round = 0; round <= KILLS; round++) writeCsv(round);
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SIGKILL during an import', () => {
  it(`leaves no partial import after ${KILLS} kills inside the import window, and the database reopens cleanly`, async () => {
    const rnd = createRandom(424242);
    // One full import (round 0) shows the progress lines and how long a chunk takes here.
    const full = cli(importArgs(0));
    const marks = await Promise.all([1, 2, 3].map((n) => full.progress(n)));
    expect(await full.done).toBe(0);
    const chunkMs = Math.max(1, (marks[2] - marks[0]) / 2);

    const outcomes: { round: number; after: number; extraMs: number; exit: number | null }[] = [];
    for (let round = 1; round <= KILLS; round++) {
      // After progress line 1 or 2 (inside the transaction), or on line 3 (the commit window).
      const after = round === KILLS ? 3 : 1 + Math.floor(rnd.uniform(0, 2));
      const extraMs = after === 3 ? 0 : Math.round(rnd.uniform(0, 0.3) * chunkMs);
      const run = cli(importArgs(round));
      const killed = run.progress(after).then(() => new Promise<void>((resolve) => setTimeout(() => { run.kill(); resolve(); }, extraMs)));
      const exit = await run.done;
      await Promise.race([killed, Promise.resolve()]);
      outcomes.push({ round, after, extraMs, exit });
    }

    const db = await openDatabase({ dataDir: env.LERNORT_DATA_DIR });
    try {
      const r = await db.pool.query<{ key: string; rows: number; committed: number }>(
        `SELECT i.key, (SELECT count(*)::int FROM observations o WHERE o.indicator_id = i.id) AS rows,
                (SELECT count(*)::int FROM imports m WHERE m.status = 'committed' AND m.file_name = 'kill_' || substr(i.key, 11) || '.csv') AS committed
           FROM indicators i WHERE i.key LIKE 'kill_test_%'`,
      );
      const byKey = new Map(r.rows.map((x) => [x.key, x]));
      expect((await db.pool.query("SELECT count(*)::int AS n FROM imports WHERE status = 'running'")).rows[0].n).toBe(0);
      expect(byKey.get(indicatorOf(0))).toMatchObject({ rows: ROWS, committed: 1 });
      const landed: string[] = [];
      for (const o of outcomes) {
        const s = byKey.get(indicatorOf(o.round));
        // All or nothing: the indicator was created inside the same transaction as its rows.
        if (s) expect(s).toMatchObject({ rows: ROWS, committed: 1 });
        landed.push(`#${o.round} after line ${o.after}+${o.extraMs}ms: ${o.exit === null ? 'killed' : `exit ${o.exit}`}, ${s ? 'committed' : 'rolled back'}`);
      }
      // The kills after line 1–2 hit imports in flight: the process died and nothing landed. (One
      // may miss on a machine whose speed changes by more than a third of a chunk between rounds.)
      const inFlight = outcomes.filter((o) => o.after < 3);
      const hit = inFlight.filter((o) => o.exit === null && !byKey.has(indicatorOf(o.round)));
      expect(hit.length).toBeGreaterThanOrEqual(inFlight.length - 1);
      console.log(`kill test: first progress line after ${marks[0]} ms, chunk ${Math.round(chunkMs)} ms; ${hit.length} of ${inFlight.length} aimed kills landed in flight, 1 aimed at the commit window; ${landed.join('; ')}`);
    } finally {
      await db.close();
    }
  }, 600_000);
});
