// B4: E2SFCA (steps 1 / 0.68 / 0.22 up to 10 / 20 / 30 minutes, walking 4.8 km/h, detour 1.3) with
// 90,000 demand points — a 100 m grid over 30 × 30 km, a Berlin-sized city — and 3,000 facilities at
// seeded random places: the grid-bucketed pairs of src/core/access (the product path) against the
// naive all-pairs reference (equal up to summation order, ~1e-16) and against PostGIS (ST_DWithin join with GiST + SQL aggregation) on a
// throwaway database, same run, same answers. Goals: ≥ 10× naive, ≥ 20× PostGIS.
// Run alone: npx tsx bench/b4-access.ts
import pg from 'pg';
import { enhancedTwoStepFca, minutesPerMetre, naivePairs } from '../src/core/access/index.ts';
import { createBenchDb, dropBenchDb, elapsedMs, fmt, log, median, printTable, seededRandom, writeResult, type SummaryRow } from './lib.ts';

const SIDE = Number(process.env.B4_SIDE ?? 300); // 300 × 300 = 90,000 demand points
const N_SUPPLY = Number(process.env.B4_SUPPLY ?? 3000);
const SPACING = 100;
const X0 = 300_000, Y0 = 5_680_000; // EPSG:25833 around Leipzig
const travel = { speedKmh: 4.8, detour: 1.3 };

function layout() {
  const rnd = seededRandom(4);
  const demand = [];
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) demand.push({ id: `d${r * SIDE + c}`, x: X0 + c * SPACING + SPACING / 2, y: Y0 + r * SPACING + SPACING / 2, population: Math.floor(rnd() * 60) });
  const supply = Array.from({ length: N_SUPPLY }, (_, j) => ({ id: `s${j}`, x: X0 + rnd() * SIDE * SPACING, y: Y0 + rnd() * SIDE * SPACING, capacity: 20 + Math.floor(rnd() * 130) }));
  return { demand, supply };
}

export async function runB4(): Promise<{ summary: SummaryRow[]; details: unknown }> {
  const { demand, supply } = layout();
  log(`B4: E2SFCA, ${fmt(demand.length)} demand × ${fmt(supply.length)} facilities, 30-minute cutoff`);
  const gridTimes: number[] = [];
  let grid = enhancedTwoStepFca({ demand, supply, travel });
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    grid = enhancedTwoStepFca({ demand, supply, travel });
    gridTimes.push(elapsedMs(t0));
  }
  const t1 = process.hrtime.bigint();
  const naive = enhancedTwoStepFca({ demand, supply, travel, pairs: naivePairs });
  const naiveMs = elapsedMs(t1);
  let maxDiffNaive = 0;
  for (let i = 0; i < demand.length; i++) maxDiffNaive = Math.max(maxDiffNaive, Math.abs(grid.accessibility[i] - naive.accessibility[i]));

  const db = await createBenchDb('b4');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await client.query('CREATE TABLE dem (id int PRIMARY KEY, pop float8 NOT NULL, geom geometry(Point, 25833) NOT NULL)');
    await client.query('CREATE TABLE sup (id int PRIMARY KEY, cap float8 NOT NULL, geom geometry(Point, 25833) NOT NULL)');
    for (let s = 0; s < demand.length; s += 30_000) {
      const ch = demand.slice(s, s + 30_000);
      await client.query('INSERT INTO dem SELECT i, p, ST_SetSRID(ST_MakePoint(x, y), 25833) FROM unnest($1::int[], $2::float8[], $3::float8[], $4::float8[]) AS t(i, p, x, y)',
        [ch.map((_, k) => s + k), ch.map((d) => d.population), ch.map((d) => d.x), ch.map((d) => d.y)]);
    }
    await client.query('INSERT INTO sup SELECT i, c, ST_SetSRID(ST_MakePoint(x, y), 25833) FROM unnest($1::int[], $2::float8[], $3::float8[], $4::float8[]) AS t(i, c, x, y)',
      [supply.map((_, j) => j), supply.map((s) => s.capacity), supply.map((s) => s.x), supply.map((s) => s.y)]);
    await client.query('CREATE INDEX dem_geom ON dem USING gist (geom)');
    await client.query('CREATE INDEX sup_geom ON sup USING gist (geom)');
    await client.query('ANALYZE dem; ANALYZE sup');
    const f = minutesPerMetre(travel);
    const radius = (30 / f) * (1 + 1e-9);
    log('B4: PostGIS ST_DWithin join + aggregation …');
    const t2 = process.hrtime.bigint();
    await client.query(
      `CREATE UNLOGGED TABLE acc AS
       WITH w AS MATERIALIZED (
         SELECT d.id AS i, s.id AS j, d.pop, s.cap,
                CASE WHEN t <= 10 THEN 1.0 WHEN t <= 20 THEN 0.68 WHEN t <= 30 THEN 0.22 ELSE 0 END::float8 AS w
           FROM dem d JOIN sup s ON ST_DWithin(d.geom, s.geom, $1::float8)
           CROSS JOIN LATERAL (SELECT ST_Distance(d.geom, s.geom) * $2::float8 AS t) m
       ), r AS (
         SELECT j, max(cap) / sum(pop * w) AS r FROM w GROUP BY j HAVING sum(pop * w) > 0
       )
       SELECT w.i, sum(r.r * w.w) AS a FROM w JOIN r USING (j) GROUP BY w.i`,
      [radius, f],
    );
    const pgMs = elapsedMs(t2);
    const rows = (await client.query<{ i: number; a: number }>('SELECT i, a FROM acc')).rows;
    const pgA = new Float64Array(demand.length);
    for (const r of rows) pgA[r.i] = r.a;
    let maxRelPg = 0;
    for (let i = 0; i < demand.length; i++) {
      const scale = Math.max(Math.abs(grid.accessibility[i]), 1e-12);
      maxRelPg = Math.max(maxRelPg, Math.abs(grid.accessibility[i] - pgA[i]) / scale);
    }
    const gridMs = median(gridTimes);
    let sumPA = 0;
    demand.forEach((d, i) => (sumPA += d.population * grid.accessibility[i]));
    const unreached = new Set(grid.unreachedSupply);
    const sumS = supply.filter((s) => !unreached.has(s.id)).reduce((s, x) => s + x.capacity, 0);
    const table = [
      { path: 'grid (Lernort, core/access gridPairs)', ms: gridMs, ratio: 1, 'max |Δ| vs grid': 0 },
      { path: 'naive all-pairs (core/access naivePairs)', ms: naiveMs, ratio: naiveMs / gridMs, 'max |Δ| vs grid': maxDiffNaive },
      { path: 'PostGIS ST_DWithin + SQL', ms: pgMs, ratio: pgMs / gridMs, 'max |Δ| vs grid': maxRelPg },
    ];
    printTable(table.map((r) => ({ ...r, ratio: r.ratio.toFixed(2), 'max |Δ| vs grid': r['max |Δ| vs grid'].toExponential(2) })), `B4 E2SFCA (ΣP·A = ${sumPA.toFixed(6)}, ΣS reached = ${sumS}; PostGIS Δ relative)`);
    const summary: SummaryRow[] = [
      { benchmark: 'B4 E2SFCA 90k × 3k vs naive', lernort: `${fmt(gridMs)} ms`, peer: `naive ${fmt(naiveMs)} ms`, ratio: naiveMs / gridMs, goal: '≥ 10×, same to 1e-12', met: naiveMs / gridMs >= 10 && maxDiffNaive < 1e-12 },
      { benchmark: 'B4 E2SFCA 90k × 3k vs PostGIS', lernort: `${fmt(gridMs)} ms`, peer: `PostGIS ${fmt(pgMs)} ms`, ratio: pgMs / gridMs, goal: '≥ 20×, same to 1e-9', met: pgMs / gridMs >= 20 && maxRelPg < 1e-9 },
    ];
    const details = { table, sumPA, sumS, demand: demand.length, supply: supply.length, travel, radiusM: radius };
    writeResult('b4', { summary, details });
    return { summary, details };
  } finally {
    await client.end();
    await dropBenchDb(db.name);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runB4();
  printTable(r.summary.map((s) => ({ ...s, ratio: s.ratio.toFixed(2), met: s.met ? 'yes' : 'NO' })), 'B4 summary');
}
