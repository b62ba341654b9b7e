// Damping against last year (METHODS.md §7): a worked example, the infeasible cases with their
// minimal violated sets, and the invariants as fast-check properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, dampingBounds, largestRemainder, redistribute, type AllocationModel } from '../../../src/core/allocation/index.ts';

// budget 100 € = 10,000 cents; last year 30 / 35 / 35 €; floor −5 %, cap +10 %
// bounds (cents): a [2850, 3300], b [3325, 3850], c [3325, 3850]; targets 5000 / 3000 / 2000
const bounds = (prev: number) => dampingBounds(prev, -0.05, 0.1);
const abc = [
  { code: 'a', target: 5000, ...bounds(3000) },
  { code: 'b', target: 3000, ...bounds(3500) },
  { code: 'c', target: 2000, ...bounds(3500) },
];

describe('damping, by hand', () => {
  it('turns last year and f/c into integer bounds in cents', () => {
    expect(abc.map(({ lo, hi }) => [lo, hi])).toEqual([[2850, 3300], [3325, 3850], [3325, 3850]]);
  });

  it('redistributes pro rata to target among the areas not at a bound until it balances', () => {
    // round 1, s = 1: a is 1700 over its cap, b and c 325 + 1325 = 1650 under their floors; the caps
    //   lose more, so the final s is larger: a is fixed at its cap 3300, 6700 left for b and c
    // round 2, s = 6700/5000 = 1.34: b 4020 is 170 over its cap, c 2680 is 645 under its floor;
    //   now the floors dominate: c is fixed at 3325, 3375 left for b
    // round 3, s = 3375/3000 = 1.125: b = 3375 within [3325, 3850]; done
    // (fixing b at its cap in round 2 too would have spent 10,475 of 10,000)
    const r = redistribute(abc, 10_000);
    expect(r).toEqual({ feasible: true, x: [3300, 3375, 3325], bound: ['cap', null, 'floor'], iterations: 3 });
  });

  it('does not damp a new area without last year', () => {
    const r = redistribute([{ code: 'new', target: 4000, ...dampingBounds(null, -0.05, 0.05) }, { code: 'old', target: 6000, ...dampingBounds(6000, -0.05, 0.05) }], 10_000);
    expect(r.feasible && r.x).toEqual([4000, 6000]);
  });

  it('reports floors above the budget with the smallest set of floors that alone exceed it', () => {
    // last year 80 / 15 / 15 € → floors 7600 / 1425 / 1425 = 10,450 cents; budget 9000: gap 1450;
    // a alone (7600) fits, a + b (9025) does not: at least one of a, b must be lowered
    const r = redistribute([{ code: 'a', target: 3000, ...bounds(8000) }, { code: 'c', target: 3000, ...bounds(1500) }, { code: 'b', target: 3000, ...bounds(1500) }], 9000);
    expect(r).toEqual({ feasible: false, issue: 'FLOORS_EXCEED_BUDGET', gap: 1450, minimalSet: ['a', 'b'] });
  });

  it('reports caps below the budget with every capped area, since raising any one cap would do', () => {
    const r = redistribute(['x', 'y', 'z'].map((code) => ({ code, target: 3333, ...bounds(3000) })), 10_000);
    expect(r).toEqual({ feasible: false, issue: 'CAPS_BELOW_BUDGET', gap: 100, minimalSet: ['x', 'y', 'z'] });
  });

  it('never breaks a bound silently: the pipeline throws with the set in German and English', async () => {
    const model: AllocationModel = {
      name: 't', mode: 'full', optimisation: { kind: 'none' }, rounding: { unit: 0.01 }, lastYear: 'ly', damping: { floor: -0.05, cap: 0.1 },
      formula: { kind: 'share', alpha: 0, w: 1, population: 'p' },
    };
    const areas = [{ code: 'a', values: { p: 1, ly: 80 } }, { code: 'b', values: { p: 1, ly: 15 } }, { code: 'c', values: { p: 1, ly: 15 } }];
    await expect(allocate(model, areas, 9000)).rejects.toMatchObject({ code: 'BUDGET_FLOORS_EXCEED_BUDGET', de: expect.stringContaining('a, b'), en: expect.stringContaining('at least one of them must be lowered') });
  });
});

describe('damping overrides', () => {
  const model: AllocationModel = {
    name: 'o', mode: 'full', optimisation: { kind: 'none' }, rounding: { unit: 0.01 }, lastYear: 'ly', damping: { floor: -0.05, cap: 0.05, overrides: { b: { cap: 0.5 } } },
    formula: { kind: 'share', alpha: 0, w: 1, population: 'p' },
  };
  const areas = [{ code: 'a', values: { p: 1, ly: 100 } }, { code: 'b', values: { p: 3, ly: 100 } }];

  it('lets one area grow further than the others', async () => {
    // 220 € by population is 55 / 165 €: a's target is below its floor of 95 €, so a is held there and
    // b takes the rest, 125 €, within its own cap of 150 € (the common cap of 105 € would have failed)
    const r = await allocate(model, areas, 22_000);
    expect(r.areas.map((x) => [x.amount, x.bound])).toEqual([[9_500, 'floor'], [12_500, null]]);
  });

  it('refuses an override whose floor lies above the cap, and one for an unknown area', async () => {
    await expect(allocate({ ...model, damping: { floor: -0.05, cap: 0.05, overrides: { a: { floor: 0.1 } } } }, areas, 20_000)).rejects.toMatchObject({ code: 'BUDGET_MODEL_INVALID', location: { field: 'damping.overrides.a' } });
    await expect(allocate({ ...model, damping: { floor: -0.05, cap: 0.05, overrides: { zz: { cap: 1 } } } }, areas, 20_000)).rejects.toMatchObject({ code: 'BUDGET_MODEL_INVALID', location: { field: 'damping.overrides.zz' } });
  });
});

const instance = fc.record({
  areas: fc.array(fc.record({ population: fc.integer({ min: 0, max: 50_000 }), previous: fc.option(fc.integer({ min: 100, max: 5_000_000 }), { nil: null }) }), { minLength: 1, maxLength: 15 }),
  floor: fc.double({ min: -0.3, max: 0, noNaN: true }),
  cap: fc.double({ min: 0, max: 0.3, noNaN: true }),
  growth: fc.double({ min: 0.8, max: 1.2, noNaN: true }),
});

describe('damping invariants (property tests)', () => {
  it('sums to the budget to the cent, holds every bound, and keeps the formula proportions off the bounds', async () => {
    await fc.assert(fc.asyncProperty(instance, async ({ areas, floor, cap, growth }) => {
      fc.pre(areas.some((a) => a.population > 0));
      const lastTotal = areas.reduce((s, a) => s + (a.previous ?? 0), 0);
      const budget = Math.max(1, Math.round((lastTotal || 1_000_000) * growth));
      const model: AllocationModel = {
        name: 'p', mode: 'full', optimisation: { kind: 'none' }, rounding: { unit: 0.01 }, lastYear: 'ly', damping: { floor, cap },
        formula: { kind: 'share', alpha: 0.1, w: 1, population: 'p' },
      };
      const input = areas.map((a, i) => ({ code: `A${String(i).padStart(2, '0')}`, values: { p: a.population, ly: a.previous === null ? null : a.previous / 100 } }));
      const b = areas.map((a) => dampingBounds(a.previous, floor, cap));
      const sumLo = b.reduce((s, x) => s + x.lo, 0), sumHi = b.reduce((s, x) => s + x.hi, 0);
      if (sumLo > budget || sumHi < budget) {
        await expect(allocate(model, input, budget)).rejects.toMatchObject({ code: sumLo > budget ? 'BUDGET_FLOORS_EXCEED_BUDGET' : 'BUDGET_CAPS_BELOW_BUDGET' });
        return;
      }
      const r = await allocate(model, input, budget);
      expect(r.areas.reduce((s, a) => s + a.amount, 0)).toBe(budget);
      r.areas.forEach((a, i) => {
        expect(a.amount).toBeGreaterThanOrEqual(b[i].lo);
        expect(a.amount).toBeLessThanOrEqual(b[i].hi);
        expect(a.carriedForward + a.base + a.populationPart + a.needPart + a.damping + a.optimisation + a.rounding).toBe(a.amount);
      });
      // off the bounds every area gets s·T_i with one s: equal ratios up to one cent of rounding
      const free = r.areas.filter((a) => a.bound === null && a.target > 0);
      if (free.length >= 2) {
        const s = free.reduce((t, a) => t + a.amount, 0) / free.reduce((t, a) => t + a.target, 0);
        for (const a of free) expect(Math.abs(a.amount - s * a.target)).toBeLessThanOrEqual(1 + 1e-6 * a.amount);
      }
    }), { seed: 42, numRuns: 300 });
  });

  it('reports an irreducible set of floors: together above the budget, without any one of them not', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 50_000 }), (floors, budget) => {
      const areas = floors.map((lo, i) => ({ code: `A${i}`, target: budget / floors.length, lo, hi: Infinity }));
      const r = redistribute(areas, budget);
      const sum = floors.reduce((s, x) => s + x, 0);
      if (sum <= budget) {
        expect(r.feasible).toBe(true);
        return;
      }
      expect(r.feasible).toBe(false);
      if (r.feasible) return;
      const lo = (c: string) => areas.find((a) => a.code === c)!.lo;
      const setSum = r.minimalSet.reduce((s, c) => s + lo(c), 0);
      expect(setSum).toBeGreaterThan(budget);
      // no smaller set does it: the set is the largest floors, and without its smallest member it fits
      expect(setSum - Math.min(...r.minimalSet.map(lo))).toBeLessThanOrEqual(budget);
    }), { seed: 7, numRuns: 300 });
  });
});

describe('largest-remainder rounding', () => {
  it('gives the missing cents to the largest remainders, ties by code', () => {
    // 100,000,001 cents in three equal parts: 33,333,333.67 each; two cents missing; all remainders
    // equal, so a and b (first by code) get them, whatever the input order
    const third = 100_000_001 / 3;
    expect(largestRemainder([{ code: 'c', value: third }, { code: 'a', value: third }, { code: 'b', value: third }], 100_000_001)).toEqual([33_333_333, 33_333_334, 33_333_334]);
  });

  it('rounds to a unit of 100 € and puts the rest below one unit on the area furthest below its amount', () => {
    // 10,150.50 € over 1,234.56 / 4,567.89 / 4,348.05 € in units of 100 € (10,000 cents)
    const r = largestRemainder([{ code: 'a', value: 123_456 }, { code: 'b', value: 456_789 }, { code: 'c', value: 434_805 }], 1_015_050, 10_000);
    // down: 120,000 / 450,000 / 430,000 = 1,000,000; one unit (remainders .3456, .6789, .4805) → b;
    // the 5,050 cents rest below a unit go to c, now 4,805 below its amount (b is 3,211 above)
    expect(r).toEqual([120_000, 460_000, 435_050]);
    expect(r.reduce((s, x) => s + x, 0)).toBe(1_015_050);
  });

  it('skips an area a further cent would push over its cap', () => {
    expect(largestRemainder([{ code: 'a', value: 10.9, hi: 10 }, { code: 'b', value: 9.1 }], 20)).toEqual([10, 10]);
  });
});
