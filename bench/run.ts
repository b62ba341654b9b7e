// `npm run bench` runs every benchmark in sequence; `npm run bench -- b1 b7` runs the chosen ones.
// Each benchmark measures Lernort against its peer in the same run; results go to
// bench-output/results.json and a summary table is printed at the end.
import { log, machineLoad, printTable, type SummaryRow } from './lib.ts';

const benchmarks: Record<string, () => Promise<{ summary: SummaryRow[] }>> = {
  b1: async () => (await import('./b1-ingest.ts')).main(),
  b5: async () => (await import('./b5-api.ts')).main(),
  b7: async () => (await import('./b7-cold-start.ts')).main(),
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
