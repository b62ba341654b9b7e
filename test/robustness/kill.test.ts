// SIGKILL during a large import on the embedded database, at 20 points spread over the import:
// afterwards the import is either all there or not there at all, no import record is left half
// written, and the database opens again cleanly.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { projectRoot } from '../../src/config.ts';

const KILLS = 20;
const ROWS = 20_000;
let dir: string;
let csv: string;

function cli(args: string[], env: Record<string, string>): { done: Promise<number | null>; kill: () => void } {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'lernort.mjs'), ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
  return { done: new Promise((resolve) => child.on('exit', (code) => resolve(code))), kill: () => child.kill('SIGKILL') };
}

async function state(dataDir: string): Promise<{ rows: number; running: number; committed: number }> {
  const db = await openDatabase({ dataDir });
  try {
    const r = await db.pool.query(
      `SELECT (SELECT count(*)::int FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'kill_test') AS rows,
              (SELECT count(*)::int FROM imports WHERE status = 'running') AS running,
              (SELECT count(*)::int FROM imports WHERE status = 'committed' AND file_name = 'kill.csv') AS committed`,
    );
    return r.rows[0];
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-kill-'));
  const env = { LERNORT_DATA_DIR: path.join(dir, 'db'), LERNORT_RECIPE: 'synthetic' };
  expect(await cli(['init'], env).done).toBe(0);
  const lines = ['gebiet;indikator;jahr;wert'];
  for (let p = 0; lines.length <= ROWS; p++) for (let a = 1; a <= 16 && lines.length <= ROWS; a++) lines.push(`${String(a).padStart(2, '0')};kill_test;${1000 + p};${(a * p) % 997},5`);
  csv = path.join(dir, 'kill.csv');
  fs.writeFileSync(csv, lines.join('\n'));
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SIGKILL during an import', () => {
  it(`leaves no partial import after ${KILLS} kills at random points, and the database reopens cleanly`, async () => {
    const env = { LERNORT_DATA_DIR: path.join(dir, 'db') };
    const rnd = createRandom(424242);
    // How long does a full import take here? Kill points are spread over that span.
    const t0 = Date.now();
    const full = cli(['import', csv, '--layer', 'ortsteil', '--create-indicators'], env);
    expect(await full.done).toBe(0);
    const span = Date.now() - t0;
    expect(await state(env.LERNORT_DATA_DIR)).toMatchObject({ rows: ROWS, running: 0, committed: 1 });
    // Start each round from "not imported" so that a partial write would show.
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const reset = await openDatabase({ dataDir: env.LERNORT_DATA_DIR });
      await reset.pool.query("DELETE FROM observations WHERE indicator_id = (SELECT id FROM indicators WHERE key = 'kill_test')");
      await reset.pool.query("DELETE FROM imports WHERE file_name = 'kill.csv'");
      await reset.close();
      const run = cli(['import', csv, '--layer', 'ortsteil', '--create-indicators'], env);
      const delay = Math.round(rnd.uniform(0.05, 1.1) * span);
      const timer = setTimeout(run.kill, delay);
      const code = await run.done;
      clearTimeout(timer);
      const s = await state(env.LERNORT_DATA_DIR);
      outcomes.push(`${delay}ms:${code === null ? 'killed' : `exit ${code}`}:${s.rows}`);
      expect(s.running).toBe(0);
      expect([0, ROWS]).toContain(s.rows);
      expect(s.committed).toBe(s.rows === ROWS ? 1 : 0);
    }
    // The kills really hit imports in flight, not only before or after them.
    expect(outcomes.filter((o) => o.includes('killed')).length).toBeGreaterThanOrEqual(KILLS / 2);
    console.log(`kill test: full import ${span} ms; ${outcomes.join(', ')}`);
  }, 900_000);
});
