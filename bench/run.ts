// `npm run bench` runs every benchmark in sequence; `npm run bench -- b1 b7` runs the chosen ones.
// Each benchmark measures Lernort against its peer in the same run; results go to
// bench-output/results.json and a summary table is printed at the end.
//
// Knobs (environment): BENCH_RUNS (measured runs per side, ≥ 2, default 2), B1_AREAS (default
// 10990 → 1,000,090 rows), B1_PROFILE=1 (one Lernort import only, for
// `node --cpu-prof --import tsx bench/run.ts b1`), B5_DURATION (seconds per load run, default 10),
// LERNORT_BENCH_PG_URL (maintenance database of the PostgreSQL server, default
// postgres://postgres@127.0.0.1:5432/postgres). Throwaway databases are named lernort_bench_*.
import { log, machineLoad, printTable, type SummaryRow } from './lib.ts';

const benchmarks: Record<string, () => Promise<{ summary: SummaryRow[] }>> = {
  b1: async () => (await import('./b1-ingest.ts')).main(),
  b2: async () => (await import('./b2-assign.ts')).runB2(),
  b3: async () => (await import('./b3-index.ts')).main(),
  b4: async () => (await import('./b4-access.ts')).runB4(),
  b5: async () => (await import('./b5-api.ts')).main(),
  b6: async () => (await import('./b6-map.ts')).runB6(),
  b7: async () => (await import('./b7-cold-start.ts')).main(),
  b8: async () => (await import('./b8-budget.ts')).runB8(),
  load: async () => (await import('./load.ts')).main(),
};

const chosen = process.argv.slice(2).filter((a) => a !== '--');
const unknown = chosen.filter((c) => !(c in benchmarks));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')} (known: ${Object.keys(benchmarks).join(', ')})`);
  process.exit(1);
}
const names = chosen.length ? chosen : Object.keys(benchmarks);
const before = machineLoad();
log(`benchmarks ${names.join(', ')} on ${before.cpus} CPUs, load average ${before.loadavg.join(' ')}`);
const summary: SummaryRow[] = [];
for (const name of names) {
  const r = await benchmarks[name]();
  summary.push(...r.summary);
}
const after = machineLoad();
printTable(
  summary.map((s) => ({ benchmark: s.benchmark, Lernort: s.lernort, peer: s.peer, ratio: s.ratio.toFixed(3), goal: s.goal, 'met?': s.met === null ? '—' : s.met ? 'yes' : 'NO' })),
  `Summary (load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}; results in bench-output/results.json)`,
);
process.exit(0);
