// The LPs and the MIP of METHODS.md §7, solved by HiGHS, against brute force on small instances:
// every allocation of whole euros (or whole units) is enumerated and the best one compared.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/core/random.ts';
import { allocate, l1ClosestLp, optimiseCoverage, optimiseL1, optimiseMaximin, optimiseUnits, type AllocationModel, type LpSolver, type OptimiseInput } from '../../../src/core/allocation/index.ts';
import { highsSolver } from '../../../src/modules/budget/solver.ts';

let solver: LpSolver;
beforeAll(async () => {
  solver = await highsSolver();
});

/** Every split of `budget` whole euros over three areas within their bounds (in €). */
function* grid(budgetEur: number, lo: number[], hi: number[]): Generator<number[]> {
  for (let a = lo[0]; a <= Math.min(hi[0], budgetEur); a++) {
    for (let b = lo[1]; b <= Math.min(hi[1], budgetEur - a); b++) {
      const c = budgetEur - a - b;
      if (c >= lo[2] && c <= hi[2]) yield [a, b, c];
    }
  }
}

function randomInstance(seed: number) {
  const rnd = createRandom(seed);
  const budgetEur = 6 + rnd.int(15);
  const lo = [0, 0, 0].map(() => rnd.int(4));
  const hi = lo.map((l) => (rnd.next() < 0.3 ? Infinity : l + 2 + rnd.int(10)));
  const target = [0, 0, 0].map(() => rnd.int(12));
  const cents = (v: number) => v * 100;
  const inp: OptimiseInput = { target: target.map(cents), lo: lo.map(cents), hi: hi.map(cents), budget: cents(budgetEur) };
  const feasible = lo.reduce((s, x) => s + x, 0) <= budgetEur && hi.reduce((s, x) => s + x, 0) >= budgetEur;
  return { budgetEur, lo, hi, target, inp, feasible };
}

const expectFeasible = (x: number[], inp: OptimiseInput) => {
  expect(x.reduce((s, v) => s + v, 0)).toBeCloseTo(inp.budget, 4);
  x.forEach((v, i) => {
    expect(v).toBeGreaterThanOrEqual(inp.lo[i] - 1e-4);
    expect(v).toBeLessThanOrEqual(inp.hi[i] + 1e-4);
  });
};

describe('optimisation against brute force', () => {
  it('l1-closest finds the smallest Σ|x − T| of all whole-euro splits (the LP optimum is integral here)', async () => {
    let solved = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { budgetEur, lo, hi, target, inp, feasible } = randomInstance(seed);
      if (!feasible) {
        await expect(optimiseL1(inp, solver)).rejects.toMatchObject({ code: 'BUDGET_OPTIMISATION_INFEASIBLE' });
        continue;
      }
      let best = Infinity;
      for (const x of grid(budgetEur, lo, hi)) best = Math.min(best, x.reduce((s, v, i) => s + Math.abs(v - target[i]), 0));
      const r = await optimiseL1(inp, solver);
      expect(r.objective).toBeCloseTo(best * 100, 4);
      expectFeasible(r.x, inp);
      solved++;
    }
    expect(solved).toBeGreaterThan(20);
  });

  it('maximin reaches at least the best minimum coverage of any whole-euro split, and its allocation attains it', async () => {
    for (let seed = 100; seed <= 130; seed++) {
      const { budgetEur, lo, hi, inp, feasible } = randomInstance(seed);
      if (!feasible) continue;
      const need = [1 + (seed % 3), 2, 4];
      // need scaled to the budget: t = 1 is the need-proportional split
      const scaled = need.map((v) => (v * budgetEur) / need.reduce((s, x) => s + x, 0));
      let best = 0;
      for (const x of grid(budgetEur, lo, hi)) best = Math.max(best, Math.min(...x.map((v, i) => v / scaled[i])));
      const r = await optimiseMaximin(inp, need.map((v) => v * 100), solver);
      expect(r.objective).toBeGreaterThanOrEqual(best - 1e-7);
      expectFeasible(r.x, inp);
      r.x.forEach((v, i) => expect(v / 100 / scaled[i]).toBeGreaterThanOrEqual(r.objective * (1 - 1e-6) - 1e-9));
    }
  });

  it('max-need-coverage beats or equals every whole-euro split under the per-area minimums', async () => {
    for (let seed = 200; seed <= 230; seed++) {
      const { budgetEur, lo, hi, inp, feasible } = randomInstance(seed);
      const minimum = [1, 0, 2];
      const lo2 = lo.map((l, i) => Math.max(l, minimum[i]));
      if (!feasible || lo2.reduce((s, x) => s + x, 0) > budgetEur || lo2.some((l, i) => l > hi[i])) continue;
      const weight = [3, 1, 2], requirement = [8, 5, 10];
      const coverage = (x: number[]) => x.reduce((s, v, i) => s + weight[i] * Math.min(1, v / requirement[i]), 0) / 6;
      let best = 0;
      for (const x of grid(budgetEur, lo2, hi)) best = Math.max(best, coverage(x));
      const r = await optimiseCoverage(inp, weight, requirement.map((v) => v * 100), minimum.map((v) => v * 100), solver);
      expect(r.objective).toBeGreaterThanOrEqual(best - 1e-7);
      expectFeasible(r.x, inp);
      expect(coverage(r.x.map((v) => v / 100))).toBeCloseTo(r.objective, 6);
      r.x.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(minimum[i] * 100 - 1e-4));
    }
  });

  it('integer units (MIP) find the same optimum as enumerating every unit count', async () => {
    for (let seed = 300; seed <= 320; seed++) {
      const rnd = createRandom(seed);
      const n = 4, unit = 3, maxUnits = 2;
      const target = Array.from({ length: n }, () => rnd.int(8));
      const budgetEur = 6 + rnd.int(12);
      let best = Infinity;
      for (let code = 0; code < 3 ** n; code++) {
        const units = Array.from({ length: n }, (_, i) => Math.floor(code / 3 ** i) % 3);
        if (units.reduce((s, u) => s + u * unit, 0) > budgetEur) continue;
        best = Math.min(best, units.reduce((s, u, i) => s + Math.abs(u * unit - target[i]), 0));
      }
      const inp: OptimiseInput = { target: target.map((t) => t * 100), lo: target.map(() => 0), hi: target.map(() => Infinity), budget: budgetEur * 100 };
      const r = await optimiseUnits(inp, unit * 100, maxUnits, solver);
      expect(r.objective).toBeCloseTo(best * 100, 4);
      expect(r.units.every((u) => Number.isInteger(u) && u >= 0 && u <= maxUnits)).toBe(true);
    }
  });
});

describe('optimisation in the pipeline', () => {
  it('l1-closest under damping confirms the damped formula: as close in L1, ties broken towards it, to the cent', async () => {
    // The damped formula x = clamp(s·T) moves every area in one direction only, so it is also
    // L1-optimal; the second phase picks it among all optimal allocations instead of a vertex
    // that leaves most areas at their target and gives the rest to one of them.
    const base: AllocationModel = {
      name: 't', mode: 'full', optimisation: { kind: 'none' }, rounding: { unit: 0.01 }, lastYear: 'ly', damping: { floor: -0.03, cap: 0.04 },
      formula: { kind: 'share', alpha: 0.1, w: 0.7, population: 'p', need: { kind: 'score', column: 's' } },
    };
    const rnd = createRandom(5);
    const areas = Array.from({ length: 30 }, (_, i) => ({ code: `PR${i}`, values: { p: 500 + rnd.int(5000), s: rnd.next(), ly: 20_000 + rnd.int(200_000) } }));
    const budget = Math.round(areas.reduce((s, a) => s + a.values.ly * 100, 0) * 1.02);
    const damped = await allocate(base, areas, budget);
    const lp = await allocate({ ...base, optimisation: { kind: 'l1-closest' } }, areas, budget, solver);
    const l1 = (r: typeof lp) => r.areas.reduce((s, a) => s + Math.abs(a.amount - a.target), 0);
    expect(lp.areas.reduce((s, a) => s + a.amount, 0)).toBe(budget);
    expect(Math.abs(l1(lp) - l1(damped))).toBeLessThanOrEqual(areas.length);
    lp.areas.forEach((a, i) => {
      expect(Math.abs(a.amount - damped.areas[i].amount)).toBeLessThanOrEqual(1);
      expect(Math.abs(a.optimisation)).toBeLessThanOrEqual(1);
      expect(a.carriedForward + a.base + a.populationPart + a.needPart + a.damping + a.optimisation + a.rounding).toBe(a.amount);
    });
  });

  it('integer units: posts of 50,000 € closest to the targets, the rest spread, summing to the budget', async () => {
    // targets 230,000 € × 12/23, 8/23, 3/23, 0 = 120,000 / 80,000 / 30,000 / 0 €; at most four posts
    // fit (200,000 €). Best Σ|A − T|: 2/2/0/0 → 20k + 20k + 30k = 70k, tied with 2/1/1/0 → 20k + 30k + 20k;
    // 3/1/0/0 → 90k. The 30,000 € that buy no post go pro rata to what is still missing below target.
    const model: AllocationModel = { name: 't', mode: 'full', rounding: { unit: 0.01 }, optimisation: { kind: 'integer-units', unitCost: 50_000 }, formula: { kind: 'share', alpha: 0, w: 1, population: 'p' } };
    const areas = [{ code: 'a', values: { p: 12 } }, { code: 'b', values: { p: 8 } }, { code: 'c', values: { p: 3 } }, { code: 'd', values: { p: 0 } }];
    const r = await allocate(model, areas, 23_000_000, solver);
    expect(r.objective).toBeCloseTo(7_000_000, 2);
    expect(r.areas.reduce((s, a) => s + a.amount, 0)).toBe(23_000_000);
    expect(r.areas[3].amount).toBe(0);
    expect(r.areas.map((a) => a.amount - a.target).reduce((s, d) => s + Math.abs(d), 0)).toBeLessThan(7_000_000);
  });

  it('breaks l1 ties proportionally: 200 € more than the targets 100 / 300 / 0 € go 50 / 150 / 0', async () => {
    // every split of the extra 200 € upwards costs Σ|x − T| = 200; the proportional one is s = 600/400
    const r = await optimiseL1({ target: [10_000, 30_000, 0], lo: [0, 0, 0], hi: [Infinity, Infinity, Infinity], budget: 60_000 }, solver);
    expect(r.objective).toBeCloseTo(20_000, 4);
    expect(r.x.map((v) => Math.round(v))).toEqual([15_000, 45_000, 0]);
  });

  it('breaks maximin ties proportionally: with a capped at 200 €, b and c share 800 € as 300 : 200', async () => {
    // equal need: t·333.33 ≤ x_a ≤ 200 → t = 0.6; b and c need ≥ 200 each and take 800 € in all;
    // nearest the targets 300 / 200 in Σ(x − T)²/T: x − T ∝ T → 480 / 320
    const r = await optimiseMaximin({ target: [50_000, 30_000, 20_000], lo: [0, 0, 0], hi: [20_000, Infinity, Infinity], budget: 100_000 }, [1, 1, 1], solver);
    expect(r.objective).toBeCloseTo(0.6, 9);
    expect(r.x.map((v) => Math.round(v))).toEqual([20_000, 48_000, 32_000]);
  });

  it('writes LP variable names from indices, never from area codes', () => {
    const lp = l1ClosestLp({ target: [100, 200], lo: [0, 0], hi: [Infinity, 500], budget: 300 });
    expect(lp).toMatch(/^Minimize\n obj: d0 \+ d1\nSubject To\n budget: x0 \+ x1 = 3\n/);
    expect(lp).toContain(' 0 <= x1 <= 5');
    expect(lp).toContain(' x0 >= 0');
  });
});
