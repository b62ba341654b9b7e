// B8: need-based budget allocation (METHODS.md §7) on 500 planning areas × 9 domains (the seven
// Vertiefungsgebiete plus two more pots), each pot damped against last year (floor −2 %, cap +4 %)
// and allocated closest to the formula in L1 by an LP; and a 500-binary MIP (fund one post of
// 40,000 € per area or not, 150 posts' worth of budget). Peers in the same run:
//   - HiGHS called directly on the very LP/MIP texts Lernort wrote (captured from the run): the
//     overhead ratio = Lernort's whole allocation (formula, damping, LP text, solve, parse,
//     rounding, explanation) / the bare solve. Goal: LP path < 1 s for all 9 pots, overhead ≤ 1.2×.
//   - the plain iterative damping loop (optimisation 'none') on the same model, where comparable:
//     for L1 both are optimal, so Σ|A − T| must agree to the rounding cents.
// Run alone: npx tsx bench/b8-budget.ts
import { allocate, formulaShares, type AllocationArea, type AllocationModel, type AllocationResult, type LpSolver } from '../src/core/allocation/index.ts';
import { highsSolver, loadedHighs } from '../src/modules/budget/solver.ts';
import { elapsedMs, fmt, log, median, printTable, seededRandom, writeResult, type SummaryRow } from './lib.ts';

const AREAS = Number(process.env.B8_AREAS ?? 500);
const DOMAINS = 9;
const RUNS = Math.max(2, Number(process.env.BENCH_RUNS ?? 3));

const lpModel: AllocationModel = {
  name: 'B8 LP', mode: 'full', rounding: { unit: 0.01 }, lastYear: 'last_year', damping: { floor: -0.02, cap: 0.04 },
  formula: { kind: 'share', alpha: 0.1, w: 0.8, population: 'u18', need: { kind: 'rank-score', column: 'need_score', direction: 'higher-is-needier' } },
  optimisation: { kind: 'l1-closest' },
};
const mipModel: AllocationModel = {
  name: 'B8 MIP', mode: 'full', rounding: { unit: 0.01 },
  formula: { kind: 'share', alpha: 0, w: 0.5, population: 'u18', need: { kind: 'score', column: 'need_score' } },
  optimisation: { kind: 'integer-units', unitCost: 40_000, maxUnitsPerArea: 1 },
};

// Last year: the same formula on last year's counts (each ±5 %) with a budget 3 % smaller, so that
// the damping binds for some areas and leaves the others free, as in a real year.
function pots() {
  const rnd = seededRandom(8);
  const u18 = Array.from({ length: AREAS }, () => 200 + Math.floor(rnd() * 4000));
  const score = Array.from({ length: AREAS }, () => rnd());
  return Array.from({ length: DOMAINS }, (_, d) => {
    const budget = (3 + d) * 1_000_000_00; // 3 … 11 M € per pot
    const before = u18.map((p, i) => ({ code: `PR${String(i).padStart(3, '0')}`, values: { u18: Math.round(p * (0.95 + 0.1 * rnd())), need_score: score[i] } }));
    const shares = formulaShares(before, lpModel.formula);
    const areas: AllocationArea[] = u18.map((p, i) => ({ code: before[i].code, values: { u18: p, need_score: score[i], last_year: Math.round((budget / 1.03) * shares[i].share) / 100 } }));
    return { areas, budget };
  });
}

const l1 = (r: AllocationResult) => r.areas.reduce((s, a) => s + Math.abs(a.amount - a.target), 0);

export async function runB8(): Promise<{ summary: SummaryRow[]; details: unknown }> {
  const data = pots();
  const solver = await highsSolver();
  const h = await loadedHighs();
  const texts: string[] = [];
  const recording: LpSolver = (lp) => {
    texts.push(lp);
    return solver(lp);
  };
  log(`B8: ${AREAS} areas × ${DOMAINS} pots, L1-closest LP under damping; ${AREAS}-binary MIP; ${RUNS} runs each`);

  // warm-up (WASM compile, JIT) and the LP texts Lernort writes
  let lpResults: AllocationResult[] = [];
  const lpTexts: string[][] = [];
  for (const p of data) {
    texts.length = 0;
    lpResults.push(await allocate(lpModel, p.areas, p.budget, recording));
    lpTexts.push([...texts]);
  }
  // Interleaved per pot (Lernort and HiGHS on the same text, in alternating order) so that the
  // machine's load drifts alike for both; the time spent inside the solver during Lernort's run is recorded as well.
  let inSolver = 0;
  const timed: LpSolver = (lp) => {
    const t = process.hrtime.bigint();
    const r = solver(lp);
    inSolver += elapsedMs(t);
    return r;
  };
  const lernortLp: number[] = [], directLp: number[] = [], dampLoop: number[] = [], solveInLp: number[] = [];
  let dampResults: AllocationResult[] = [];
  for (let k = 0; k < RUNS; k++) {
    let lern = 0, direct = 0;
    inSolver = 0;
    lpResults = [];
    for (const [d, p] of data.entries()) {
      const ours = async () => {
        const t = process.hrtime.bigint();
        lpResults.push(await allocate(lpModel, p.areas, p.budget, timed));
        lern += elapsedMs(t);
      };
      const bare = () => {
        const t = process.hrtime.bigint();
        for (const lp of lpTexts[d]) if (h.solve(lp, { output_flag: false }).Status !== 'Optimal') throw new Error('B8: direct LP not optimal');
        direct += elapsedMs(t);
      };
      // alternate who goes first, so that neither side always inherits the other's garbage
      if ((k + d) % 2 === 0) await ours().then(bare);
      else await Promise.resolve(bare()).then(ours);
    }
    lernortLp.push(lern);
    directLp.push(direct);
    solveInLp.push(inSolver);
    const t = process.hrtime.bigint();
    dampResults = [];
    for (const p of data) dampResults.push(await allocate({ ...lpModel, optimisation: { kind: 'none' } }, p.areas, p.budget));
    dampLoop.push(elapsedMs(t));
  }
  const l1Lp = lpResults.reduce((s, r) => s + l1(r), 0), l1Damp = dampResults.reduce((s, r) => s + l1(r), 0);
  const atBound = lpResults[0].areas.filter((a) => a.bound !== null).length;
  const sumsExact = lpResults.every((r, d) => r.areas.reduce((s, a) => s + a.amount, 0) === data[d].budget);

  // MIP: one pot, 500 binaries (one post or none per area); the budget buys 150 posts
  const mipPot = { areas: data[0].areas, budget: 150 * 4_000_000 }; // 6 M €: avg target 12,000 €, posts of 40,000 €
  texts.length = 0;
  let mipResult = await allocate(mipModel, mipPot.areas, mipPot.budget, recording);
  const mipText = texts[0];
  const lernortMip: number[] = [], directMip: number[] = [], solveInMip: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const ours = async () => {
      inSolver = 0;
      const t = process.hrtime.bigint();
      mipResult = await allocate(mipModel, mipPot.areas, mipPot.budget, timed);
      lernortMip.push(elapsedMs(t));
      solveInMip.push(inSolver);
    };
    const bare = () => {
      const t = process.hrtime.bigint();
      if (h.solve(mipText, { output_flag: false }).Status !== 'Optimal') throw new Error('B8: direct MIP not optimal');
      directMip.push(elapsedMs(t));
    };
    if (k % 2 === 0) await ours().then(bare);
    else await Promise.resolve(bare()).then(ours);
  }
  const posts = mipResult.areas.filter((a) => a.amount >= 4_000_000).length;

  const [mLp, mDirect, mDamp, mMip, mDirectMip] = [lernortLp, directLp, dampLoop, lernortMip, directMip].map(median);
  // medians for the summary; minimums beside them, the least disturbed run of a shared machine
  const min = (xs: number[]) => Math.min(...xs);
  const row = (path: string, xs: number[], peer: number[], l1Cents: number) => ({ path, ms: median(xs), ratio: median(xs) / median(peer), 'min ms': min(xs), 'min ratio': min(xs) / min(peer), 'Σ|A−T| €': l1Cents / 100 });
  const table = [
    row(`Lernort allocate, l1-closest LP (${DOMAINS} pots)`, lernortLp, directLp, l1Lp),
    row('  of which inside HiGHS', solveInLp, directLp, NaN),
    row('HiGHS direct on the same LP texts', directLp, directLp, NaN),
    row('Lernort allocate, iterative damping loop', dampLoop, directLp, l1Damp),
    row(`Lernort allocate, integer units MIP (${AREAS} binaries)`, lernortMip, directMip, l1(mipResult)),
    row('  of which inside HiGHS', solveInMip, directMip, NaN),
    row('HiGHS direct on the same MIP text', directMip, directMip, NaN),
  ];
  printTable(table.map((r) => ({ ...r, ratio: r.ratio.toFixed(3), 'min ratio': r['min ratio'].toFixed(3), 'Σ|A−T| €': Number.isNaN(r['Σ|A−T| €']) ? '—' : fmt(r['Σ|A−T| €'], 2) })),
    `B8 budget (${atBound} of ${AREAS} areas of pot 1 at a bound; sums exact to the cent: ${sumsExact}; MIP funds ${posts} posts)`);
  const lpOk = Math.abs(l1Lp - l1Damp) <= DOMAINS * AREAS; // one cent per area of rounding
  const summary: SummaryRow[] = [
    { benchmark: `B8 budget LP ${AREAS}×${DOMAINS} vs HiGHS direct`, lernort: `${fmt(mLp)} ms`, peer: `HiGHS ${fmt(mDirect)} ms`, ratio: mLp / mDirect, goal: '< 1 s, overhead ≤ 1.2×, = damping L1', met: mLp < 1000 && mLp / mDirect <= 1.2 && lpOk && sumsExact },
    { benchmark: `B8 budget LP vs iterative damping loop`, lernort: `${fmt(mLp)} ms`, peer: `damping ${fmt(mDamp)} ms`, ratio: mLp / mDamp, goal: 'reference (same L1)', met: null },
    { benchmark: `B8 budget MIP ${AREAS} binaries vs HiGHS direct`, lernort: `${fmt(mMip)} ms`, peer: `HiGHS ${fmt(mDirectMip)} ms`, ratio: mMip / mDirectMip, goal: 'overhead ≤ 1.2×', met: mMip / mDirectMip <= 1.2 },
  ];
  const details = { table, runs: { lernortLp, directLp, solveInLp, dampLoop, lernortMip, directMip, solveInMip }, areas: AREAS, domains: DOMAINS, l1Lp, l1Damp, atBound, posts, lpSolvesPerPot: lpTexts.map((t) => t.length), lpTextBytes: lpTexts.flat().reduce((s, t) => s + t.length, 0) };
  writeResult('b8', { summary, details });
  return { summary, details };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runB8();
  printTable(r.summary.map((s) => ({ ...s, ratio: s.ratio.toFixed(3), met: s.met === null ? '—' : s.met ? 'yes' : 'NO' })), 'B8 summary');
}
