// docs/new-city.md, run as written: every ```sh block in order, in one bash, against a fresh
// embedded data directory, with `npx lernort` going to this checkout's bin/lernort.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-new-city-'));
const shared = path.resolve(process.env.LERNORT_SHARED_DATA ?? path.join(projectRoot, '..', 'shared', 'data'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The shell blocks of the walk-through, in order. */
export function documentedScript(doc: string): string {
  const blocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return [
    'set -euo pipefail',
    // `npx lernort` is this checkout's command; anything else is the real npx.
    'npx() { if [ "$1" = lernort ]; then shift; node "$LERNORT_ROOT/bin/lernort.mjs" "$@"; else command npx "$@"; fi; }',
    ...blocks,
  ].join('\n');
}

describe('docs/new-city.md on Flensburg from its raw files', () => {
  it('runs from an empty data directory to the index, command by command', { timeout: 900_000 }, () => {
    const script = documentedScript(fs.readFileSync(path.join(projectRoot, 'docs', 'new-city.md'), 'utf8'));
    expect(script).toContain('--create-layer');
    const env: NodeJS.ProcessEnv = { ...process.env, LERNORT_ROOT: projectRoot, WORK: work, FL: path.join(shared, 'flensburg') };
    for (const k of ['DATABASE_URL', 'LERNORT_DATA_DIR', 'LERNORT_RECIPE', 'LERNORT_EXPECTED_REGION']) delete env[k];
    const run = spawnSync('bash', ['-c', script], { cwd: projectRoot, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const log = `${run.stdout}\n${run.stderr}`.slice(-4000);
    expect(run.status, log).toBe(0);

    // Areas: 13 Stadtteile with their layer created, then 41 districts inside them.
    expect(run.stdout).toContain('Ebene / layer stadtteil „Stadtteile“ (geometry) angelegt / created');
    expect(run.stdout).toContain('Ebene / layer statistischer_bezirk „Statistische Bezirke“ (geometry, in stadtteil) angelegt / created');
    expect(run.stdout).toMatch(/flensburg_stadtbezirke\.geojson \(geojson\)\n\s+gelesen\/read 41, geschrieben\/written 41/);

    // Table 1: the 13 Stadtteile of 2021 sum to 97,877 residents (as the recipe reads them).
    const csv = fs.readFileSync(path.join(work, 'einwohner-2021.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(csv).toHaveLength(13);
    const value = (line: string) => Number(line.split(';')[4].replace(/\./g, '').replace(',', '.'));
    expect(csv.reduce((s, l) => s + value(l), 0)).toBe(97877);

    // The index: Neustadt, highest share of foreign nationals and lowest employment rate, ranks first.
    const rows = fs.readFileSync(path.join(work, 'status-2021.csv'), 'utf8').trim().split(/\r?\n/);
    const header = rows[0].split(',');
    const rankOf = (name: string) => Number(rows.find((r) => r.split(',')[header.indexOf('name')] === name)!.split(',')[header.indexOf('rank')]);
    expect(rows).toHaveLength(14);
    expect(rankOf('Neustadt')).toBe(1);

    // No published total above the Stadtteile here: the consistency report has nothing to compare.
    expect(JSON.parse(fs.readFileSync(path.join(work, 'consistency.json'), 'utf8'))).toEqual([]);
  });
});
