// B2: assign 1,000,000 generated points to 10,990 generated polygons (a jittered tiling with 32
// vertices per polygon over a Leipzig-sized box) and to the 63 real Leipzig Ortsteile: the TS path
// (flatbush + ray casting, src/modules/facilities/assign.ts) against PostGIS ST_Contains with a GiST
// index on a throwaway database of the PostgreSQL server, in the same run, with identical answers.
// Goal: TS ≥ 10× faster than PostGIS (parallel workers allowed) and < 1.5 s for the 1M points.
// Run alone: npx tsx bench/b2-assign.ts
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { buildPolygonIndex } from '../src/modules/facilities/assign.ts';
import { loadConfig } from '../src/config.ts';
import { createBenchDb, dropBenchDb, elapsedMs, fmt, log, median, printTable, seededRandom, writeResult, type SummaryRow } from './lib.ts';

const N_POINTS = Number(process.env.B2_POINTS ?? 1_000_000);
const COLS = 157, ROWS = 70; // 10,990 polygons
const BOX = { x0: 12.2, y0: 51.2, w: 0.4, h: 0.3 };
const SEG = 8; // segments per polygon edge

/** A gap-free tiling: jittered lattice vertices, each shared edge subdivided and wiggled once. */
export function generateTiling(seed = 1): Polygon[] {
  const rnd = seededRandom(seed);
  const cw = BOX.w / COLS, ch = BOX.h / ROWS;
  const vx: number[][] = [], vy: number[][] = [];
  for (let r = 0; r <= ROWS; r++) {
    vx.push([]); vy.push([]);
    for (let c = 0; c <= COLS; c++) {
      const border = r === 0 || c === 0 || r === ROWS || c === COLS;
      vx[r].push(BOX.x0 + c * cw + (border ? 0 : (rnd() - 0.5) * 0.5 * cw));
      vy[r].push(BOX.y0 + r * ch + (border ? 0 : (rnd() - 0.5) * 0.5 * ch));
    }
  }
  const edge = (ax: number, ay: number, bx: number, by: number): Position[] => {
    const pts: Position[] = [];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
    for (let k = 1; k < SEG; k++) {
      const off = (rnd() - 0.5) * 0.08 * len;
      pts.push([ax + (dx * k) / SEG - (dy / len) * off, ay + (dy * k) / SEG + (dx / len) * off]);
    }
    return pts;
  };
  const h: Position[][][] = [], v: Position[][][] = [];
  for (let r = 0; r <= ROWS; r++) { h.push([]); for (let c = 0; c < COLS; c++) h[r].push(edge(vx[r][c], vy[r][c], vx[r][c + 1], vy[r][c + 1])); }
  for (let r = 0; r < ROWS; r++) { v.push([]); for (let c = 0; c <= COLS; c++) v[r].push(edge(vx[r][c], vy[r][c], vx[r + 1][c], vy[r + 1][c])); }
  const polys: Polygon[] = [];
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      const ring: Position[] = [[vx[r][c], vy[r][c]], ...h[r][c], [vx[r][c + 1], vy[r][c + 1]], ...v[r][c + 1], [vx[r + 1][c + 1], vy[r + 1][c + 1]],
        ...h[r + 1][c].slice().reverse(), [vx[r + 1][c], vy[r + 1][c]], ...v[r][c].slice().reverse(), [vx[r][c], vy[r][c]]];
      polys.push({ type: 'Polygon', coordinates: [ring] });
    }
  }
  return polys;
}

function randomPoints(n: number, seed: number, box: { x0: number; y0: number; w: number; h: number }) {
  const rnd = seededRandom(seed);
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) { xs[i] = box.x0 + rnd() * box.w; ys[i] = box.y0 + rnd() * box.h; }
  return { xs, ys };
}

function tsRun(geoms: (Polygon | MultiPolygon)[], xs: Float64Array, ys: Float64Array, runs = 3) {
  const times: number[] = [], builds: number[] = [];
  let result: Int32Array = new Int32Array(0);
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    const index = buildPolygonIndex(geoms);
    builds.push(elapsedMs(t0));
    result = index.assign(xs, ys);
    times.push(elapsedMs(t0));
  }
  return { ms: median(times), buildMs: median(builds), result };
}

async function postgisRun(client: pg.Client, label: string, geoms: (Polygon | MultiPolygon)[], xs: Float64Array, ys: Float64Array) {
  await client.query(`DROP TABLE IF EXISTS polys, pts, res`);
  await client.query(`CREATE TABLE polys (id int PRIMARY KEY, geom geometry(Geometry, 4326) NOT NULL)`);
  await client.query(`CREATE TABLE pts (id int PRIMARY KEY, geom geometry(Point, 4326) NOT NULL)`);
  for (let s = 0; s < geoms.length; s += 2000) {
    const chunk = geoms.slice(s, s + 2000);
    await client.query(`INSERT INTO polys SELECT i, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) FROM unnest($1::int[], $2::text[]) AS t(i, g)`,
      [chunk.map((_, k) => s + k), chunk.map((g) => JSON.stringify(g))]);
  }
  for (let s = 0; s < xs.length; s += 100_000) {
    const e = Math.min(s + 100_000, xs.length);
    await client.query(`INSERT INTO pts SELECT i, ST_SetSRID(ST_MakePoint(x, y), 4326) FROM unnest($1::int[], $2::float8[], $3::float8[]) AS t(i, x, y)`,
      [Array.from({ length: e - s }, (_, k) => s + k), Array.from(xs.subarray(s, e)), Array.from(ys.subarray(s, e))]);
  }
  await client.query(`CREATE INDEX polys_geom ON polys USING gist (geom)`);
  await client.query(`ANALYZE polys; ANALYZE pts`);
  const invalid = (await client.query(`SELECT count(*)::int AS n FROM polys WHERE NOT ST_IsValid(geom)`)).rows[0].n as number;
  log(`B2 ${label}: data loaded (${fmt(geoms.length)} polygons, ${fmt(xs.length)} points, ${invalid} invalid polygons); running ST_Contains …`);
  const t0 = process.hrtime.bigint();
  await client.query(`CREATE UNLOGGED TABLE res AS SELECT p.id AS pid, min(a.id) AS aid FROM pts p JOIN polys a ON ST_Contains(a.geom, p.geom) GROUP BY p.id`);
  const ms = elapsedMs(t0);
  const rows = (await client.query<{ pid: number; aid: number }>(`SELECT pid, aid FROM res`)).rows;
  const result = new Int32Array(xs.length).fill(-1);
  for (const r of rows) result[r.pid] = r.aid;
  return { ms, result, invalid };
}

function compare(a: Int32Array, b: Int32Array) {
  let diff = 0, inside = 0;
  const examples: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== -1) inside++;
    if (a[i] !== b[i]) { diff++; if (examples.length < 5) examples.push(i); }
  }
  return { diff, inside, examples };
}

export async function runB2(): Promise<{ summary: SummaryRow[]; details: unknown }> {
  const config = loadConfig();
  const tiling = generateTiling(1);
  const pts = randomPoints(N_POINTS, 2, BOX);
  const fc = JSON.parse(fs.readFileSync(path.join(config.sharedDataDir, 'leipzig', 'ortsteile.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  const ortsteile = fc.features.map((f) => f.geometry);
  const lpts = randomPoints(N_POINTS, 3, { x0: 12.23, y0: 51.23, w: 0.33, h: 0.22 });

  log(`B2: TS path, ${fmt(N_POINTS)} points → ${fmt(tiling.length)} polygons`);
  const tsGen = tsRun(tiling, pts.xs, pts.ys);
  const tsLeipzig = tsRun(ortsteile, lpts.xs, lpts.ys);
  const db = await createBenchDb('b2');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    const pgGen = await postgisRun(client, 'generated', tiling, pts.xs, pts.ys);
    const pgLeipzig = await postgisRun(client, 'Leipzig', ortsteile, lpts.xs, lpts.ys);
    const cGen = compare(tsGen.result, pgGen.result);
    const cLeipzig = compare(tsLeipzig.result, pgLeipzig.result);
    const rows = [
      { case: `${fmt(N_POINTS)} pts → ${fmt(tiling.length)} generated polygons`, 'TS ms': tsGen.ms, 'TS build ms': tsGen.buildMs, 'PostGIS ms': pgGen.ms, 'ratio PostGIS/TS': pgGen.ms / tsGen.ms, inside: cGen.inside, differences: cGen.diff },
      { case: `${fmt(N_POINTS)} pts → 63 Leipzig Ortsteile`, 'TS ms': tsLeipzig.ms, 'TS build ms': tsLeipzig.buildMs, 'PostGIS ms': pgLeipzig.ms, 'ratio PostGIS/TS': pgLeipzig.ms / tsLeipzig.ms, inside: cLeipzig.inside, differences: cLeipzig.diff },
    ];
    printTable(rows, 'B2 point-in-polygon assignment (TS: median of 3 incl. index build; PostGIS: CREATE TABLE AS … ST_Contains with GiST, parallel workers allowed)');
    const summary: SummaryRow[] = [
      { benchmark: 'B2 assign 1M → 10,990 polygons', lernort: `${fmt(tsGen.ms)} ms`, peer: `PostGIS ${fmt(pgGen.ms)} ms`, ratio: pgGen.ms / tsGen.ms, goal: '≥ 10× and < 1,500 ms, identical', met: pgGen.ms / tsGen.ms >= 10 && tsGen.ms < 1500 && cGen.diff === 0 },
      { benchmark: 'B2 assign 1M → 63 Ortsteile', lernort: `${fmt(tsLeipzig.ms)} ms`, peer: `PostGIS ${fmt(pgLeipzig.ms)} ms`, ratio: pgLeipzig.ms / tsLeipzig.ms, goal: '≥ 10×, identical', met: pgLeipzig.ms / tsLeipzig.ms >= 10 && cLeipzig.diff === 0 },
    ];
    const details = { rows, differences: { generated: cGen, leipzig: cLeipzig }, invalidPolygons: { generated: pgGen.invalid, leipzig: pgLeipzig.invalid } };
    writeResult('b2', { summary, details });
    return { summary, details };
  } finally {
    await client.end();
    await dropBenchDb(db.name);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runB2();
  printTable(r.summary.map((s) => ({ ...s, ratio: s.ratio.toFixed(2), met: s.met ? 'yes' : 'NO' })), 'B2 summary');
}
