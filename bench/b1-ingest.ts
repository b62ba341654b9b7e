// B1: ingest of a generated 1,000,000-row long-format German CSV through Lernort's import pipeline
// (importFile: reader → code matching → one-transaction upsert) against the raw database speed:
// psql `\copy observations(...) FROM` a prepared file whose area and indicator ids are resolved.
// Both write into the same empty, indexed observations table of a throwaway PostgreSQL database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, migrateDatabase, withTransaction, type Database } from '../src/db/connection.ts';
import { importFile, resolveRecords } from '../src/modules/imports/service.ts';
import { readObservationFile } from '../src/io/formats.ts';
import { writeObservations } from '../src/modules/observations/service.ts';
import { saveIndicator } from '../src/modules/indicators/service.ts';
import { upsertLayer } from '../src/modules/areas/service.ts';
import { createBenchDb, dropBenchDb, log, median, printTable, seededRandom, timeMs, writeResult, fmt, machineLoad, type BenchResult } from './lib.ts';

const AREAS = Number(process.env.B1_AREAS ?? 10_990);
const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024];
const RUNS = Math.max(2, Number(process.env.BENCH_RUNS ?? 2));
/** B1_PROFILE=1: one Lernort import only, for `node --cpu-prof --import tsx bench/run.ts b1`. */
const PROFILE = process.env.B1_PROFILE === '1';
const LAYER = 'block';

// 13 indicators: counts are written as integers, shares and rates with a decimal comma.
const INDICATORS: { key: string; kind: 'count' | 'rate'; max: number }[] = [
  { key: 'einwohner', kind: 'count', max: 4000 },
  { key: 'einwohner_u18', kind: 'count', max: 800 },
  { key: 'einwohner_u6', kind: 'count', max: 300 },
  { key: 'einwohner_65plus', kind: 'count', max: 900 },
  { key: 'haushalte', kind: 'count', max: 2200 },
  { key: 'bedarfsgemeinschaften', kind: 'count', max: 400 },
  { key: 'arbeitslose', kind: 'count', max: 300 },
  { key: 'jugendquote', kind: 'rate', max: 40 },
  { key: 'altenquote', kind: 'rate', max: 60 },
  { key: 'migrationsanteil', kind: 'rate', max: 70 },
  { key: 'sgb2_quote', kind: 'rate', max: 45 },
  { key: 'einwohnerdichte', kind: 'rate', max: 25000 },
  { key: 'wohndauer', kind: 'rate', max: 30 },
];

/** Area codes: the Leipzig AGS prefix with a running block number, e.g. 1471300012. */
const areaCode = (i: number) => `14713${String(i * 3 + 12).padStart(5, '0')}`;

interface Generated {
  csv: Buffer;
  /** One entry per CSV row: area index, indicator index, year, value in dot notation (for COPY). */
  rows: { a: Int32Array; ind: Int8Array; year: Int16Array; value: string[] };
}

/** The CSV, seeded: same bytes every run. Rows ordered indicator → year → area, as offices export them. */
function generate(): Generated {
  const rnd = seededRandom(20240601);
  const n = AREAS * INDICATORS.length * YEARS.length;
  const rows = { a: new Int32Array(n), ind: new Int8Array(n), year: new Int16Array(n), value: new Array<string>(n) };
  const lines: string[] = ['gebiet_code;indikator;jahr;wert'];
  let k = 0;
  INDICATORS.forEach((ind, ii) => {
    for (const year of YEARS) {
      for (let a = 0; a < AREAS; a++) {
        const x = rnd() * ind.max;
        const dot = ind.kind === 'count' ? String(Math.round(x)) : x.toFixed(x < 100 ? 2 : 1);
        lines.push(`${areaCode(a)};${ind.key};${year};${dot.replace('.', ',')}`);
        rows.a[k] = a;
        rows.ind[k] = ii;
        rows.year[k] = year;
        rows.value[k] = dot;
        k++;
      }
    }
  });
  return { csv: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), rows };
}

/** Layer, 10,990 areas (plain SQL, no geometry) and 13 indicators (through saveIndicator). */
async function seed(db: Database): Promise<{ areaIds: Map<string, number>; indicatorIds: Map<string, number> }> {
  const layerId = await upsertLayer(db.pool, { key: LAYER, nameDe: 'Block', nameEn: 'Block', kind: 'geometry', sort: 50 });
  const codes = Array.from({ length: AREAS }, (_, i) => areaCode(i));
  await db.pool.query(
    `INSERT INTO areas (layer_id, code, name) SELECT $1, c, 'Block ' || c FROM unnest($2::text[]) AS c
     ON CONFLICT DO NOTHING`,
    [layerId, codes],
  );
  const areaIds = new Map((await db.pool.query<{ id: number; code: string }>('SELECT id, code FROM areas WHERE layer_id = $1', [layerId])).rows.map((r) => [r.code, r.id]));
  const indicatorIds = new Map<string, number>();
  for (const ind of INDICATORS) {
    const id = await saveIndicator(db.pool, {
      key: ind.key, name: ind.key, nameEn: ind.key, unit: ind.kind === 'count' ? 'Personen' : '%', unitEn: ind.kind === 'count' ? 'persons' : '%',
      topic: 'bevoelkerung', polarity: 'neutral', kind: ind.kind === 'count' ? 'count' : 'share', scale: 1, decimals: ind.kind === 'count' ? 0 : 2, suppressionK: 2,
    });
    indicatorIds.set(ind.key, id);
  }
  return { areaIds, indicatorIds };
}

/** The peer's input: tab-separated rows with resolved ids, in the CSV's order. */
function writeCopyFile(g: Generated, areaIds: Map<string, number>, indicatorIds: Map<string, number>, file: string): void {
  const areaId = Array.from({ length: AREAS }, (_, i) => areaIds.get(areaCode(i))!);
  const indId = INDICATORS.map((i) => indicatorIds.get(i.key)!);
  const parts: string[] = [];
  for (let k = 0; k < g.rows.a.length; k++) parts.push(`${areaId[g.rows.a[k]]}\t${indId[g.rows.ind[k]]}\t${g.rows.year[k]}\t${g.rows.value[k]}\n`);
  fs.writeFileSync(file, parts.join(''));
}

function psqlCopy(dbName: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', dbName, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy observations(area_id, indicator_id, period, value) FROM '${file}'`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}: ${err}`))));
  });
}

async function emptyTable(db: Database): Promise<void> {
  await db.pool.query('TRUNCATE observations');
  await db.pool.query('CHECKPOINT');
}

async function countRows(db: Database): Promise<number> {
  return (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM observations')).rows[0].n;
}

export async function runB1(): Promise<BenchResult> {
  log(`B1 ingest: generating ${fmt(AREAS)} areas × ${INDICATORS.length} indicators × ${YEARS.length} years`);
  const g = generate();
  const n = g.rows.a.length;
  log(`B1: CSV ${fmt(n)} rows, ${(g.csv.length / 1e6).toFixed(1)} MB`);
  const { name, url } = await createBenchDb('b1');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lernort-bench-b1-'));
  const db = await openDatabase({ databaseUrl: url, dataDir: '' });
  try {
    await migrateDatabase(db);
    const { areaIds, indicatorIds } = await seed(db);
    const copyFile = path.join(tmp, 'observations.tsv');
    writeCopyFile(g, areaIds, indicatorIds, copyFile);
    const actor = { userId: null, name: 'bench' };

    if (PROFILE) {
      const { ms } = await timeMs(() => importFile(db, { bytes: g.csv, file: 'bench-long.csv', actor, dryRun: false, options: { format: 'long', layer: LAYER } }));
      log(`B1 profile pass: Lernort importFile ${fmt(ms)} ms`);
      return { summary: [], details: { profileMs: ms } };
    }
    const lernortMs: number[] = [];
    const copyMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Alternate the order so that neither side always runs on a warmer machine.
      const order = run % 2 === 0 ? ['lernort', 'copy'] : ['copy', 'lernort'];
      for (const side of order) {
        await emptyTable(db);
        if (side === 'lernort') {
          const { ms, result } = await timeMs(() => importFile(db, { bytes: g.csv, file: 'bench-long.csv', actor, dryRun: false, options: { format: 'long', layer: LAYER } }));
          if (result.status !== 'committed' || result.rowsWritten !== n) throw new Error(`B1 import not committed: ${result.status} ${result.rowsWritten} ${JSON.stringify(result.errors.slice(0, 3))}`);
          lernortMs.push(ms);
          log(`B1 run ${run + 1}: Lernort importFile ${fmt(ms)} ms (${fmt(n / (ms / 1000))} rows/s)`);
        } else {
          const { ms } = await timeMs(() => psqlCopy(name, copyFile));
          const c = await countRows(db);
          if (c !== n) throw new Error(`B1 COPY wrote ${c} rows, expected ${n}`);
          copyMs.push(ms);
          log(`B1 run ${run + 1}: psql \\copy ${fmt(ms)} ms (${fmt(n / (ms / 1000))} rows/s)`);
        }
      }
    }

    // Where Lernort's time goes: the same three stages, timed one by one (one extra pass).
    await emptyTable(db);
    const read = await timeMs(() => readObservationFile(g.csv, 'bench-long.csv', { format: 'long', layer: LAYER }));
    const resolve = await timeMs(() => withTransaction(db, (c) => resolveRecords(c, read.result, { file: 'bench-long.csv', layer: LAYER })));
    const upsert = await timeMs(() => withTransaction(db, (c) => writeObservations(c, resolve.result.rows, { importId: 0 })));
    const stages = { readerMs: read.ms, matchingMs: resolve.ms, upsertMs: upsert.ms };
    log(`B1 stages: reader ${fmt(read.ms)} ms, matching ${fmt(resolve.ms)} ms, upsert ${fmt(upsert.ms)} ms`);

    const lernort = median(lernortMs);
    const copy = median(copyMs);
    const ratio = copy / lernort;
    printTable([
      { side: 'Lernort importFile', 'median ms': lernort, runs: lernortMs.map((x) => fmt(x)).join(' / '), 'rows/s': n / (lernort / 1000) },
      { side: 'psql \\copy (ids resolved)', 'median ms': copy, runs: copyMs.map((x) => fmt(x)).join(' / '), 'rows/s': n / (copy / 1000) },
    ], `B1 ingest of ${fmt(n)} rows (ratio COPY/Lernort = ${ratio.toFixed(3)}, goal ≥ 0.5)`);
    printTable([{ reader: stages.readerMs, matching: stages.matchingMs, upsert: stages.upsertMs, 'sum (ms)': stages.readerMs + stages.matchingMs + stages.upsertMs }], 'B1 Lernort stages (one pass, ms)');
    return {
      summary: [{
        benchmark: 'B1 ingest 1M rows (PostgreSQL)',
        lernort: `${fmt(lernort)} ms, ${fmt(n / (lernort / 1000))} rows/s`,
        peer: `${fmt(copy)} ms, ${fmt(n / (copy / 1000))} rows/s`,
        ratio,
        goal: 'COPY/Lernort ≥ 0.5',
        met: ratio >= 0.5,
      }],
      details: { rows: n, csvBytes: g.csv.length, areas: AREAS, indicators: INDICATORS.length, years: YEARS.length, lernortMs, copyMs, ratio, stages, loadAfter: machineLoad() },
    };
  } finally {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    await dropBenchDb(name);
  }
}

export async function main(): Promise<BenchResult> {
  const r = await runB1();
  if (!PROFILE) writeResult('b1', r);
  return r;
}
