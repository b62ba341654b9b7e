// B3: social index + MSS classification + 1,000-draw sensitivity for 11,000 generated areas ×
// 6 indicators (goal < 2 s), and the same z-scores, index, ranks and classes computed in SQL on
// PostgreSQL (bench/b3-index.sql) in the same run (goal: Lernort ≥ 5× faster). Both sides start
// from the values already in their store (memory / a table) and end with every area's result in
// the process; the classes of both sides are checked to agree. Standalone: npx tsx bench/b3-index.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { computeIndex } from '../src/modules/indices/compute.ts';
import { parseDefinition } from '../src/modules/indices/service.ts';
import { createBenchDb, dropBenchDb, fmt, log, median, printTable, seededRandom, timeMs, writeResult, type BenchResult } from './lib.ts';

const AREAS = Number(process.env.B3_AREAS ?? 11_000);
const K = 6;
const DRAWS = 1000;
const RUNS = Number(process.env.B3_RUNS ?? 5);
const REPS = 5;
const sqlFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'b3-index.sql');

function generate(): { values: Record<string, number[]> } {
  const rnd = seededRandom(3);
  // a latent deprivation per area plus indicator noise, so the indicators correlate like real ones
  const latent = Array.from({ length: AREAS }, () => rnd() + rnd() + rnd());
  const values: Record<string, number[]> = {};
  for (let k = 0; k < K; k++) values[`i${k}`] = latent.map((l) => Math.round((5 + 8 * l + 6 * rnd()) * 1000) / 1000);
  return { values };
}

const definition = parseDefinition({
  key: 'b3', name: 'B3', indicators: Array.from({ length: K }, (_, k) => ({ key: `i${k}` })),
  standardisation: { method: 'z-score', mean: 'unweighted', sdDivisor: 'N' }, aggregation: { method: 'weighted-sum' }, classification: { kind: 'mss-status' },
});
const sensitivity = { draws: DRAWS, weightPerturbation: 0.2, normalisations: ['z' as const, 'minmax' as const, 'percentile' as const], leaveOneOut: true, seed: 1, flipThreshold: 0.1 };
const areas = Array.from({ length: AREAS }, (_, i) => ({ id: i + 1, code: String(i + 1), name: `Gebiet ${i + 1}` }));

export async function runB3(): Promise<BenchResult> {
  log(`B3 index: ${fmt(AREAS)} areas × ${K} indicators, ${fmt(DRAWS)} Monte Carlo draws`);
  const { values } = generate();
  const { name, url } = await createBenchDb('b3');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE b3_values (area int NOT NULL, indicator int NOT NULL, value float8 NOT NULL, PRIMARY KEY (indicator, area))');
    const a: number[] = [], ind: number[] = [], v: number[] = [];
    for (let k = 0; k < K; k++) for (let i = 0; i < AREAS; i++) { a.push(i + 1); ind.push(k); v.push(values[`i${k}`][i]); }
    await client.query('INSERT INTO b3_values SELECT * FROM unnest($1::int[], $2::int[], $3::float8[])', [a, ind, v]);
    await client.query('VACUUM ANALYZE b3_values');
    const sql = fs.readFileSync(sqlFile, 'utf8');

    const indexMs: number[] = [], fullMs: number[] = [], sqlMs: number[] = [];
    let last: ReturnType<typeof computeIndex> | undefined;
    let sqlRows: { area: number; class: number; rank: string | number }[] = [];
    computeIndex({ definition, areas, values, sensitivity: { ...sensitivity, draws: 20 } }); // warm-up (JIT), not timed
    await client.query(sql);
    for (let run = 0; run < RUNS; run++) {
      // alternate the order so that neither side always runs on a warmer machine
      const order = run % 2 === 0 ? ['js', 'sql'] : ['sql', 'js'];
      for (const side of order) {
        if (side === 'js') {
          // a run of a few ms is at the mercy of the collector cleaning up after the Monte Carlo:
          // take the median of several repetitions (the SQL side gets the same treatment)
          const reps: number[] = [];
          for (let r = 0; r < REPS; r++) reps.push((await timeMs(() => computeIndex({ definition, areas, values }))).ms);
          indexMs.push(median(reps));
          const full = await timeMs(() => computeIndex({ definition, areas, values, sensitivity }));
          fullMs.push(full.ms);
          last = full.result;
        } else {
          const reps: number[] = [];
          for (let r = 0; r < REPS; r++) {
            const s = await timeMs(() => client.query(sql));
            reps.push(s.ms);
            sqlRows = s.result.rows;
          }
          sqlMs.push(median(reps));
        }
      }
      log(`B3 run ${run + 1}: index+classes ${fmt(indexMs[run], 1)} ms, with sensitivity ${fmt(fullMs[run])} ms, SQL ${fmt(sqlMs[run], 1)} ms`);
    }
    // both sides must agree before their times mean anything
    const disagree = last!.rows.filter((r, i) => r.class !== Number(sqlRows[i].class) || r.rank !== Number(sqlRows[i].rank)).length;
    if (disagree > 0) throw new Error(`B3: ${disagree} areas differ in class or rank between Lernort and SQL`);

    const idx = median(indexMs), full = median(fullMs), sqlT = median(sqlMs);
    const ratio = sqlT / idx;
    printTable([
      { side: 'Lernort index + classes', 'median ms': idx, runs: indexMs.map((x) => fmt(x, 1)).join(' / ') },
      { side: `Lernort + ${DRAWS}-draw sensitivity`, 'median ms': full, runs: fullMs.map((x) => fmt(x)).join(' / ') },
      { side: 'PostgreSQL z-scores + classes (SQL)', 'median ms': sqlT, runs: sqlMs.map((x) => fmt(x, 1)).join(' / ') },
    ], `B3 index for ${fmt(AREAS)} areas × ${K} indicators (SQL/Lernort = ${ratio.toFixed(1)}×, goal ≥ 5×; full run goal < 2,000 ms; medians of ${REPS} repetitions per run for the two short ones)`);
    return {
      summary: [
        { benchmark: `B3 index + classes + ${DRAWS}-draw sensitivity, ${fmt(AREAS)} areas`, lernort: `${fmt(full)} ms`, peer: '2,000 ms budget', ratio: 2000 / full, goal: '< 2,000 ms', met: full < 2000 },
        { benchmark: `B3 z-scores + classes vs SQL (PostgreSQL)`, lernort: `${fmt(idx, 1)} ms`, peer: `${fmt(sqlT, 1)} ms`, ratio, goal: 'SQL/Lernort ≥ 5', met: ratio >= 5 },
      ],
      details: { areas: AREAS, indicators: K, draws: DRAWS, runs: RUNS, indexMs, fullMs, sqlMs, ratio, unstableAreas: last!.summary.unstable, meanAbsRankShift: last!.summary.meanAbsRankShift },
    };
  } finally {
    await client.end();
    await dropBenchDb(name);
  }
}

export async function main(): Promise<BenchResult> {
  const r = await runB3();
  writeResult('b3', r);
  return r;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
  });
}
